package motor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import motor.spi.event.ConnectionClosed;
import motor.spi.event.ConnectionOpened;
import motor.spi.event.RequestStarted;
import motor.spi.event.ResponseCompleted;
import org.junit.jupiter.api.Test;

/** Many clients at once: every request answered correctly, and the events add up. */
class ConcurrencyTest {

    @Test
    void fiveHundredConnectionsTwentyRequestsEach() throws Exception {
        int connections = 500;
        int requestsEach = 20;
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        Server server = Server.builder()
                .listen("127.0.0.1", 0)
                .discoverExtensions(false)
                .routes(r -> r.get("/n/{n}", (req, res) -> res.send("n=" + req.pathParameter("n"))))
                .build();
        server.events().subscribe(ConnectionOpened.class, e -> opened.incrementAndGet());
        server.events().subscribe(ConnectionClosed.class, e -> closed.incrementAndGet());
        server.events().subscribe(RequestStarted.class, e -> started.incrementAndGet());
        server.events().subscribe(ResponseCompleted.class, e -> {
            if (e.status() == 200 && e.bodyBytes() > 0) {
                completed.incrementAndGet();
            }
        });
        server.start();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(connections);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int client = c;
            clients.add(Thread.ofVirtual().start(() -> {
                try (RawClient raw = new RawClient(server.port(), 30_000)) {
                    for (int i = 0; i < requestsEach; i++) {
                        String n = client + "-" + i;
                        raw.send("GET /n/" + n + " HTTP/1.1\r\nHost: x\r\n\r\n");
                        RawClient.Response response = raw.read();
                        if (response.status() != 200 || !response.text().equals("n=" + n)) {
                            failures.add(n + ": " + response.statusLine() + " " + response.text());
                        }
                    }
                } catch (Exception e) {
                    failures.add(client + ": " + e);
                } finally {
                    done.countDown();
                }
            }));
        }
        assertTrue(done.await(120, TimeUnit.SECONDS), "clients did not finish");
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures, first: " + failures.peek());
        server.stop(Duration.ofSeconds(5));
        assertEquals(connections, opened.get());
        assertEquals(connections, closed.get());
        assertEquals(connections * requestsEach, started.get());
        assertEquals(connections * requestsEach, completed.get());
    }
}
