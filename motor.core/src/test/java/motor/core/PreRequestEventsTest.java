package motor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import motor.spi.event.ResponseCompleted;
import org.junit.jupiter.api.Test;

/**
 * Answers given before a request exists (a malformed head, a head too large, one that never arrives) are
 * published as {@link ResponseCompleted} too, so that access logs and metrics count them.
 */
class PreRequestEventsTest {

    private static ResponseCompleted next(BlockingQueue<ResponseCompleted> events) throws InterruptedException {
        ResponseCompleted event = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "no ResponseCompleted within 10 s");
        return event;
    }

    @Test
    void malformedOversizedAndLateHeadsArePublished() throws Exception {
        BlockingQueue<ResponseCompleted> events = new LinkedBlockingQueue<>();
        Server server = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false)
                .maxHeaderSize(1024)
                .headerTimeout(Duration.ofMillis(300))
                .routes(r -> r.get("/ok", (req, res) -> res.send("ok")))
                .build();
        server.events().subscribe(ResponseCompleted.class, events::add);
        server.start();
        try {
            try (RawClient raw = new RawClient(server.port())) {
                raw.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(200, raw.read().status());
                ResponseCompleted ok = next(events);
                assertEquals("GET", ok.method());
                raw.send("GET /ok HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n");
                assertEquals(400, raw.read().status());
                ResponseCompleted bad = next(events);
                assertEquals(400, bad.status());
                assertEquals("", bad.method());
                assertEquals("", bad.target());
                assertEquals("", bad.protocol());
                assertEquals(0, bad.durationNanos());
                assertEquals(ok.connectionId(), bad.connectionId());
                assertEquals(Long.toString(ok.connectionId(), 36) + "-2", bad.requestId(), "the id it would have had");
                assertEquals(true, bad.bodyBytes() > 0);
            }
            try (RawClient raw = new RawClient(server.port())) {
                raw.send("GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n");
                assertEquals(431, raw.read().status());
                assertEquals(431, next(events).status());
            }
            try (RawClient raw = new RawClient(server.port())) {
                raw.send("GET /ok HTTP/1.1\r\nHost: x\r\n"); // and nothing more
                assertEquals(408, raw.read().status());
                assertEquals(408, next(events).status());
            }
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }
}
