package motor.core.internal.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import motor.core.internal.event.LocalEventBus;
import motor.core.internal.extension.Composition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running network side of a server: its listeners, their accept loops, the connections and the
 * sweeper, and the graceful shutdown of all of it.
 *
 * <p>Each listener has an accept loop on its own platform thread; each accepted connection gets a new
 * virtual thread. A semaphore holds the connection limit: by default the accept loop waits for a free
 * permit, so that excess connections queue in the kernel's backlog; with {@code rejectOverLimit} it
 * accepts them and answers 503 at once.
 */
public final class Engine {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final byte[] OVERLOADED = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; "
            + "charset=utf-8\r\nContent-Length: 37\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
            + "503 Service Unavailable: overloaded\r\n").getBytes(StandardCharsets.US_ASCII);

    /**
     * Where to listen.
     *
     * @param name    a name for logs and for transport wrappers
     * @param address an {@link InetSocketAddress} (port 0 for any) or a {@link UnixDomainSocketAddress}
     */
    public record Listener(String name, SocketAddress address) {
    }

    private final Runtime rt;
    private final List<Listener> listeners;
    private final List<ServerSocketChannel> channels = new ArrayList<>();
    private final List<SocketAddress> bound = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private final Semaphore permits;
    private final ThreadFactory connectionThreads = Thread.ofVirtual().name("motor-connection").factory();
    private final Sweeper sweeper;
    private final EventLoop loop;
    private Thread sweeperThread;

    /**
     * Prepares an engine; nothing is bound until {@link #start()}.
     *
     * @param settings    limits and timeouts
     * @param composition the installed extensions and what they registered
     * @param events      the event bus
     * @param listeners   where to listen
     */
    public Engine(Settings settings, Composition composition, LocalEventBus events, List<Listener> listeners) {
        this.rt = new Runtime(settings, composition, events, Clock.SYSTEM);
        this.listeners = List.copyOf(listeners);
        this.permits = new Semaphore(settings.maxConnections());
        this.sweeper = new Sweeper(rt.connections, settings, Clock.SYSTEM);
        try {
            this.loop = new EventLoop();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open a selector", e);
        }
    }

    /**
     * Binds every listener and starts accepting. On failure, whatever was bound is closed again.
     *
     * @throws IOException if a listener cannot bind; the message names the address
     */
    public void start() throws IOException {
        try {
            for (Listener listener : listeners) {
                ServerSocketChannel channel = bind(listener);
                channels.add(channel);
                bound.add(channel.getLocalAddress());
            }
        } catch (IOException e) {
            closeListeners();
            throw e;
        }
        loop.start();
        sweeperThread = Thread.ofPlatform().daemon().name("motor-sweeper").start(sweeper);
        for (int i = 0; i < channels.size(); i++) {
            ServerSocketChannel channel = channels.get(i);
            String name = listeners.get(i).name();
            acceptors.add(Thread.ofPlatform().name("motor-accept-" + name).start(() -> accept(channel, name)));
        }
    }

    private ServerSocketChannel bind(Listener listener) throws IOException {
        SocketAddress address = listener.address();
        ServerSocketChannel channel;
        if (address instanceof UnixDomainSocketAddress unix) {
            removeStaleSocket(unix);
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } else {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        }
        try {
            channel.bind(address, rt.settings.backlog());
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on " + describe(address) + ": " + e.getMessage(), e);
        }
        return channel;
    }

    /** A socket file left by a server that died is removed; one that still answers is in use. */
    private static void removeStaleSocket(UnixDomainSocketAddress address) throws IOException {
        Path path = address.getPath();
        if (!Files.exists(path)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(address)) {
            throw new IOException("cannot listen on " + path + ": another server is listening there");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("cannot listen")) {
                throw e;
            }
            Files.deleteIfExists(path);
        }
    }

    private void accept(ServerSocketChannel server, String name) {
        boolean reject = rt.settings.rejectOverLimit();
        while (server.isOpen()) {
            boolean permit = false;
            SocketChannel channel = null;
            try {
                if (!reject) {
                    permits.acquire();
                    permit = true;
                }
                channel = server.accept();
                if (reject) {
                    permit = permits.tryAcquire();
                    if (!permit) {
                        SocketChannel refused = channel;
                        channel = null;
                        connectionThreads.newThread(() -> overloaded(refused)).start();
                        continue;
                    }
                }
                if (channel.getRemoteAddress() instanceof InetSocketAddress) {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                Http1Connection connection = new Http1Connection(rt, channel, name, permits::release, loop);
                // registered here, so that a shutdown starting now still sees it
                rt.connections.add(connection);
                channel = null;
                permit = false; // the connection releases it when it closes
                connection.open();
            } catch (ClosedChannelException | InterruptedException e) {
                cleanUp(channel, permit);
                return;
            } catch (IOException e) {
                cleanUp(channel, permit);
                if (!server.isOpen()) {
                    return;
                }
                // Typically out of file descriptors: back off instead of spinning on the error.
                LOG.warn("accept on {} failed: {}", name, e.toString());
                sleepQuietly(100);
            } catch (RuntimeException | OutOfMemoryError e) {
                cleanUp(channel, permit);
                LOG.error("accept on {} failed", name, e);
                sleepQuietly(100);
            }
        }
    }

    private void cleanUp(SocketChannel channel, boolean permit) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing a connection that could not start failed: {}", e.toString());
            }
        }
        if (permit) {
            permits.release();
        }
    }

    private static void overloaded(SocketChannel channel) {
        try (channel) {
            channel.write(ByteBuffer.wrap(OVERLOADED));
            channel.shutdownOutput();
        } catch (IOException e) {
            LOG.debug("overload answer failed: {}", e.toString());
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@return the bound addresses, in listener order} */
    public List<SocketAddress> addresses() {
        return List.copyOf(bound);
    }

    /**
     * Makes {@code next} the composition that new requests and connections use. Requests in progress
     * finish on the one they started with.
     *
     * @param next the new composition
     * @return the previous composition
     */
    public Composition swap(Composition next) {
        return rt.swap(next);
    }

    /**
     * {@return whether any request in progress, or any connection handed to another protocol, still uses
     * {@code composition}}
     *
     * @param composition a composition that was swapped out
     */
    public boolean inUse(Composition composition) {
        for (Http1Connection connection : rt.connections) {
            if (connection.uses(composition)) {
                return true;
            }
        }
        return false;
    }

    /** {@return the open connections; for tests} */
    java.util.Collection<Http1Connection> connections() {
        return rt.connections;
    }

    /** {@return the number of open connections} */
    public int openConnections() {
        return rt.connections.size();
    }

    /**
     * Stops gracefully: no more accepts, idle connections close at once, busy ones finish their current
     * request (answered with {@code Connection: close}) within the grace period; the rest is closed.
     *
     * @param graceNanos the grace period
     * @return how many connections had to be closed by force
     */
    public int stop(long graceNanos) {
        closeListeners();
        // a listening socket closed under a blocked accept stays open (and takes connections) until that
        // accept returns: wait for the acceptors, so that no connection arrives once anything is drained
        joinAcceptors();
        rt.startDraining();
        for (Http1Connection connection : rt.connections) {
            connection.drain();
        }
        int forced = 0;
        try {
            if (!rt.connections.awaitEmpty(graceNanos)) {
                for (Http1Connection connection : rt.connections) {
                    forced++;
                    Sweeper.expire(connection, Watch.WRITE_TIMEOUT);
                }
                rt.connections.awaitEmpty(TimeUnit.SECONDS.toNanos(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sweeper.stop();
        if (sweeperThread != null) {
            sweeperThread.interrupt();
        }
        loop.stop();
        return forced;
    }

    private void joinAcceptors() {
        for (Thread acceptor : acceptors) {
            try {
                acceptor.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeListeners() {
        for (int i = 0; i < channels.size(); i++) {
            ServerSocketChannel channel = channels.get(i);
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing listener failed: {}", e.toString());
            }
            if (listeners.get(i).address() instanceof UnixDomainSocketAddress unix) {
                try {
                    Files.deleteIfExists(unix.getPath());
                } catch (IOException e) {
                    LOG.warn("cannot remove socket file {}: {}", unix.getPath(), e.toString());
                }
            }
        }
    }

    /**
     * {@return an address as people write it: {@code 127.0.0.1:8080}, {@code [::1]:8080}, a socket path}
     *
     * @param address the address
     */
    public static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            if (inet.getAddress() != null && inet.getAddress().isAnyLocalAddress()) {
                return (inet.getAddress() instanceof java.net.Inet6Address ? "[::]" : "0.0.0.0") + ":" + inet.getPort();
            }
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            if (host.indexOf(':') >= 0) {
                int zone = host.indexOf('%');
                host = "[" + (zone >= 0 ? host.substring(0, zone) : host) + "]";
            }
            return host + ":" + inet.getPort();
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            return "unix:" + unix.getPath();
        }
        return String.valueOf(address);
    }
}
