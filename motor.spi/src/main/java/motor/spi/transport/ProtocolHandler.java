package motor.spi.transport;

import java.util.Set;

/**
 * A protocol that takes over whole connections instead of HTTP/1.1: chosen by ALPN on a TLS connection,
 * or by the first bytes the client sends ("prior knowledge", as the HTTP/2 connection preface).
 * Protocols reached through an {@code Upgrade} header use {@link motor.spi.Response#upgrade} instead.
 *
 * <p>The server asks each registered handler in extension order: first whether the negotiated ALPN id
 * is one of {@link #applicationProtocols()}, then, with the first bytes of a connection, whether
 * {@link #detect} recognises them. The first handler that claims the connection serves it.
 */
public interface ProtocolHandler {

    /** What {@link #detect} concluded from the bytes seen so far. */
    enum Detection {
        /** The bytes start this protocol: hand the connection over. */
        SUPPORTED,
        /** The bytes are not this protocol. */
        UNSUPPORTED,
        /** Too few bytes to tell; ask again with more. */
        NEED_MORE
    }

    /** {@return a short name for logs, such as {@code h2}} */
    String name();

    /** {@return the ALPN protocol ids this handler serves; empty for none} */
    default Set<String> applicationProtocols() {
        return Set.of();
    }

    /**
     * Looks at the first bytes of a cleartext connection. The server reads at most 64 bytes for
     * detection, so a handler must decide within that.
     *
     * @param prefix the bytes received so far
     * @param length how many of them are valid
     * @return the conclusion
     */
    default Detection detect(byte[] prefix, int length) {
        return Detection.UNSUPPORTED;
    }

    /**
     * Serves a connection until it ends. Runs on the connection's virtual thread; the server closes the
     * connection when this returns or throws.
     *
     * @param connection the connection, with the bytes seen during detection still to be read
     * @throws Exception if the protocol fails; logged, then the connection is closed
     */
    void serve(Connection connection) throws Exception;
}
