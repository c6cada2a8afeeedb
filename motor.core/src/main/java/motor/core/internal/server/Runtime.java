package motor.core.internal.server;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import motor.core.internal.event.LocalEventBus;
import motor.spi.Handler;
import motor.spi.event.ConnectionClosed;
import motor.spi.event.ConnectionOpened;
import motor.spi.event.RequestStarted;
import motor.spi.event.ResponseCompleted;
import motor.spi.event.Topic;
import motor.spi.transport.ProtocolHandler;
import motor.spi.transport.TransportWrapper;

/**
 * What every connection of a running server shares: settings, the composed application, the protocol
 * and transport hooks, the event topics it publishes on, and the shutdown state.
 */
final class Runtime {

    final Settings settings;
    final Handler application;
    final List<ProtocolHandler> protocols;
    final List<TransportWrapper> wrappers;
    final Clock clock;
    final ConnectionRegistry connections;

    final Topic<ConnectionOpened> connectionOpened;
    final Topic<ConnectionClosed> connectionClosed;
    final Topic<RequestStarted> requestStarted;
    final Topic<ResponseCompleted> responseCompleted;

    private final AtomicLong connectionIds = new AtomicLong();
    private volatile boolean draining;

    Runtime(Settings settings, Handler application, List<ProtocolHandler> protocols,
            List<TransportWrapper> wrappers, LocalEventBus events, Clock clock) {
        this.settings = settings;
        this.application = application;
        this.protocols = List.copyOf(protocols);
        this.wrappers = List.copyOf(wrappers);
        this.clock = clock;
        this.connections = new ConnectionRegistry();
        this.connectionOpened = events.topic(ConnectionOpened.class);
        this.connectionClosed = events.topic(ConnectionClosed.class);
        this.requestStarted = events.topic(RequestStarted.class);
        this.responseCompleted = events.topic(ResponseCompleted.class);
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
