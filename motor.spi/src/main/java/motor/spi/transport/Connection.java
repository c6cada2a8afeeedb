package motor.spi.transport;

import java.time.Duration;
import motor.spi.Handler;

/**
 * A connection handed over to a protocol other than HTTP/1.1: to a {@link ProtocolHandler} that claimed
 * it, or to an {@link Upgrade} after a 101 response.
 */
public interface Connection {

    /** {@return the server-wide id of the connection, as in the connection events} */
    long id();

    /**
     * {@return the name of the listener that accepted the connection, for {@link motor.spi.Request#listener()}
     * of the requests a protocol serves on it; {@code null} when unknown}
     */
    default String listener() {
        return null;
    }

    /**
     * {@return the transport; bytes the server read ahead but did not consume come first}
     */
    Transport transport();

    /**
     * {@return the application as one handler: the middleware chain followed by the router, for protocols
     * such as HTTP/2 that carry HTTP exchanges}
     */
    Handler application();

    /**
     * Sets how long a read may wait for data before the server ends the connection; zero for no limit.
     * Applies from the next read on.
     *
     * @param timeout the idle timeout
     */
    void idleTimeout(Duration timeout);

    /** {@return whether the server is shutting down and the protocol should finish and close} */
    boolean draining();

    /**
     * Registers an action to run (on another thread) when the server begins a graceful shutdown, so that
     * the protocol can tell its peer (HTTP/2 GOAWAY, a WebSocket close frame). Runs at once if the
     * server is already draining. After the grace period the server closes the transport.
     *
     * @param action what to do
     */
    void onDrain(Runnable action);
}
