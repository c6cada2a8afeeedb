package motor.ext.http2.internal;

import java.util.Set;
import motor.ext.http2.internal.frame.Http2;
import motor.spi.transport.Connection;
import motor.spi.transport.ProtocolHandler;

/**
 * Claims connections for HTTP/2: by ALPN {@code h2} on TLS, and, when {@code cleartext} is on, by the
 * client connection preface (RFC 9113 3.3, "prior knowledge").
 */
final class Http2Protocol implements ProtocolHandler {

    private final Http2Server server;

    Http2Protocol(Http2Server server) {
        this.server = server;
    }

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public Set<String> applicationProtocols() {
        return Set.of("h2");
    }

    @Override
    public Detection detect(byte[] prefix, int length) {
        if (!server.config.cleartext()) {
            return Detection.UNSUPPORTED;
        }
        return detect(prefix, length, Http2.prefaceLength());
    }

    /** Whether {@code prefix} starts the preface: supported once all of it is there. */
    static Detection detect(byte[] prefix, int length, int prefaceLength) {
        int n = Math.min(length, prefaceLength);
        for (int i = 0; i < n; i++) {
            if (!Http2.prefaceByte(i, prefix[i])) {
                return Detection.UNSUPPORTED;
            }
        }
        return length >= prefaceLength ? Detection.SUPPORTED : Detection.NEED_MORE;
    }

    @Override
    public void serve(Connection connection) {
        new Http2Connection(server, connection, null).serve();
    }
}
