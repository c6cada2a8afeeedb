/**
 * The showcase: an extension that serves a handful of routes exercising the core (plain text, JSON,
 * echoing bodies, streaming, slow responses, a health check). It depends on {@code motor.spi} only, as
 * every extension should, and ships as a plugin of the distribution.
 */
module motor.example.showcase {
    requires motor.spi;
    requires com.fasterxml.jackson.databind;

    opens motor.example.showcase.internal to com.fasterxml.jackson.databind;

    provides motor.spi.extension.Extension with motor.example.showcase.internal.ShowcaseExtension;
}
