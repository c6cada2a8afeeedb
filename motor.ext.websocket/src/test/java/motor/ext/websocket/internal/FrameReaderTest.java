package motor.ext.websocket.internal;

import static motor.ext.websocket.internal.TestFrames.concat;
import static motor.ext.websocket.internal.TestFrames.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import motor.ext.websocket.WebSocketException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The frame parser on bytes: whole, split at every index, one byte at a time, and hostile heads. */
class FrameReaderTest {

    /** A source that hands out the bytes in the given pieces, one piece (or less) per read. */
    static FrameReader.Source pieces(byte[] bytes, int... splits) {
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        for (int split : splits) {
            chunks.add(java.util.Arrays.copyOfRange(bytes, from, split));
            from = split;
        }
        chunks.add(java.util.Arrays.copyOfRange(bytes, from, bytes.length));
        return new FrameReader.Source() {
            int chunk;
            int pos;

            @Override
            public int read(byte[] buffer, int offset, int length) {
                while (chunk < chunks.size() && pos == chunks.get(chunk).length) {
                    chunk++;
                    pos = 0;
                }
                if (chunk == chunks.size()) {
                    return -1;
                }
                byte[] c = chunks.get(chunk);
                int n = Math.min(length, c.length - pos);
                System.arraycopy(c, pos, buffer, offset, n);
                pos += n;
                return n;
            }
        };
    }

    static FrameReader.Source byteAtATime(byte[] bytes) {
        int[] splits = new int[Math.max(0, bytes.length - 1)];
        for (int i = 0; i < splits.length; i++) {
            splits[i] = i + 1;
        }
        return pieces(bytes, splits);
    }

    record Parsed(int opcode, boolean fin, boolean rsv1, byte[] payload) {
    }

    /** Reads every frame; small payload reads, to cross the buffer's edges. */
    static List<Parsed> readAll(FrameReader reader) throws IOException {
        List<Parsed> frames = new ArrayList<>();
        while (reader.next()) {
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            byte[] buffer = new byte[7];
            int n;
            while ((n = reader.readPayload(buffer, 0, buffer.length)) >= 0) {
                payload.write(buffer, 0, n);
            }
            frames.add(new Parsed(reader.opcode(), reader.fin(), reader.rsv1(), payload.toByteArray()));
        }
        return frames;
    }

    static FrameReader reader(FrameReader.Source source) {
        return new FrameReader(source, 1 << 20, false, 32);
    }

    private static byte[] bytes(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    void sequenceParsesTheSameWhateverTheSplit() throws IOException {
        byte[] stream = concat(
                frame(true, 0, FrameReader.TEXT, "Hello".getBytes(StandardCharsets.UTF_8)),
                frame(false, 0, FrameReader.BINARY, bytes(126)),
                frame(true, 0, FrameReader.PING, bytes(125)),
                frame(true, 0, FrameReader.CONTINUATION, bytes(300)),
                frame(true, 0, FrameReader.BINARY, new byte[0]),
                frame(true, 0, FrameReader.CLOSE, new byte[] {3, (byte) 0xE8}));
        List<Parsed> whole = readAll(reader(pieces(stream)));
        assertEquals(6, whole.size());
        assertEquals("Hello", new String(whole.get(0).payload(), StandardCharsets.UTF_8));
        assertFalse(whole.get(1).fin());
        assertArrayEquals(bytes(126), whole.get(1).payload());
        assertEquals(FrameReader.PING, whole.get(2).opcode());
        assertArrayEquals(bytes(300), whole.get(3).payload());
        assertEquals(0, whole.get(4).payload().length);
        for (int split = 0; split <= stream.length; split++) {
            List<Parsed> parsed = readAll(reader(pieces(stream, split)));
            assertEquals(whole.size(), parsed.size(), "split at " + split);
            for (int i = 0; i < whole.size(); i++) {
                assertArrayEquals(whole.get(i).payload(), parsed.get(i).payload(), "split at " + split);
                assertEquals(whole.get(i).opcode(), parsed.get(i).opcode());
                assertEquals(whole.get(i).fin(), parsed.get(i).fin());
            }
        }
        List<Parsed> single = readAll(reader(byteAtATime(stream)));
        assertEquals(whole.size(), single.size());
        assertArrayEquals(whole.get(3).payload(), single.get(3).payload());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 100_000})
    void lengthsAtTheEncodingBoundaries(int length) throws IOException {
        byte[] payload = bytes(length);
        List<Parsed> parsed = readAll(new FrameReader(pieces(frame(true, 0, FrameReader.BINARY, payload)), 1 << 20,
                false, 16 * 1024));
        assertEquals(1, parsed.size());
        assertArrayEquals(payload, parsed.get(0).payload());
    }

    @Test
    void unmaskingIsRightAtEveryOffsetAndLength() throws IOException {
        for (int length = 0; length < 70; length++) {
            byte[] payload = bytes(length);
            byte[] frame = frame(true, 0, FrameReader.BINARY, payload, new byte[] {(byte) 0x9A, 0x13, (byte) 0xF0, 0x5C},
                    length);
            for (int chunk = 1; chunk <= 33; chunk += 4) {
                FrameReader reader = reader(pieces(frame));
                assertTrue(reader.next());
                byte[] got = new byte[length + 3];
                int at = 3; // an odd offset in the destination
                int n;
                while ((n = reader.readPayload(got, at, Math.min(chunk, got.length - at))) > 0) {
                    at += n;
                }
                assertArrayEquals(payload, java.util.Arrays.copyOfRange(got, 3, 3 + length), "length " + length
                        + ", reads of " + chunk);
            }
        }
    }

    private static int failure(byte[] stream) {
        return failure(stream, 1 << 20, false);
    }

    private static int failure(byte[] stream, long maxFrame, boolean compression) {
        FrameReader reader = new FrameReader(pieces(stream), maxFrame, compression, 64);
        WebSocketException e = assertThrows(WebSocketException.class, () -> readAll(reader));
        // the same failure however the bytes arrive
        for (int split = 0; split <= stream.length; split++) {
            FrameReader again = new FrameReader(pieces(stream, split), maxFrame, compression, 64);
            WebSocketException e2 = assertThrows(WebSocketException.class, () -> readAll(again), "split " + split);
            assertEquals(e.code(), e2.code());
        }
        return e.code();
    }

    @Test
    void unmaskedClientFrameIsAProtocolError() {
        assertEquals(1002, failure(frame(true, 0, FrameReader.TEXT, "hi".getBytes(StandardCharsets.UTF_8), false)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void reservedBitsAreAProtocolErrorWithoutAnExtension(int rsv) {
        assertEquals(1002, failure(frame(true, rsv, FrameReader.TEXT, new byte[] {'a'})));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 6, 7})
    void rsv2AndRsv3AreAProtocolErrorEvenWithCompression(int rsv) {
        assertEquals(1002, failure(frame(true, rsv, FrameReader.TEXT, new byte[] {'a'}), 1 << 20, true));
    }

    @Test
    void rsv1IsAllowedOnlyOnTheFirstDataFrameWithCompression() throws IOException {
        FrameReader ok = new FrameReader(pieces(frame(false, 4, FrameReader.TEXT, new byte[] {1})), 100, true, 64);
        assertTrue(ok.next());
        assertTrue(ok.rsv1());
        assertEquals(1002, failure(concat(frame(false, 4, FrameReader.TEXT, new byte[] {1}),
                frame(true, 4, FrameReader.CONTINUATION, new byte[] {1})), 100, true));
        assertEquals(1002, failure(frame(true, 4, FrameReader.PING, new byte[] {1}), 100, true));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void reservedOpcodesAreAProtocolError(int opcode) {
        assertEquals(1002, failure(frame(true, 0, opcode, new byte[0])));
    }

    @ParameterizedTest
    @ValueSource(ints = {FrameReader.PING, FrameReader.PONG, FrameReader.CLOSE})
    void controlFramesMustBeShortAndWhole(int opcode) {
        assertEquals(1002, failure(frame(true, 0, opcode, bytes(126))));
        assertEquals(1002, failure(frame(false, 0, opcode, bytes(2))));
    }

    @Test
    void fragmentationOrderIsChecked() throws IOException {
        assertEquals(1002, failure(frame(true, 0, FrameReader.CONTINUATION, bytes(3))), "nothing to continue");
        assertEquals(1002, failure(concat(frame(false, 0, FrameReader.TEXT, bytes(3)),
                frame(true, 0, FrameReader.TEXT, bytes(3)))), "a new message inside a fragmented one");
        assertEquals(1002, failure(concat(frame(true, 0, FrameReader.TEXT, bytes(3)),
                frame(true, 0, FrameReader.CONTINUATION, bytes(3)))), "continuation after the last fragment");
        List<Parsed> interleaved = readAll(reader(pieces(concat(frame(false, 0, FrameReader.TEXT, bytes(3)),
                frame(true, 0, FrameReader.PING, bytes(2)), frame(true, 0, FrameReader.CONTINUATION, bytes(3))))));
        assertEquals(3, interleaved.size(), "control frames may come between fragments");
    }

    @Test
    void sixtyFourBitLengthWithTheTopBitSetIsRefusedBeforeAnyPayload() {
        byte[] head = frame(true, 0, FrameReader.BINARY, new byte[0], new byte[] {1, 2, 3, 4}, Long.MIN_VALUE);
        assertEquals(1002, failure(head));
        byte[] all = frame(true, 0, FrameReader.BINARY, new byte[0], new byte[] {1, 2, 3, 4}, -1L);
        assertEquals(1002, failure(all));
    }

    @Test
    void lengthAboveTheLimitIsRefusedBeforeReadingThePayload() {
        byte[] head = frame(true, 0, FrameReader.BINARY, new byte[0], new byte[] {1, 2, 3, 4}, 1L << 40);
        assertEquals(1009, failure(head, 1 << 20, false));
        assertEquals(1009, failure(frame(true, 0, FrameReader.BINARY, bytes(101)), 100, false));
    }

    @Test
    void lengthsNotInTheirShortestFormAreRefused() {
        assertEquals(1002, failure(nonMinimal16()));
        assertEquals(1002, failure(nonMinimal64()));
    }

    private static byte[] nonMinimal16() {
        return new byte[] {(byte) 0x82, (byte) (0x80 | 126), 0, 5, 0, 0, 0, 0, 1, 2, 3, 4, 5};
    }

    private static byte[] nonMinimal64() {
        return new byte[] {(byte) 0x82, (byte) (0x80 | 127), 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 1, 2, 3, 4, 5};
    }

    @Test
    void endOfStreamBetweenFramesIsCleanInsideOneIsNot() throws IOException {
        assertFalse(reader(pieces(new byte[0])).next());
        byte[] frame = frame(true, 0, FrameReader.BINARY, bytes(10));
        for (int cut = 1; cut < frame.length; cut++) {
            byte[] partial = java.util.Arrays.copyOf(frame, cut);
            assertThrows(EOFException.class, () -> readAll(reader(pieces(partial))), "cut at " + cut);
        }
    }
}
