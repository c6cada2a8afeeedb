package motor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import motor.spi.event.ServerStopped;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: in-flight requests finish, idle connections go at once, stragglers are cut. */
class ShutdownTest {

    @Test
    void inFlightRequestsFinishAndIdleConnectionsClose() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Server server = Server.builder()
                .listen("127.0.0.1", 0)
                .discoverExtensions(false)
                .routes(r -> {
                    r.get("/slow", (req, res) -> {
                        entered.countDown();
                        release.await(10, TimeUnit.SECONDS);
                        res.send("finished");
                    });
                    r.get("/hello", (req, res) -> res.send("Hello"));
                })
                .build()
                .start();
        int port = server.port();
        try (RawClient busy = new RawClient(port, 10_000); RawClient idle = new RawClient(port, 10_000)) {
            idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("Hello", idle.read().text());
            busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(entered.await(5, TimeUnit.SECONDS));

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(10)));
            assertTrue(idle.closedByServer(), "the idle connection closes at once");
            assertThrows(IOException.class, () -> new RawClient(port, 1000).close(), "no new connections");

            release.countDown();
            RawClient.Response response = busy.read();
            assertEquals("finished", response.text());
            assertEquals("close", response.header("Connection"));
            assertTrue(busy.closedByServer());
            stopping.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void requestsPastTheGracePeriodAreCutOff() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicInteger forced = new AtomicInteger(-1);
        Server server = Server.builder()
                .listen("127.0.0.1", 0)
                .discoverExtensions(false)
                .routes(r -> r.get("/stuck", (req, res) -> {
                    entered.countDown();
                    Thread.sleep(30_000);
                    res.send("too late");
                }))
                .build();
        server.events().subscribe(ServerStopped.class, e -> forced.set(e.forcedConnections()));
        server.start();
        try (RawClient raw = new RawClient(server.port(), 10_000)) {
            raw.send("GET /stuck HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(entered.await(5, TimeUnit.SECONDS));
            server.stop(Duration.ofMillis(200));
            assertEquals(1, forced.get());
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    void stopIsIdempotentAndAwaitable() throws Exception {
        Server server = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false).build().start();
        int port = server.port();
        server.stop(Duration.ofSeconds(1));
        server.stop(Duration.ofSeconds(1));
        assertTrue(server.awaitStop(Duration.ofSeconds(1)));
        assertThrows(ConnectException.class, () -> new java.net.Socket("127.0.0.1", port).close());
    }
}
