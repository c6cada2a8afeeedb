package motor.ext.http2.internal;

import static motor.ext.http2.internal.H2Raw.data;
import static motor.ext.http2.internal.H2Raw.frame;
import static motor.ext.http2.internal.H2Raw.get;
import static motor.ext.http2.internal.H2Raw.headers;
import static motor.ext.http2.internal.H2Raw.int32;
import static motor.ext.http2.internal.H2Raw.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import motor.ext.http2.internal.frame.Http2;
import motor.test.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The minimum data rate: a client that dribbles its request body or opens its window a few bytes at a
 * time cannot hold a handler for the whole idle timeout, again and again.
 */
class SlowClientTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.discoverExtensions(false)
            .extension(new Http2Extension()).config(Map.of("http2", Map.of("minDataRate", 10_000,
                    "minDataRateGrace", "300ms")))
            .routes(TestRoutes::routes));

    @Test
    void aBodyDribbledByteByByteGets408() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/sha"));
            // a byte every 100 ms: 10 B/s, a thousandth of the minimum; the idle timeout (60 s) never ends
            // a single wait, the rate does
            H2Raw.Response response = null;
            long deadline = System.nanoTime() + 20_000_000_000L;
            Thread dribbler = Thread.ofVirtual().start(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        raw.send(data(1, false, new byte[] {'x'}));
                        Thread.sleep(100);
                    }
                } catch (Exception e) {
                    // the stream or the connection ended: the test looks at the response
                }
            });
            try {
                response = raw.response(1);
            } finally {
                dribbler.interrupt();
            }
            assertEquals("408", response.status());
            assertTrue(new String(response.body()).contains("more slowly than 10000 bytes per second"),
                    new String(response.body()));
        }
    }

    @Test
    void aClientThatKeepsItsWindowNearlyShutLosesTheStreamNotTheConnection() throws Exception {
        try (H2Raw raw = H2Raw.open(server.port())) {
            raw.send(Http2.preface());
            raw.send(settings(Http2.SETTINGS_INITIAL_WINDOW_SIZE, 10));
            raw.send(frame(Http2.SETTINGS, Http2.FLAG_ACK, 0, new byte[0]));
            raw.send(headers(1, true, get("/big?n=100000&seed=1")));
            // opens the window ten bytes at a time, every 100 ms: 100 B/s
            long deadline = System.nanoTime() + 20_000_000_000L;
            int resetCode = -1;
            while (System.nanoTime() < deadline) {
                H2Raw.RawFrame f = raw.next();
                if (f == null) {
                    break;
                }
                if (f.type() == Http2.RST_STREAM && f.stream() == 1) {
                    resetCode = f.int32(0);
                    break;
                }
                if (f.type() == Http2.DATA && f.stream() == 1 && f.payload().length > 0) {
                    Thread.sleep(100);
                    raw.send(frame(Http2.WINDOW_UPDATE, 0, 1, int32(f.payload().length)));
                }
            }
            assertEquals(Http2.CANCEL, resetCode, "the stream is cancelled");
            assertTrue(raw.pingPong(), "the connection itself goes on");
        }
    }
}
