package motor.ext.http2.internal.frame;

import static motor.ext.http2.internal.frame.FrameReaderTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The writer's output, checked byte for byte where short and parsed back by the reader. */
class FrameWriterTest {

    private static Frame parse(byte[] bytes) throws IOException, Http2Exception {
        FrameReader reader = new FrameReader(new BytesTransport(bytes, 1), Http2.MAX_MAX_FRAME_SIZE);
        Frame f = reader.read();
        Frame copy = new Frame(f.type(), f.flags(), f.streamId(), f.copyPayload(), 0, f.length(), f.flowLength(),
                f.streamDependency());
        assertNull(reader.read(), "exactly one frame");
        return copy;
    }

    @Test
    void settings() throws IOException, Http2Exception {
        Map<Integer, Long> values = new LinkedHashMap<>();
        values.put(Http2.SETTINGS_MAX_CONCURRENT_STREAMS, 100L);
        values.put(Http2.SETTINGS_INITIAL_WINDOW_SIZE, 0x7fffffffL);
        values.put(Http2.SETTINGS_HEADER_TABLE_SIZE, 0xffffffffL);
        byte[] bytes = FrameWriter.settings(values);
        assertArrayEquals(hex("000012 04 00 00000000 0003 00000064 0004 7fffffff 0001 ffffffff"), bytes);
        assertEquals(values, Settings.parseSettings(parse(bytes)));
        assertArrayEquals(hex("000000 04 00 00000000"), FrameWriter.settings(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.settings(Map.of(1, -1L)));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.settings(Map.of(1, 1L << 32)));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.settings(Map.of(0x10000, 1L)));
    }

    @Test
    void settingsAck() throws IOException, Http2Exception {
        assertArrayEquals(hex("000000 04 01 00000000"), FrameWriter.settingsAck());
        assertTrue(parse(FrameWriter.settingsAck()).flag(Http2.FLAG_ACK));
    }

    @Test
    void ping() throws IOException, Http2Exception {
        byte[] data = hex("0102030405060708");
        assertArrayEquals(hex("000008 06 01 00000000 0102030405060708"), FrameWriter.ping(true, data));
        Frame f = parse(FrameWriter.ping(false, data));
        assertFalse(f.flag(Http2.FLAG_ACK));
        assertArrayEquals(data, f.copyPayload());
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.ping(false, new byte[7]));
    }

    @Test
    void goAway() throws IOException, Http2Exception {
        assertArrayEquals(hex("00000a 07 00 00000000 00000007 00000001 6869"),
                FrameWriter.goAway(7, Http2.PROTOCOL_ERROR, "hi"));
        Frame f = parse(FrameWriter.goAway(Integer.MAX_VALUE, Http2.ENHANCE_YOUR_CALM, null));
        assertEquals(8, f.length());
        assertEquals(Integer.MAX_VALUE, f.int32(0));
        assertEquals(Http2.ENHANCE_YOUR_CALM, f.int32(4));
        Frame longDebug = parse(FrameWriter.goAway(1, Http2.NO_ERROR, "x".repeat(20_000)));
        assertEquals(Http2.DEFAULT_MAX_FRAME_SIZE, longDebug.length(), "debug data is cut to fit any peer");
        assertEquals("\u00e9", new String(parse(FrameWriter.goAway(1, 0, "\u00e9")).copyPayload(), 8, 2,
                StandardCharsets.UTF_8));
    }

    @Test
    void rstStream() throws IOException, Http2Exception {
        assertArrayEquals(hex("000004 03 00 00000005 00000008"), FrameWriter.rstStream(5, Http2.CANCEL));
        assertEquals(Http2.REFUSED_STREAM, parse(FrameWriter.rstStream(1, Http2.REFUSED_STREAM)).int32(0));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.rstStream(0, Http2.CANCEL));
    }

    @Test
    void windowUpdate() throws IOException, Http2Exception {
        assertArrayEquals(hex("000004 08 00 00000000 7fffffff"), FrameWriter.windowUpdate(0, Integer.MAX_VALUE));
        assertEquals(1, parse(FrameWriter.windowUpdate(3, 1)).int32(0));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.windowUpdate(1, 0));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.windowUpdate(1, -5));
    }

    @Test
    void data() throws IOException, Http2Exception {
        byte[] into = new byte[20];
        assertEquals(12, FrameWriter.dataHeader(into, 3, 9, 16_384, true));
        assertArrayEquals(hex("004000 00 01 00000009"), java.util.Arrays.copyOfRange(into, 3, 12));
        Frame f = parse(FrameWriter.data(7, hex("00616263"), 1, 3, false));
        assertEquals("0/0/7/616263/3/-1", FrameReaderTest.describe(f));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.dataHeader(into, 0, 0, 1, false));
    }

    @Test
    void headersFitInOneFrame() throws IOException, Http2Exception {
        assertArrayEquals(hex("000003 01 05 00000001 828684"), FrameWriter.headers(1, hex("828684"), true, 16_384));
        assertArrayEquals(hex("000000 01 04 00000003"), FrameWriter.headers(3, new byte[0], false, 16_384));
        byte[] exact = new byte[16_384];
        byte[] one = FrameWriter.headers(1, exact, false, 16_384);
        assertEquals(9 + 16_384, one.length);
        assertEquals(Http2.FLAG_END_HEADERS, one[4]);
    }

    @Test
    void headersSplitIntoContinuations() throws IOException, Http2Exception {
        byte[] block = new byte[40_000];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        byte[] frames = FrameWriter.headers(5, block, true, 16_384);
        assertEquals(3 * 9 + 40_000, frames.length);
        FrameReader reader = new FrameReader(new BytesTransport(frames, 1000), 16_384);
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        Frame first = reader.read();
        assertEquals(Http2.HEADERS, first.type());
        assertTrue(first.flag(Http2.FLAG_END_STREAM));
        assertFalse(first.flag(Http2.FLAG_END_HEADERS));
        joined.write(first.payload(), first.offset(), first.length());
        Frame second = reader.read();
        assertEquals(Http2.CONTINUATION, second.type());
        assertEquals(0, second.flags());
        assertEquals(5, second.streamId());
        joined.write(second.payload(), second.offset(), second.length());
        Frame third = reader.read();
        assertEquals(Http2.CONTINUATION, third.type());
        assertEquals(Http2.FLAG_END_HEADERS, third.flags());
        assertEquals(40_000 - 2 * 16_384, third.length());
        joined.write(third.payload(), third.offset(), third.length());
        assertNull(reader.read());
        assertArrayEquals(block, joined.toByteArray());
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.headers(1, block, false, 100));
    }

    @Test
    void header() {
        byte[] into = new byte[9];
        assertEquals(9, FrameWriter.header(into, 0, Http2.MAX_MAX_FRAME_SIZE, 0xfa, 0xff, Integer.MAX_VALUE));
        assertArrayEquals(hex("ffffff fa ff 7fffffff"), into);
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.header(into, 0, 1 << 24, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.header(into, 0, 0, 0, 0, -1));
    }
}
