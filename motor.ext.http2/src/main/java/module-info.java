/**
 * HTTP/2 for Motor (RFC 9113): ALPN {@code h2} on TLS, cleartext prior knowledge and the
 * {@code Upgrade: h2c} switch, with HPACK (RFC 7541) and flow control; see docs/http2.md. Handlers see
 * ordinary requests and responses; the exported package only tells them apart
 * ({@link motor.ext.http2.Http2Requests}).
 */
module motor.ext.http2 {
    requires transitive motor.spi;

    exports motor.ext.http2;

    provides motor.spi.extension.Extension with motor.ext.http2.internal.Http2Extension;
}
