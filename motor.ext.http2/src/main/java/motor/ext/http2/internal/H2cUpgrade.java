package motor.ext.http2.internal;

import java.util.Base64;
import java.util.Map;
import motor.ext.http2.internal.frame.Frame;
import motor.ext.http2.internal.frame.Http2;
import motor.ext.http2.internal.frame.Http2Exception;
import motor.ext.http2.internal.frame.Settings;
import motor.spi.Handler;
import motor.spi.Headers;
import motor.spi.Middleware;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Status;

/**
 * The HTTP/1.1 upgrade to cleartext HTTP/2 (RFC 7540 section 3.2; dropped from RFC 9113, but the JDK's
 * HttpClient still uses it for {@code http://} URIs). A request with {@code Upgrade: h2c}, one valid
 * {@code HTTP2-Settings} and both named in {@code Connection} gets {@code 101 Switching Protocols}; the
 * connection goes on as HTTP/2 and the request itself is answered there as stream 1. Anything else about
 * the request (TLS, where ALPN is the way; a body of unknown or large size; settings that do not decode)
 * makes the middleware step aside and HTTP/1.1 answers, as the RFC allows.
 */
final class H2cUpgrade implements Middleware {

    /** The largest request body read into memory to be handed to stream 1. */
    static final long MAX_BODY = 64 * 1024;

    private final Http2Server server;

    H2cUpgrade(Http2Server server) {
        this.server = server;
    }

    @Override
    public void handle(Request request, Response response, Handler next) throws Exception {
        Map<Integer, Long> settings = upgradeSettings(request);
        if (settings == null) {
            next.handle(request, response);
            return;
        }
        byte[] body = request.contentLength() > 0 ? request.body().readAllBytes() : new byte[0];
        RequestHeaders.Head head = head(request, body.length);
        response.status(Status.SWITCHING_PROTOCOLS);
        response.headers().set("Connection", "Upgrade");
        response.headers().set("Upgrade", "h2c");
        Http2Connection.Upgraded upgraded = new Http2Connection.Upgraded(head, body, settings);
        response.upgrade(connection -> new Http2Connection(server, connection, upgraded).serve());
    }

    /**
     * {@return the client's settings if the request asks for h2c correctly and may have it, else null}
     */
    static Map<Integer, Long> upgradeSettings(Request request) {
        Headers headers = request.headers();
        if (!headers.containsToken("Upgrade", "h2c") || !"HTTP/1.1".equals(request.protocol())
                || "https".equals(request.scheme())) {
            return null;
        }
        if (!headers.containsToken("Connection", "Upgrade") || !headers.containsToken("Connection", "HTTP2-Settings")
                || headers.count("HTTP2-Settings") != 1) {
            return null;
        }
        long length = request.contentLength();
        if (length < 0 || length > MAX_BODY || length > request.bodyLimit()) {
            return null;
        }
        return decodeSettings(headers.first("HTTP2-Settings"));
    }

    /** Decodes {@code token68} (base64url, padding optional) into settings; null if invalid. */
    static Map<Integer, Long> decodeSettings(String value) {
        byte[] payload;
        try {
            String trimmed = value.strip();
            while (trimmed.endsWith("=")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            payload = Base64.getUrlDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (payload.length % 6 != 0) {
            return null;
        }
        try {
            return Settings.parseSettings(new Frame(Http2.SETTINGS, 0, 0, payload, 0, payload.length, payload.length, -1));
        } catch (Http2Exception e) {
            return null;
        }
    }

    /** The HTTP/1.1 request as the head of stream 1, without the fields that only meant something there. */
    private static RequestHeaders.Head head(Request request, int bodyLength) {
        Headers fields = new Headers(Math.max(1, request.headers().size()));
        for (int i = 0, n = request.headers().size(); i < n; i++) {
            String name = request.headers().name(i);
            switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "connection", "upgrade", "http2-settings", "keep-alive", "proxy-connection",
                     "transfer-encoding", "te" -> {
                    continue;
                }
                default -> fields.add(name, request.headers().value(i));
            }
        }
        String target = request.target();
        String query = request.rawQuery();
        return new RequestHeaders.Head(request.method(), target, request.path(), query, request.authority(), fields,
                request.contentLength() >= 0 ? bodyLength : -1);
    }
}
