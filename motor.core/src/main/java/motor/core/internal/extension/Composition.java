package motor.core.internal.extension;

import java.util.List;
import motor.spi.Handler;
import motor.spi.transport.ProtocolHandler;
import motor.spi.transport.TransportWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One installed set of extensions with everything they registered: the routes, the middleware chain
 * composed into one handler, protocols, transport wrappers, codings, services, event subscriptions and
 * things to close. A server runs one composition at a time; a plugin reload builds a new one next to the
 * old, switches to it, and closes the old one once no request uses it.
 *
 * @param extensions  the installed extensions, in install order, with their layers and jars
 * @param registry    what they registered
 * @param application the middleware chain and router as one handler
 * @param protocols   the protocols that may take over connections, in registration order
 * @param wrappers    the transport wrappers, in registration order
 */
public record Composition(List<Plugins.Found> extensions, Registry registry, Handler application,
                          List<ProtocolHandler> protocols, List<TransportWrapper> wrappers) {

    /**
     * Composes what a registry holds.
     *
     * @param extensions the installed extensions
     * @param registry   what they registered
     * @return the composition
     */
    public static Composition of(List<Plugins.Found> extensions, Registry registry) {
        return new Composition(List.copyOf(extensions), registry, registry.application(), registry.protocols(),
                registry.wrappers());
    }

    private static final Logger LOG = LoggerFactory.getLogger(Composition.class);

    /** Unsubscribes every listener and closes what the extensions registered to close, last first. */
    public void close() {
        for (AutoCloseable closeable : registry.closeables()) {
            try {
                closeable.close();
            } catch (Exception | LinkageError e) {
                LOG.warn("closing {} failed", closeable, e);
            }
        }
    }
}
