package motor.spi.event;

import java.net.SocketAddress;
import java.util.List;

/**
 * The server accepts connections.
 *
 * @param addresses       the bound addresses of its listeners
 * @param startupMillis   milliseconds the server took to start: installing extensions, binding listeners
 */
public record ServerStarted(List<SocketAddress> addresses, long startupMillis) {
    /** Copies the address list. */
    public ServerStarted {
        addresses = List.copyOf(addresses);
    }
}
