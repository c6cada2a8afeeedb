package motor.ext.http2.internal;

import static motor.ext.http2.internal.H2Raw.frame;
import static motor.ext.http2.internal.H2Raw.get;
import static motor.ext.http2.internal.H2Raw.headers;
import static motor.ext.http2.internal.H2Raw.int32;
import static motor.ext.http2.internal.H2Raw.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import motor.ext.http2.internal.frame.Http2;
import motor.test.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client's large SETTINGS_MAX_FRAME_SIZE does not make the server copy a response body into DATA frames of
 * that size (up to 16 MiB each, per connection, at the client's choice): DATA frames stay at 16 KiB.
 */
class DataFrameSizeTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.discoverExtensions(false)
            .extension(new Http2Extension()).config(Map.of("http2", Map.of()))
            .routes(TestRoutes::routes));

    @Test
    void dataFramesStaySmallWhateverTheClientAllows() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(settings(Http2.SETTINGS_MAX_FRAME_SIZE, 16_777_215, Http2.SETTINGS_INITIAL_WINDOW_SIZE, 1 << 30),
                    frame(Http2.WINDOW_UPDATE, 0, 0, int32(1 << 30)),
                    headers(1, true, get("/big?n=300000&seed=3")));
            int total = 0;
            int largest = 0;
            while (true) {
                H2Raw.RawFrame f = raw.next();
                assertNotNull(f, "the connection closed before the response ended");
                assertTrue(f.type() != Http2.GOAWAY && f.type() != Http2.RST_STREAM, f.toString());
                if (f.type() == Http2.DATA && f.stream() == 1) {
                    total += f.payload().length;
                    largest = Math.max(largest, f.payload().length);
                    if (f.flag(Http2.FLAG_END_STREAM)) {
                        break;
                    }
                }
            }
            assertEquals(300_000, total);
            assertTrue(largest <= 16_384, "a DATA frame of " + largest + " bytes");
        }
    }
}
