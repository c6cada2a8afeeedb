package motor.core.internal.http1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import motor.spi.Headers;
import motor.spi.HttpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedDecoderTest {

    /** The result of decoding: the data, the trailers, and how many input bytes the body took. */
    record Decoded(byte[] data, Headers trailers, int consumed) {
    }

    /** Decodes the whole input, delivered in pieces of {@code step} bytes. */
    static Decoded decode(String input, int step, boolean bareLf) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        ChunkedDecoder decoder = new ChunkedDecoder(bareLf, 1024, 10);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int available = 0;
        int pos = 0;
        while (!decoder.done()) {
            if (pos == available) {
                if (available == bytes.length) {
                    throw new IllegalStateException("input ended before the body");
                }
                available = Math.min(bytes.length, available + step);
            }
            pos = decoder.advance(bytes, pos, available);
            long remaining = decoder.remaining();
            if (remaining > 0 && pos < available) {
                int n = (int) Math.min(remaining, available - pos);
                data.write(bytes, pos, n);
                decoder.consume(n);
                pos += n;
            }
        }
        return new Decoded(data.toByteArray(), decoder.trailers(), pos);
    }

    static Decoded decodeEveryWay(String input) {
        Decoded whole = decode(input, Integer.MAX_VALUE, false);
        for (int step = 1; step < 8; step++) {
            Decoded pieces = decode(input, step, false);
            assertArrayEquals(whole.data(), pieces.data(), "step " + step);
            assertEquals(whole.trailers().toString(), pieces.trailers().toString(), "step " + step);
            assertEquals(whole.consumed(), pieces.consumed(), "step " + step);
        }
        return whole;
    }

    static void rejectEveryWay(String input, int status) {
        for (int step : new int[] {Integer.MAX_VALUE, 1, 2, 3}) {
            HttpException e = assertThrows(HttpException.class, () -> decode(input, step, false), "step " + step);
            assertEquals(status, e.status(), e.getMessage());
        }
    }

    @Test
    void chunksAndTheLastChunk() {
        Decoded d = decodeEveryWay("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        assertEquals("hello world", new String(d.data(), StandardCharsets.US_ASCII));
        assertTrue(d.trailers().isEmpty());
    }

    @Test
    void stopsAtTheEndOfTheBody() {
        String body = "3\r\nabc\r\n0\r\n\r\n";
        Decoded d = decodeEveryWay(body + "GET / HTTP/1.1\r\n");
        assertEquals(body.length(), d.consumed());
    }

    @Test
    void hexSizesInAnyCaseWithLeadingZeros() {
        Decoded d = decodeEveryWay("00A\r\n0123456789\r\nb\r\nabcdefghijk\r\n000\r\n\r\n");
        assertEquals(21, d.data().length);
    }

    @Test
    void extensionsAreSkipped() {
        Decoded d = decodeEveryWay("4;name=value;flag\r\nabcd\r\n3 ; q=\"a;\\\"b\"\r\nefg\r\n0;last\r\n\r\n");
        assertEquals("abcdefg", new String(d.data(), StandardCharsets.US_ASCII));
    }

    @Test
    void trailers() {
        Decoded d = decodeEveryWay("1\r\na\r\n0\r\nChecksum: abc\r\nX-Other:  y \r\n\r\n");
        assertEquals("abc", d.trailers().first("checksum"));
        assertEquals("y", d.trailers().first("X-Other"));
    }

    @Test
    void emptyBody() {
        assertEquals(0, decodeEveryWay("0\r\n\r\n").data().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "5\nhello\r\n0\r\n\r\n",          // bare LF after size
        "5\r\nhello\n0\r\n\r\n",          // bare LF after data
        "5\r\nhelloX\r\n0\r\n\r\n",       // data longer than its size
        "5\r\nhell\r\n0\r\n\r\n",         // data shorter (CRLF lands inside the data)
        "5\rhello\r\n0\r\n\r\n",          // CR without LF
        "\r\nhello\r\n0\r\n\r\n",         // no size
        "g\r\n",                          // not hex
        "-5\r\n",                         // sign
        "0x5\r\n",                        // prefix
        "5 x\r\nhello\r\n",               // junk after size
        "5;a\u0000b\r\nhello\r\n",        // NUL in an extension
        "5;q=\"a\r\nhello\r\n",           // CR inside a quoted string
        "5;\u007f\r\nhello\r\n",          // DEL in an extension
        "0\r\nBad Name: x\r\n\r\n",       // space in a trailer name
        "0\r\nX: a\u0001\r\n\r\n",        // control byte in a trailer value
        "0\r\n folded\r\n\r\n",           // folding in the trailers
        "0\r\nX: y\n\r\n",                // bare LF in the trailers
        "1\r\na\r\n0\r\n\n",              // bare LF ending the trailers
        "5 \r\nhello\r\n0\r\n\r\n",        // whitespace after the size without an extension
        "5;\r\nhello\r\n0\r\n\r\n",        // extension without a name
        "5;=x\r\nhello\r\n0\r\n\r\n",      // value without a name
        "5;a=\r\nhello\r\n0\r\n\r\n",      // name with '=' and no value
        "5;a b\r\nhello\r\n0\r\n\r\n",     // two names without ';'
        "5;a=\"b\"c\r\nhello\r\n0\r\n\r\n", // junk after a quoted value
    })
    void malformedFramingIs400(String input) {
        rejectEveryWay(input, 400);
    }

    @Test
    void sizeOverflowIs400() {
        rejectEveryWay("10000000000000000\r\n", 400);
        rejectEveryWay("ffffffffffffffffff\r\n", 400);
    }

    @Test
    void largestSizeIsAccepted() {
        ChunkedDecoder decoder = new ChunkedDecoder(false, 1024, 10);
        byte[] line = "7fffffffffffffff\r\n".getBytes(StandardCharsets.US_ASCII);
        decoder.advance(line, 0, line.length);
        assertEquals(Long.MAX_VALUE, decoder.remaining());
    }

    @Test
    void longSizeLineIs400() {
        rejectEveryWay("1;" + "a".repeat(ChunkedDecoder.MAX_LINE_LENGTH) + "\r\nx\r\n0\r\n\r\n", 400);
    }

    @Test
    void extensionBytesAreLimitedAcrossTheBody() {
        StringBuilder body = new StringBuilder();
        String extension = ";e=" + "x".repeat(1000);
        for (int i = 0; i < 20; i++) {
            body.append("1").append(extension).append("\r\na\r\n");
        }
        rejectEveryWay(body + "0\r\n\r\n", 400);
    }

    @Test
    void wireBytesCountFramingAndData() {
        String input = "5;x=y\r\nhello\r\n0\r\nA: b\r\n\r\n";
        ChunkedDecoder decoder = new ChunkedDecoder(false, 1024, 10);
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
        int pos = decoder.advance(bytes, 0, bytes.length);
        decoder.consume(5);
        decoder.advance(bytes, pos + 5, bytes.length);
        assertEquals(input.length(), decoder.wireBytes());
    }

    @Test
    void trailerLimitsAre431() {
        rejectEveryWay("0\r\nX: " + "a".repeat(2000) + "\r\n\r\n", 431);
        StringBuilder many = new StringBuilder("0\r\n");
        for (int i = 0; i < 11; i++) {
            many.append("X-").append(i).append(": v\r\n");
        }
        rejectEveryWay(many + "\r\n", 431);
    }

    @Test
    void bareLfIsANamedTolerance() {
        Decoded d = decode("5\nhello\n0\nX: y\n\n", 1, true);
        assertEquals("hello", new String(d.data(), StandardCharsets.US_ASCII));
        assertEquals("y", d.trailers().first("X"));
    }

    @Test
    void consumingMoreThanTheChunkIsABug() {
        ChunkedDecoder decoder = new ChunkedDecoder(false, 1024, 10);
        byte[] bytes = "2\r\nab".getBytes(StandardCharsets.US_ASCII);
        decoder.advance(bytes, 0, bytes.length);
        assertThrows(IllegalStateException.class, () -> decoder.consume(3));
    }
}
