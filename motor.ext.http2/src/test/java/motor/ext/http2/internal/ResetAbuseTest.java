package motor.ext.http2.internal;

import static motor.ext.http2.internal.H2Raw.frame;
import static motor.ext.http2.internal.H2Raw.get;
import static motor.ext.http2.internal.H2Raw.headers;
import static motor.ext.http2.internal.H2Raw.int32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import motor.ext.http2.internal.H2Raw.Outcome;
import motor.ext.http2.internal.frame.Http2;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streams the server resets because the client broke a rule while their handlers ran: the same abandoned
 * work as a rapid reset (CVE-2025-8671, "MadeYouReset"), so they count against {@code maxResets}.
 */
class ResetAbuseTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.discoverExtensions(false)
            .extension(new Http2Extension()).config(Map.of("http2", Map.of("maxResets", 5, "floodWindow", "10m")))
            .routes(TestRoutes::routes));

    @AfterEach
    void release() {
        TestRoutes.gate.countDown();
    }

    @Test
    void streamsTheClientMakesUsResetAreCalmedDown() throws Exception {
        TestRoutes.gate = new CountDownLatch(1);
        try (H2Raw raw = H2Raw.connect(server.port())) {
            for (int id = 1; id <= 21; id += 2) {
                // a zero window increment is a stream error: the server resets a stream whose handler runs
                raw.send(headers(id, true, get("/block")), frame(Http2.WINDOW_UPDATE, 0, id, int32(0)));
            }
            assertEquals(Outcome.goAway(Http2.ENHANCE_YOUR_CALM), raw.outcome(Integer.MIN_VALUE));
            assertTrue(raw.closesAfterGoAway());
        }
    }

    @Test
    void aFewServerResetsAreFine() throws Exception {
        TestRoutes.gate = new CountDownLatch(1);
        try (H2Raw raw = H2Raw.connect(server.port())) {
            for (int id = 1; id <= 7; id += 2) {
                raw.send(headers(id, true, get("/block")), frame(Http2.WINDOW_UPDATE, 0, id, int32(0)));
                assertEquals(Outcome.reset(Http2.PROTOCOL_ERROR), raw.outcome(id));
            }
            assertTrue(raw.pingPong());
        }
    }

    @Test
    void malformedRequestsStartNoWorkAndDoNotCount() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            for (int id = 1; id <= 21; id += 2) {
                raw.send(headers(id, true, get("/hello", "X-Upper", "1")));
                assertEquals(Outcome.reset(Http2.PROTOCOL_ERROR), raw.outcome(id));
            }
            assertTrue(raw.pingPong());
        }
    }

    @Test
    void windowUpdateOnAnEvenStreamIsAProtocolError() throws Exception {
        // RFC 9113 5.1.1: a client never has an even stream; the server opened none (no push): it is idle
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(5, true, get("/hello")));
            assertEquals("200", raw.response(5).status());
            raw.send(frame(Http2.WINDOW_UPDATE, 0, 2, int32(100)));
            assertEquals(Outcome.goAway(Http2.PROTOCOL_ERROR), raw.outcome(Integer.MIN_VALUE));
        }
    }
}
