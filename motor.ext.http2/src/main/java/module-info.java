/**
 * HTTP/2 for Motor (RFC 9113): ALPN {@code h2} on TLS, cleartext prior knowledge and the
 * {@code Upgrade: h2c} switch, with HPACK (RFC 7541) and flow control; see docs/http2.md. The module
 * exports no API: handlers see ordinary requests and responses.
 */
module motor.ext.http2 {
    requires transitive motor.spi;

    exports motor.ext.http2;

    provides motor.spi.extension.Extension with motor.ext.http2.internal.Http2Extension;
}
