package motor.ext.metrics.internal;

import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import motor.spi.transport.Transport;
import motor.spi.transport.TransportWrapper;

/**
 * Learns which listener a local address belongs to. The SPI tells a transport wrapper the name of the
 * listener that accepted each connection, but tells a request only its local address; this wrapper,
 * which changes nothing, records address to name as connections arrive, so that the metrics route can
 * tell whether a request came in on the configured listener.
 *
 * <p>Listeners bind distinct ports (or socket files), so an address maps to one name. The map holds one
 * entry per local address connections arrived on: a few per listener (one per interface of a wildcard
 * bind); it is capped all the same.
 */
final class ListenerNames implements TransportWrapper {

    private static final int MAX = 4096;

    private final Map<SocketAddress, String> names = new ConcurrentHashMap<>();

    @Override
    public Transport wrap(Transport transport, String listener) {
        SocketAddress local = transport.localAddress();
        if (local != null && listener != null && names.size() < MAX) {
            names.putIfAbsent(local, listener);
        }
        return transport;
    }

    /** {@return the name of the listener that owns {@code local}, or {@code null} if unknown} */
    String listenerOf(SocketAddress local) {
        return local == null ? null : names.get(local);
    }
}
