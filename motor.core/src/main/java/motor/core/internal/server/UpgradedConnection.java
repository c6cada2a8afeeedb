package motor.core.internal.server;

import java.time.Duration;
import motor.spi.Handler;
import motor.spi.transport.Connection;
import motor.spi.transport.Transport;

/** The view of a connection that another protocol gets after an upgrade or protocol detection. */
final class UpgradedConnection implements Connection {

    private final Http1Connection connection;
    private final Transport transport;
    private final Handler application;

    UpgradedConnection(Http1Connection connection, Transport transport, Handler application) {
        this.connection = connection;
        this.transport = transport;
        this.application = application;
    }

    @Override
    public long id() {
        return connection.id();
    }

    @Override
    public String listener() {
        return connection.listener();
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public Handler application() {
        return application;
    }

    @Override
    public void idleTimeout(Duration timeout) {
        connection.watch().upgradeIdleNanos = timeout.isNegative() ? 0 : timeout.toNanos();
    }

    @Override
    public boolean draining() {
        return connection.runtime().draining();
    }

    @Override
    public void onDrain(Runnable action) {
        connection.addDrainAction(action);
    }
}
