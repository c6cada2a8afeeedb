package motor.spi.event;

import java.net.SocketAddress;

/**
 * A connection was accepted.
 *
 * @param connectionId the server-wide id of the connection
 * @param remote       the client's address
 * @param local        the local address
 */
public record ConnectionOpened(long connectionId, SocketAddress remote, SocketAddress local) {
}
