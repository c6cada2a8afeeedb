package motor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import motor.spi.event.ConnectionClosed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow and silent clients against short timeouts. The timeouts here are hundreds of milliseconds, and the
 * assertions are about what the server answers, never about how long it took.
 */
class TimeoutTest {

    private static Server server;

    @BeforeAll
    static void start() throws Exception {
        server = Server.builder()
                .listen("127.0.0.1", 0)
                .discoverExtensions(false)
                .headerTimeout(Duration.ofMillis(400))
                .bodyTimeout(Duration.ofMillis(400))
                .idleTimeout(Duration.ofMillis(400))
                .writeTimeout(Duration.ofMillis(400))
                .minDataRate(0, Duration.ZERO)
                .routes(r -> {
                    r.get("/hello", (req, res) -> res.send("Hello"));
                    r.post("/upload", (req, res) -> res.send("got " + req.bodyBytes().length));
                    r.get("/flood", (req, res) -> {
                        byte[] chunk = new byte[64 * 1024];
                        try (OutputStream out = res.output()) {
                            for (int i = 0; i < 100_000; i++) {
                                out.write(chunk);
                            }
                        }
                    });
                })
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(1));
    }

    @Test
    void slowHeadGets408AndClose() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n");
            RawClient.Response response = raw.read();
            assertEquals(408, response.status());
            assertEquals("close", response.header("Connection"));
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    void slowBodyGets408AndClose() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            RawClient.Response response = raw.read();
            assertEquals(408, response.status());
            assertEquals("close", response.header("Connection"));
        }
    }

    @Test
    void idleConnectionIsClosedQuietly() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("Hello", raw.read().text());
            // nothing more is sent: the server closes without a response
            assertEquals("", raw.readToEnd());
        }
    }

    @Test
    void emptyLinesDoNotKeepAConnectionIdle() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            String answer = null;
            for (int i = 0; i < 8 && answer == null; i++) {
                try {
                    raw.send("\r\n");
                } catch (java.io.IOException e) {
                    break;
                }
                Thread.sleep(150);
                if (raw.socket().getInputStream().available() > 0) {
                    answer = "data";
                }
            }
            RawClient.Response response = raw.read();
            assertEquals(408, response.status(), "empty lines count as the start of a request");
        }
    }

    @Test
    void silentNewConnectionIsClosedQuietly() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            assertEquals("", raw.readToEnd());
        }
    }

    @Test
    void clientThatStopsReadingIsCutOff() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        try (var subscription = server.events().subscribe(ConnectionClosed.class, e -> closed.countDown());
             RawClient raw = new RawClient(server.port())) {
            raw.socket().setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            raw.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n");
            // never read: the server's writes stall until the write timeout closes the connection
            assertTrue(closed.await(20, TimeUnit.SECONDS), "the stalled connection was not closed");
        }
    }
}
