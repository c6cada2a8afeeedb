package motor.ext.http2.internal;

import static motor.ext.http2.internal.H2Raw.frame;
import static motor.ext.http2.internal.H2Raw.get;
import static motor.ext.http2.internal.H2Raw.headers;
import static motor.ext.http2.internal.H2Raw.int32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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

    @Test
    void aHandlerFailingBecauseTheClientBrokeTheStreamIsNoServerError() throws Exception {
        // a client that sends more than its content-length gets RST_STREAM PROTOCOL_ERROR; the handler's body
        // read fails with it, which is the client's doing: no ERROR with a stack trace per hostile request
        Logger logger = Logger.getLogger("motor.ext.http2");
        LinkedBlockingQueue<LogRecord> records = new LinkedBlockingQueue<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String text = record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()) + " "
                        + record.getThrown();
                if (text.contains("the stream was reset: PROTOCOL_ERROR")) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level level = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/sha", "content-length", "4"),
                    H2Raw.data(1, true, new byte[5]));
            assertEquals(Outcome.reset(Http2.PROTOCOL_ERROR), raw.outcome(1));
            LogRecord record = records.poll(10, TimeUnit.SECONDS);
            assertNotNull(record, "the handler's failure was not logged at all");
            assertTrue(record.getLevel().intValue() < Level.WARNING.intValue(),
                    record.getLevel() + " " + record.getMessage());
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(level);
        }
    }
}
