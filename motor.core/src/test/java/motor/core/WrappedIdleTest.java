package motor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import motor.spi.transport.Transport;
import org.junit.jupiter.api.Test;

/**
 * Connections behind a transport wrapper (TLS, in production) are suspended between requests like plain
 * ones when the wrapper holds no input, and keep their thread when it does.
 */
class WrappedIdleTest {

    /**
     * A wrapper that reads from below in large chunks and hands them out a few bytes at a time, as TLS
     * hands out a record's plaintext: input is often held between the server's reads.
     */
    static final class Chunky implements Transport {
        final Transport inner;
        final boolean reportsBuffered;
        final AtomicInteger trims = new AtomicInteger();
        byte[] held = new byte[8192];
        int from;
        int to;

        Chunky(Transport inner, boolean reportsBuffered) {
            this.inner = inner;
            this.reportsBuffered = reportsBuffered;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (from == to) {
                if (held == null) {
                    held = new byte[8192];
                }
                int n = inner.read(held, 0, held.length);
                if (n < 0) {
                    return -1;
                }
                from = 0;
                to = n;
            }
            int n = Math.min(Math.min(length, 16), to - from);
            System.arraycopy(held, from, buffer, offset, n);
            from += n;
            return n;
        }

        @Override
        public boolean hasBufferedInput() {
            return reportsBuffered ? from < to : Transport.super.hasBufferedInput();
        }

        @Override
        public void trim() {
            trims.incrementAndGet();
            held = null;
        }

        @Override public void write(byte[] b, int off, int len) throws IOException { inner.write(b, off, len); }
        @Override public void shutdownOutput() throws IOException { inner.shutdownOutput(); }
        @Override public boolean isOpen() { return inner.isOpen(); }
        @Override public SocketAddress remoteAddress() { return inner.remoteAddress(); }
        @Override public SocketAddress localAddress() { return inner.localAddress(); }
        @Override public void close() throws IOException { inner.close(); }
    }

    private static Server server(AtomicInteger made, boolean reportsBuffered, Chunky[] last) {
        return Server.builder().listen("127.0.0.1", 0).discoverExtensions(false)
                .extension(new ExtensionContextTest.Ext("chunky", ctx -> ctx.addTransportWrapper((t, listener) -> {
                    made.incrementAndGet();
                    last[0] = new Chunky(t, reportsBuffered);
                    return last[0];
                })))
                .routes(r -> r.get("/n/{n}", (req, res) -> res.send("n=" + req.pathParameter("n"))))
                .build();
    }

    private static void awaitTrim(Chunky chunky) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (chunky.trims.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void heldInputIsServedWithoutWaitingForTheSocket() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Chunky[] last = new Chunky[1];
        Server server = server(made, true, last).start();
        try (RawClient raw = new RawClient(server.port())) {
            // three requests in one write: after the first, the rest is held by the wrapper, not the socket
            raw.send("GET /n/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /n/2 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /n/3 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("n=1", raw.read().text());
            assertEquals("n=2", raw.read().text());
            assertEquals("n=3", raw.read().text());
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void anIdleWrappedConnectionIsTrimmedAndServedAgain() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Chunky[] last = new Chunky[1];
        Server server = server(made, true, last).start();
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /n/1 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("n=1", raw.read().text());
            awaitTrim(last[0]);
            assertTrue(last[0].trims.get() >= 1, "the idle connection gave up its thread and trimmed its wrapper");
            raw.send("GET /n/2 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("n=2", raw.read().text(), "resumed through the same wrapper");
            assertEquals(1, made.get(), "the connection was wrapped once");
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void aWrapperThatCannotTellKeepsItsThread() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Chunky[] last = new Chunky[1];
        Server server = server(made, false, last).start();
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /n/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /n/2 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("n=1", raw.read().text());
            assertEquals("n=2", raw.read().text());
            Thread.sleep(2500); // longer than the sweeper takes to suspend an idle connection
            assertEquals(0, last[0].trims.get());
            raw.send("GET /n/3 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("n=3", raw.read().text());
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }
}
