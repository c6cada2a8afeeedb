package motor.ext.http2.internal;

import static motor.ext.http2.internal.H2Raw.data;
import static motor.ext.http2.internal.H2Raw.frame;
import static motor.ext.http2.internal.H2Raw.get;
import static motor.ext.http2.internal.H2Raw.headers;
import static motor.ext.http2.internal.H2Raw.int32;
import static motor.ext.http2.internal.H2Raw.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import motor.ext.http2.internal.H2Raw.Outcome;
import motor.ext.http2.internal.frame.Http2;
import motor.spi.event.RequestStarted;
import motor.spi.event.ResponseCompleted;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The flood limits, the timeouts and the graceful shutdown. */
class DefencesTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.discoverExtensions(false)
            .extension(new Http2Extension()).config(Map.of("http2", Map.of("maxResets", 5, "maxControlFrames", 20,
                    "maxEmptyFrames", 5, "floodWindow", "10m")))
            .routes(TestRoutes::routes));

    @AfterEach
    void release() {
        TestRoutes.gate.countDown();
    }

    @Test
    void rapidResetIsCalmedDown() throws Exception {
        TestRoutes.gate = new CountDownLatch(1);
        try (H2Raw raw = H2Raw.connect(server.port())) {
            for (int id = 1; id <= 21; id += 2) {
                raw.send(headers(id, true, get("/block")), frame(Http2.RST_STREAM, 0, id, int32(Http2.CANCEL)));
            }
            assertEquals(Outcome.goAway(Http2.ENHANCE_YOUR_CALM), raw.outcome(Integer.MIN_VALUE));
            assertTrue(raw.closesAfterGoAway());
        }
    }

    @Test
    void aFewResetsAreFine() throws Exception {
        TestRoutes.gate = new CountDownLatch(1);
        try (H2Raw raw = H2Raw.connect(server.port())) {
            for (int id = 1; id <= 7; id += 2) {
                raw.send(headers(id, true, get("/block")), frame(Http2.RST_STREAM, 0, id, int32(Http2.CANCEL)));
            }
            assertTrue(raw.pingPong());
        }
    }

    @Test
    void continuationFloodIsCutOffEarly() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(frame(Http2.HEADERS, Http2.FLAG_END_STREAM, 1, H2Raw.block(get("/hello"))));
            Outcome outcome = null;
            byte[] chunk = H2Raw.block("x-filler", "f".repeat(16_000));
            for (int i = 0; i < 100 && outcome == null; i++) {
                try {
                    raw.send(frame(Http2.CONTINUATION, 0, 1, chunk));
                } catch (java.io.IOException e) {
                    break; // the server closed the connection: the outcome tells why
                }
            }
            assertEquals(Outcome.goAway(Http2.ENHANCE_YOUR_CALM), raw.outcome(Integer.MIN_VALUE));
        }
    }

    @Test
    void emptyContinuationFloodIsCalmedDown() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(frame(Http2.HEADERS, Http2.FLAG_END_STREAM, 1, H2Raw.block(get("/hello"))));
            for (int i = 0; i < 10; i++) {
                raw.send(frame(Http2.CONTINUATION, 0, 1, new byte[0]));
            }
            assertEquals(Outcome.goAway(Http2.ENHANCE_YOUR_CALM), raw.outcome(Integer.MIN_VALUE));
        }
    }

    @Test
    void pingFloodIsCalmedDown() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            for (int i = 0; i < 30; i++) {
                raw.send(frame(Http2.PING, 0, 0, new byte[8]));
            }
            assertEquals(Outcome.goAway(Http2.ENHANCE_YOUR_CALM), raw.outcome(Integer.MIN_VALUE));
        }
    }

    @Test
    void settingsFloodIsCalmedDown() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            for (int i = 0; i < 30; i++) {
                raw.send(settings(Http2.SETTINGS_INITIAL_WINDOW_SIZE, 65_535));
            }
            assertEquals(Outcome.goAway(Http2.ENHANCE_YOUR_CALM), raw.outcome(Integer.MIN_VALUE));
        }
    }

    @Test
    void emptyDataFloodIsCalmedDown() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/echo"));
            for (int i = 0; i < 10; i++) {
                raw.send(data(1, false, new byte[0]));
            }
            assertEquals(Outcome.goAway(Http2.ENHANCE_YOUR_CALM), raw.outcome(Integer.MIN_VALUE));
        }
    }

    @Test
    void idleConnectionsAreClosedWithGoAway() throws Exception {
        try (TestServer idle = TestServer.start(TestRoutes.server(Map.of("idleTimeout", "300ms")));
             H2Raw raw = H2Raw.connect(idle.port())) {
            raw.send(headers(1, true, get("/hello")));
            assertEquals("200", raw.response(1).status());
            assertEquals(Outcome.goAway(Http2.NO_ERROR), raw.outcome(Integer.MIN_VALUE));
            assertTrue(raw.closesAfterGoAway());
        }
    }

    @Test
    void unacknowledgedSettingsTimeOut() throws Exception {
        try (TestServer slow = TestServer.start(TestRoutes.server(Map.of("settingsTimeout", "300ms")));
             H2Raw raw = H2Raw.open(slow.port())) {
            raw.send(Http2.preface(), frame(Http2.SETTINGS, 0, 0, new byte[0]));
            assertEquals(Outcome.goAway(Http2.SETTINGS_TIMEOUT), raw.outcome(Integer.MIN_VALUE));
        }
    }

    @Test
    void gracefulShutdownSendsGoAwayAndLetsOpenStreamsFinish() throws Exception {
        TestRoutes.gate = new CountDownLatch(1);
        TestRoutes.blocked = new CountDownLatch(1);
        TestServer own = TestServer.start(TestRoutes.server(Map.of()));
        try (H2Raw raw = H2Raw.connect(own.port())) {
            raw.send(headers(1, true, get("/block")));
            assertTrue(raw.pingPong(), "frames are handled in order: the stream is open once the PING is answered");
            CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> own.server().stop(Duration.ofSeconds(20)));
            H2Raw.RawFrame goAway = raw.until(Http2.GOAWAY, 0);
            assertNotNull(goAway, "a GOAWAY before the connection ends");
            assertEquals(Http2.NO_ERROR, goAway.int32(4));
            assertEquals(1, goAway.int32(0) & 0x7fffffff, "the last stream id is the open one");
            raw.send(headers(3, true, get("/hello")));
            TestRoutes.gate.countDown();
            H2Raw.Response response = raw.response(1);
            assertEquals("released", new String(response.body()));
            assertTrue(raw.closesAfterGoAway(), "the connection closes once the open stream is done");
            stop.get(30, TimeUnit.SECONDS);
        } finally {
            own.close();
        }
    }

    @Test
    void aClientGoAwayLetsOpenStreamsFinishThenCloses() throws Exception {
        TestRoutes.gate = new CountDownLatch(1);
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(1, true, get("/block")));
            assertTrue(raw.pingPong());
            raw.send(frame(Http2.GOAWAY, 0, 0, new byte[8]), headers(3, true, get("/hello")));
            assertEquals(Outcome.reset(Http2.REFUSED_STREAM), raw.outcome(3), "no new streams after our GOAWAY");
            TestRoutes.gate.countDown();
            assertEquals("released", new String(raw.response(1).body()));
            assertTrue(raw.closesAfterGoAway(), "the server closes once the open stream is done");
        }
    }

    @Test
    void aClientThatVanishesMidBodyEndsItsHandler() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        var subscription = server.server().events().subscribe(ResponseCompleted.class, e -> {
            if (e.target().equals("/sha")) {
                ended.countDown();
            }
        });
        try {
            try (H2Raw raw = H2Raw.connect(server.port())) {
                raw.send(headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/sha"),
                        data(1, false, new byte[1000]));
                assertTrue(raw.pingPong());
            }
            assertTrue(ended.await(10, TimeUnit.SECONDS), "the handler reading the body ended with the connection");
        } finally {
            subscription.close();
        }
    }

    @Test
    void eventsArePublishedForEachStream() throws Exception {
        List<Object> events = new CopyOnWriteArrayList<>();
        CountDownLatch completed = new CountDownLatch(2);
        var started = server.server().events().subscribe(RequestStarted.class, events::add);
        var finished = server.server().events().subscribe(ResponseCompleted.class, e -> {
            events.add(e);
            completed.countDown();
        });
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(1, true, get("/hello")));
            raw.response(1);
            raw.send(headers(3, true, get("/forbidden")));
            raw.response(3);
            assertTrue(completed.await(10, TimeUnit.SECONDS));
            CountDownLatch refused = new CountDownLatch(1);
            var third = server.server().events().subscribe(ResponseCompleted.class, e -> {
                if (e.status() == 400) {
                    refused.countDown();
                }
            });
            try {
                raw.send(headers(5, true, get("/a%zz")));
                assertEquals("400", raw.response(5).status());
                assertTrue(refused.await(10, TimeUnit.SECONDS), "a refused request is counted too");
            } finally {
                third.close();
            }
            List<ResponseCompleted> done = events.stream().filter(ResponseCompleted.class::isInstance)
                    .map(ResponseCompleted.class::cast).filter(e -> !e.target().isEmpty()).sorted(java.util.Comparator.comparing(ResponseCompleted::target))
                    .toList();
            assertEquals(403, done.get(0).status());
            assertEquals("/forbidden", done.get(0).target());
            assertEquals(200, done.get(1).status());
            assertEquals("HTTP/2.0", done.get(1).protocol());
            assertTrue(done.get(1).bodyBytes() > 0);
            assertEquals(2, events.stream().filter(RequestStarted.class::isInstance).count(),
                    "no RequestStarted for a request the application never saw");
        } finally {
            started.close();
            finished.close();
        }
    }
}
