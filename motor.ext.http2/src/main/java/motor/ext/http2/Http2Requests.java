package motor.ext.http2;

import motor.spi.Request;

/** What a handler may want to know about a request that came over HTTP/2. */
public final class Http2Requests {

    /** The value of {@link Request#protocol()} for a request that came over HTTP/2. */
    public static final String PROTOCOL = "HTTP/2.0";

    private Http2Requests() {
    }

    /**
     * Tells whether a request came over HTTP/2 (on TLS with ALPN {@code h2}, in cleartext with prior
     * knowledge, or after an {@code Upgrade: h2c}).
     *
     * @param request the request
     * @return whether its protocol is HTTP/2
     */
    public static boolean isHttp2(Request request) {
        return PROTOCOL.equals(request.protocol());
    }
}
