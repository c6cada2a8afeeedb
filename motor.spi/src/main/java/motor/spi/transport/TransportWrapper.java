package motor.spi.transport;

import java.io.IOException;

/**
 * Wraps each accepted connection before any HTTP is read, as TLS does. Wrappers registered by
 * extensions are applied in extension order, each to the result of the one before.
 */
@FunctionalInterface
public interface TransportWrapper {

    /**
     * Wraps a new connection. Runs on the connection's virtual thread and may block (for a handshake,
     * say); the server's header timeout bounds it. Returning {@code transport} unchanged leaves the
     * connection as it is.
     *
     * @param transport the connection so far
     * @param listener  the name of the listener that accepted it
     * @return the transport to use from now on
     * @throws IOException if the connection must be dropped (a failed handshake, say)
     */
    Transport wrap(Transport transport, String listener) throws IOException;
}
