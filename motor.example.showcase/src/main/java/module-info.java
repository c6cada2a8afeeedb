/**
 * The showcase: an extension that serves a handful of routes exercising the core (plain text, JSON,
 * echoing bodies, streaming, slow responses, a health check) and the everyday extensions (compression,
 * cookies and sessions, JSON, forms and uploads, authentication, security), and static files, the response
 * cache, server-sent events and WebSocket. It depends on
 * {@code motor.spi} and the extensions' APIs, never on {@code motor.core}, and ships as a plugin of the
 * distribution.
 */
module motor.example.showcase {
    requires motor.spi;
    requires com.fasterxml.jackson.databind;
    requires motor.ext.auth;
    requires motor.ext.cookies;
    requires motor.ext.json;
    requires motor.ext.multipart;
    requires motor.ext.security;
    requires motor.ext.sse;
    requires motor.ext.staticfiles;
    requires motor.ext.websocket;

    opens motor.example.showcase.internal to com.fasterxml.jackson.databind;

    provides motor.spi.extension.Extension with motor.example.showcase.internal.ShowcaseExtension;
}
