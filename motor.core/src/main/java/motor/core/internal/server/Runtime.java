package motor.core.internal.server;

import java.util.concurrent.atomic.AtomicLong;
import motor.core.internal.event.LocalEventBus;
import motor.core.internal.extension.Composition;
import motor.spi.event.ConnectionClosed;
import motor.spi.event.ConnectionOpened;
import motor.spi.event.RequestStarted;
import motor.spi.event.ResponseCompleted;
import motor.spi.event.Topic;

/**
 * What every connection of a running server shares: settings, the current composition of extensions
 * (with the application, protocols and transport wrappers), the event topics it publishes on, and the
 * shutdown state.
 */
final class Runtime {

    final Settings settings;
    final Clock clock;
    final ConnectionRegistry connections;

    final Topic<ConnectionOpened> connectionOpened;
    final Topic<ConnectionClosed> connectionClosed;
    final Topic<RequestStarted> requestStarted;
    final Topic<ResponseCompleted> responseCompleted;

    private final AtomicLong connectionIds = new AtomicLong();
    private volatile boolean draining;
    private volatile Composition composition;

    Runtime(Settings settings, Composition composition, LocalEventBus events, Clock clock) {
        this.settings = settings;
        this.composition = composition;
        this.clock = clock;
        this.connections = new ConnectionRegistry();
        this.connectionOpened = events.topic(ConnectionOpened.class);
        this.connectionClosed = events.topic(ConnectionClosed.class);
        this.requestStarted = events.topic(RequestStarted.class);
        this.responseCompleted = events.topic(ResponseCompleted.class);
    }

    /** {@return the composition new requests and connections use} */
    Composition composition() {
        return composition;
    }

    /** Makes {@code next} the composition for new requests; returns the previous one. */
    Composition swap(Composition next) {
        Composition previous = composition;
        composition = next;
        return previous;
    }

    long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    boolean draining() {
        return draining;
    }

    void startDraining() {
        draining = true;
    }
}
