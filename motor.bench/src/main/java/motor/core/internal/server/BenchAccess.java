package motor.core.internal.server;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;
import java.util.List;
import motor.core.Server;
import motor.core.internal.event.LocalEventBus;
import motor.core.internal.extension.Composition;
import motor.core.internal.extension.Registry;
import motor.core.internal.routing.Router;
import motor.core.internal.server.Http1Connection.Framing;
import motor.spi.Headers;

/**
 * The microbenchmarks' way into the connection code, which is package-private in motor.core. This class
 * lives in motor.bench but in motor.core's package: the benchmarks run on the class path, where a
 * package may span two jars of one class loader, so it compiles and links against the package-private
 * constructors and methods directly (a change to them breaks this build, not a benchmark run).
 *
 * <p>Connections are built on a {@link SocketChannel} that the caller supplies; the benchmarks pass one
 * that serves requests from memory and swallows the responses, so that everything from
 * {@code SocketTransport} up runs as in the server, minus the system calls.
 */
public final class BenchAccess {

    private final Runtime runtime;

    /**
     * A runtime with Motor's default settings and no extension: the router is the whole application
     * (no middleware, protocols or transport wrappers), as in a server whose routes were added in code.
     *
     * @param router the routes
     * @param events the event bus whose topics the connections publish to
     */
    public BenchAccess(Router router, LocalEventBus events) {
        Composition composition = Composition.of(List.of(), new Registry(events, router));
        this.runtime = new Runtime(defaultSettings(), composition, events, Clock.SYSTEM);
    }

    /** {@return the settings a {@link Server.Builder} with nothing set would use} */
    static Settings defaultSettings() {
        try {
            Method settings = Server.Builder.class.getDeclaredMethod("settings");
            settings.setAccessible(true);
            return (Settings) settings.invoke(Server.builder());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read Motor's default settings: " + e, e);
        }
    }

    /**
     * Serves one connection on the calling thread, from its first read to end of stream, as the
     * connection's virtual thread would.
     *
     * @param channel where requests come from and responses go
     */
    public void serve(SocketChannel channel) throws IOException {
        // no event loop: the in-memory channel always has bytes or its end, so reads never wait
        new Http1Connection(runtime, channel, "http", () -> { }, null).run();
    }

    /**
     * {@return a connection to write response heads with}
     *
     * @param channel where the heads go
     */
    public HeadWriter headWriter(SocketChannel channel) throws IOException {
        return new HeadWriter(new Http1Connection(runtime, channel, "http", () -> { }, null));
    }

    /** Writes response heads through a connection's output buffer, as a committing response does. */
    public static final class HeadWriter {
        private final Http1Connection connection;

        HeadWriter(Http1Connection connection) {
            this.connection = connection;
        }

        /**
         * Encodes a head with {@code Content-Length} framing and sends it to the channel.
         *
         * @param status    the status
         * @param headers   the handler's headers
         * @param length    the body length
         * @param keepAlive whether the connection stays open
         */
        public void write(int status, Headers headers, long length, boolean keepAlive) throws IOException {
            connection.writeHead(status, headers, length, Framing.LENGTH, keepAlive, null);
            connection.flush();
        }
    }
}
