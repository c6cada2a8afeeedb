package motor.ext.http2.internal.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz test of the frame reader. In the normal build it runs as a regression test over the seeds in
 * {@code src/test/resources/motor/ext/http2/internal/frame/FrameFuzzTestInputs}; with {@code JAZZER_FUZZ=1}
 * Jazzer explores new inputs. The properties: any bytes give frames, then a clean end, an EOFException or
 * an Http2Exception, nothing else, and after a stream error the next frame reads; the frames are the same however the bytes arrive; every frame's payload
 * lies within its length; SETTINGS payloads parse or fail with Http2Exception.
 */
class FrameFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void frames(byte[] input) {
        List<String> whole = read(input, Integer.MAX_VALUE);
        assertEquals(whole, read(input, 1), "one byte at a time");
        assertEquals(whole, read(input, 1 + input.length / 3), "in thirds");
    }

    private static List<String> read(byte[] input, int chunk) {
        List<String> out = new ArrayList<>();
        FrameReader reader = new FrameReader(new BytesTransport(input, chunk), Http2.DEFAULT_MAX_FRAME_SIZE);
        try {
            if (input.length > 0 && input[0] == 'P') {
                reader.readPreface();
                out.add("preface");
            }
            while (true) {
                Frame f;
                try {
                    f = reader.read();
                } catch (Http2Exception e) {
                    out.add(e.toString());
                    if (e.isConnectionError()) {
                        return out;
                    }
                    continue;  // a stream error: the connection reads on
                }
                if (f == null) {
                    break;
                }
                assertTrue(f.length() >= 0 && f.length() <= f.flowLength() && f.flowLength() <= 16_384);
                assertTrue(f.offset() >= 0 && f.offset() + f.length() <= f.payload().length);
                out.add(FrameReaderTest.describe(f));
                if (f.type() == Http2.SETTINGS && !f.flag(Http2.FLAG_ACK)) {
                    try {
                        out.add(Settings.parseSettings(f).toString());
                    } catch (Http2Exception e) {
                        out.add(e.toString());
                    }
                }
            }
            out.add("end");
        } catch (Http2Exception e) {
            out.add(e.toString());
        } catch (EOFException e) {
            out.add("EOF");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }
}
