package motor.ext.http2.internal.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameReaderTest {

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A frame as a string: type, flags, stream, payload proper in hex, flow length, dependency. */
    static String describe(Frame f) {
        return f.type() + "/" + f.flags() + "/" + f.streamId() + "/" + HexFormat.of().formatHex(f.copyPayload())
                + "/" + f.flowLength() + "/" + f.streamDependency();
    }

    /** Reads every frame, returning their descriptions, or the error as its last element. */
    static List<String> readAll(byte[] input, int chunk) {
        FrameReader reader = new FrameReader(new BytesTransport(input, chunk), Http2.DEFAULT_MAX_FRAME_SIZE);
        List<String> out = new ArrayList<>();
        try {
            for (Frame f = reader.read(); f != null; f = reader.read()) {
                out.add(describe(f));
            }
        } catch (Http2Exception e) {
            out.add(e.toString());
        } catch (EOFException e) {
            out.add("EOF");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** One frame's description, the same whether read whole or one byte per read. */
    static String one(String hex) {
        List<String> whole = readAll(hex(hex), Integer.MAX_VALUE);
        assertEquals(whole, readAll(hex(hex), 1), "the same one byte at a time");
        assertEquals(1, whole.size(), () -> whole.toString());
        return whole.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            DATA                         | 000003 00 01 00000001 616263                    | 0/1/1/616263/3/-1
            DATA empty                   | 000000 00 00 00000003                           | 0/0/3//0/-1
            DATA padded                  | 000005 00 08 00000001 02 6162 0000              | 0/8/1/6162/5/-1
            DATA all padding             | 000003 00 08 00000001 02 0000                   | 0/8/1//3/-1
            HEADERS                      | 000002 01 05 00000001 8286                      | 1/5/1/8286/2/-1
            HEADERS priority             | 000007 01 24 00000003 80000001 0f 8286          | 1/36/3/8286/7/1
            HEADERS padded priority      | 000008 01 2c 00000003 01 00000005 10 82 00      | 1/44/3/82/8/5
            PRIORITY                     | 000005 02 00 00000003 80000001 10               | 2/0/3/8000000110/5/1
            RST_STREAM                   | 000004 03 00 00000001 00000008                  | 3/0/1/00000008/4/-1
            SETTINGS                     | 00000c 04 00 00000000 0001 00001000 0003 00000064 | 4/0/0/000100001000000300000064/12/-1
            SETTINGS ACK                 | 000000 04 01 00000000                           | 4/1/0//0/-1
            PUSH_PROMISE padded          | 000007 05 0c 00000001 01 00000002 82 00         | 5/12/1/0000000282/7/-1
            PING                         | 000008 06 00 00000000 0102030405060708          | 6/0/0/0102030405060708/8/-1
            PING ACK                     | 000008 06 01 00000000 0102030405060708          | 6/1/0/0102030405060708/8/-1
            GOAWAY                       | 00000a 07 00 00000000 00000003 00000002 6869    | 7/0/0/00000003000000026869/10/-1
            WINDOW_UPDATE connection     | 000004 08 00 00000000 7fffffff                  | 8/0/0/7fffffff/4/-1
            WINDOW_UPDATE stream         | 000004 08 00 00000005 00000001                  | 8/0/5/00000001/4/-1
            CONTINUATION                 | 000001 09 04 00000001 84                        | 9/4/1/84/1/-1
            unknown type passed through  | 000002 fa ff 00000007 abcd                      | 250/255/7/abcd/2/-1
            reserved bit cleared         | 000000 00 00 80000001                           | 0/0/1//0/-1
            """)
    void parses(String what, String hex, String expected) {
        assertEquals(expected, one(hex), what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            DATA on stream 0                  | 000000 00 00 00000000                  | connection error PROTOCOL_ERROR
            HEADERS on stream 0               | 000001 01 04 00000000 82               | connection error PROTOCOL_ERROR
            PRIORITY on stream 0              | 000005 02 00 00000000 0000000110       | connection error PROTOCOL_ERROR
            RST_STREAM on stream 0            | 000004 03 00 00000000 00000000         | connection error PROTOCOL_ERROR
            PUSH_PROMISE on stream 0          | 000004 05 04 00000000 00000002         | connection error PROTOCOL_ERROR
            CONTINUATION on stream 0          | 000001 09 04 00000000 82               | connection error PROTOCOL_ERROR
            SETTINGS on a stream              | 000000 04 00 00000001                  | connection error PROTOCOL_ERROR
            PING on a stream                  | 000008 06 00 00000001 0000000000000000 | connection error PROTOCOL_ERROR
            GOAWAY on a stream                | 000008 07 00 00000001 0000000000000000 | connection error PROTOCOL_ERROR
            PRIORITY of 4 bytes               | 000004 02 00 00000003 00000001         | stream 3 error FRAME_SIZE_ERROR
            PRIORITY of 6 bytes               | 000006 02 00 00000003 000000011000     | stream 3 error FRAME_SIZE_ERROR
            RST_STREAM of 3 bytes             | 000003 03 00 00000001 000000           | connection error FRAME_SIZE_ERROR
            RST_STREAM of 5 bytes             | 000005 03 00 00000001 0000000000       | connection error FRAME_SIZE_ERROR
            PING of 7 bytes                   | 000007 06 00 00000000 00000000000000   | connection error FRAME_SIZE_ERROR
            PING of 9 bytes                   | 000009 06 00 00000000 000000000000000000 | connection error FRAME_SIZE_ERROR
            WINDOW_UPDATE of 3 bytes          | 000003 08 00 00000000 000001           | connection error FRAME_SIZE_ERROR
            WINDOW_UPDATE of 5 bytes          | 000005 08 00 00000001 0000000100       | connection error FRAME_SIZE_ERROR
            SETTINGS of 5 bytes               | 000005 04 00 00000000 0001000010       | connection error FRAME_SIZE_ERROR
            SETTINGS of 7 bytes               | 000007 04 00 00000000 00010000100000   | connection error FRAME_SIZE_ERROR
            SETTINGS ACK with a payload       | 000006 04 01 00000000 000100001000     | connection error FRAME_SIZE_ERROR
            GOAWAY of 7 bytes                 | 000007 07 00 00000000 00000000000000   | connection error FRAME_SIZE_ERROR
            padded DATA without pad length    | 000000 00 08 00000001                  | connection error FRAME_SIZE_ERROR
            padded HEADERS without pad length | 000000 01 0c 00000001                  | connection error FRAME_SIZE_ERROR
            HEADERS too short for priority    | 000004 01 24 00000001 00000000         | connection error FRAME_SIZE_ERROR
            padded HEADERS short for priority | 000005 01 2c 00000001 00 00000000      | connection error FRAME_SIZE_ERROR
            DATA padding as long as payload   | 000003 00 08 00000001 03 0000          | connection error PROTOCOL_ERROR
            DATA padding longer than payload  | 000001 00 08 00000001 ff               | connection error PROTOCOL_ERROR
            HEADERS padding over priority     | 000007 01 2c 00000001 02 0000000010 00 | connection error PROTOCOL_ERROR
            PUSH_PROMISE padding too long     | 000005 05 0c 00000001 05 00000002      | connection error PROTOCOL_ERROR
            WINDOW_UPDATE of 0 on a stream    | 000004 08 00 00000001 00000000         | stream 1 error PROTOCOL_ERROR
            WINDOW_UPDATE of 0, reserved bit  | 000004 08 00 00000001 80000000         | stream 1 error PROTOCOL_ERROR
            WINDOW_UPDATE of 0 on connection  | 000004 08 00 00000000 00000000         | connection error PROTOCOL_ERROR
            """)
    void refuses(String what, String hex, String expected) {
        String result = one(hex);
        assertTrue(result.startsWith(expected), () -> what + ": " + result);
    }

    @Test
    void afterAStreamErrorTheNextFrameIsRead() throws IOException, Http2Exception {
        byte[] ping = FrameWriter.ping(false, new byte[8]);
        byte[] input = concat(hex("000004 02 00 00000003 00000001"), ping, hex("000004 08 00 00000005 00000000"),
                ping, hex("000006 02 00 00000007 000000011000"));
        for (int chunk : new int[] {1, Integer.MAX_VALUE}) {
            FrameReader reader = new FrameReader(new BytesTransport(input, chunk), 16_384);
            assertEquals(3, assertThrows(Http2Exception.class, reader::read).streamId());
            assertEquals(Http2.PING, reader.read().type());
            assertEquals(5, assertThrows(Http2Exception.class, reader::read).streamId());
            assertEquals(Http2.PING, reader.read().type());
            assertEquals(7, assertThrows(Http2Exception.class, reader::read).streamId());
            assertNull(reader.read());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 9})
    void oversizedFramesAreConnectionErrorsWithoutReadingThePayload(int type) {
        // 16385 bytes announced, none sent: the reader refuses on the header alone
        String result = one("004001 0" + type + " 00 00000001");
        assertTrue(result.startsWith("connection error FRAME_SIZE_ERROR"), result);
    }

    @Test
    void largerFramesAfterRaisingTheLimit() throws IOException, Http2Exception {
        byte[] payload = new byte[100_000];
        payload[99_999] = 7;
        byte[] input = concat(FrameWriter.data(1, payload, 0, payload.length, true), FrameWriter.settingsAck());
        FrameReader reader = new FrameReader(new BytesTransport(input, 3000), 100_000);
        Frame f = reader.read();
        assertEquals(100_000, f.length());
        assertEquals(7, f.payload()[f.offset() + 99_999]);
        assertEquals(Http2.SETTINGS, reader.read().type());
        assertNull(reader.read());
        assertThrows(IllegalArgumentException.class, () -> reader.maxFrameSize(16_383));
        assertThrows(IllegalArgumentException.class, () -> reader.maxFrameSize(1 << 24));
    }

    @Test
    void exactlyTheMaximumIsAccepted() throws IOException, Http2Exception {
        byte[] payload = new byte[Http2.DEFAULT_MAX_FRAME_SIZE];
        byte[] input = concat(FrameWriter.data(1, payload, 0, payload.length, false),
                FrameWriter.data(1, payload, 0, payload.length, false));
        for (int chunk : new int[] {1, 7, 16_393, Integer.MAX_VALUE}) {
            FrameReader reader = new FrameReader(new BytesTransport(input, chunk), Http2.DEFAULT_MAX_FRAME_SIZE);
            assertEquals(16_384, reader.read().length());
            assertEquals(16_384, reader.read().length());
            assertNull(reader.read());
        }
    }

    @Test
    void manyFramesInOneReadAndSplitAtEveryIndex() {
        byte[] input = concat(FrameWriter.settings(java.util.Map.of(Http2.SETTINGS_MAX_CONCURRENT_STREAMS, 100L)),
                FrameWriter.windowUpdate(0, 1000), FrameWriter.headers(1, hex("828684"), true, 16_384),
                FrameWriter.data(1, hex("68656c6c6f"), 0, 5, true), FrameWriter.ping(false, new byte[8]),
                FrameWriter.goAway(3, Http2.NO_ERROR, "bye"));
        List<String> whole = readAll(input, Integer.MAX_VALUE);
        assertEquals(6, whole.size());
        for (int chunk = 1; chunk <= input.length; chunk++) {
            assertEquals(whole, readAll(input, chunk), "chunks of " + chunk);
        }
        // cut at every index: the frames before the cut, then EOF (or nothing at a frame boundary)
        for (int cut = 0; cut < input.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(input, cut);
            List<String> partial = readAll(truncated, 1);
            String last = partial.isEmpty() ? null : partial.get(partial.size() - 1);
            if ("EOF".equals(last)) {
                assertEquals(whole.subList(0, partial.size() - 1), partial.subList(0, partial.size() - 1));
            } else {
                assertEquals(whole.subList(0, partial.size()), partial, "a clean end between frames");
            }
        }
    }

    @Test
    void cleanEndBetweenFramesIsNullAndInsideAFrameIsEof() throws IOException, Http2Exception {
        assertNull(new FrameReader(new BytesTransport(new byte[0], 1), 16_384).read());
        assertThrows(EOFException.class,
                () -> new FrameReader(new BytesTransport(hex("000004 08 00"), 1), 16_384).read());
        assertThrows(EOFException.class,
                () -> new FrameReader(new BytesTransport(hex("000004 08 00 00000000 0000"), 1), 16_384).read());
    }

    @Test
    void preface() throws IOException, Http2Exception {
        byte[] preface = Http2.preface();
        assertEquals(24, preface.length);
        assertArrayEquals("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), preface);
        byte[] input = concat(preface, FrameWriter.settingsAck());
        for (int chunk : new int[] {1, 5, 100}) {
            FrameReader reader = new FrameReader(new BytesTransport(input, chunk), 16_384);
            reader.readPreface();
            Frame f = reader.read();
            assertEquals(Http2.SETTINGS, f.type());
            assertTrue(f.flag(Http2.FLAG_ACK));
            assertNull(reader.read());
        }
        for (int i = 0; i < 24; i++) {
            byte[] wrong = preface.clone();
            wrong[i] ^= 0x20;
            FrameReader reader = new FrameReader(new BytesTransport(wrong, 24), 16_384);
            Http2Exception e = assertThrows(Http2Exception.class, reader::readPreface);
            assertEquals(Http2.PROTOCOL_ERROR, e.errorCode());
            assertTrue(e.isConnectionError());
        }
        byte[] http1 = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThrows(Http2Exception.class, new FrameReader(new BytesTransport(http1, 100), 16_384)::readPreface);
        assertThrows(EOFException.class,
                new FrameReader(new BytesTransport(java.util.Arrays.copyOf(preface, 23), 1), 16_384)::readPreface);
    }

    @Test
    void exceptionFactories() {
        Http2Exception c = Http2Exception.connection(Http2.ENHANCE_YOUR_CALM, "too many resets");
        assertTrue(c.isConnectionError());
        assertEquals(0, c.streamId());
        Http2Exception s = Http2Exception.stream(5, Http2.CANCEL, "x");
        assertFalse(s.isConnectionError());
        assertEquals(5, s.streamId());
        assertEquals(Http2.CANCEL, s.errorCode());
        assertThrows(IllegalArgumentException.class, () -> Http2Exception.stream(0, Http2.CANCEL, "x"));
        assertEquals("HTTP_1_1_REQUIRED", Http2.errorName(0xd));
        assertEquals("NO_ERROR", Http2.errorName(0));
        assertEquals("0xe", Http2.errorName(0xe));
        assertEquals("0xffffffff", Http2.errorName(-1));
    }
}
