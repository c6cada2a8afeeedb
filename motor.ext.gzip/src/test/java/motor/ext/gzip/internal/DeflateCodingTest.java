package motor.ext.gzip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Our encoders checked against the JDK's decoders, and our decoders against the JDK's encoders. */
class DeflateCodingTest {

    private final DeflateCoding gzip = DeflateCoding.gzip(6, 512);
    private final DeflateCoding deflate = DeflateCoding.deflate(6, 512);

    @AfterEach
    void close() {
        gzip.close();
        deflate.close();
    }

    private static byte[] text(int size) {
        byte[] bytes = new byte[size];
        Random random = new Random(size);
        String words = "the quick brown fox jumps over the lazy dog ";
        for (int i = 0; i < size; i++) {
            bytes[i] = random.nextInt(10) == 0 ? (byte) random.nextInt(256) : (byte) words.charAt(i % words.length());
        }
        return bytes;
    }

    @Test
    void gzipWholeBodiesDecodeWithTheJdk() throws IOException {
        for (int size : new int[] {0, 1, 511, 512, 513, 100_000}) {
            byte[] body = text(size);
            byte[] encoded = gzip.encode(body, 0, body.length);
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(encoded))) {
                assertArrayEquals(body, in.readAllBytes(), "size " + size);
            }
            // the deflater came back to the pool and was reset: the same input encodes the same way
            assertArrayEquals(encoded, gzip.encode(body, 0, body.length));
        }
    }

    @Test
    void deflateIsZlibFramed() throws IOException {
        byte[] body = text(50_000);
        byte[] encoded = deflate.encode(body, 0, body.length);
        assertEquals(0x78, encoded[0] & 0xff, "zlib header (RFC 1950)");
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(encoded))) {
            assertArrayEquals(body, in.readAllBytes());
        }
    }

    @Test
    void flushMakesEverythingWrittenDecodable() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (OutputStream out = gzip.encode(wire)) {
            out.write("first part".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // a decoder given only what is on the wire now reads the first part in full
            Inflater inflater = new Inflater(true);
            byte[] sofar = wire.toByteArray();
            inflater.setInput(sofar, 10, sofar.length - 10); // after the gzip header
            byte[] out2 = new byte[100];
            int n;
            try {
                n = inflater.inflate(out2);
            } catch (java.util.zip.DataFormatException e) {
                throw new AssertionError(e);
            } finally {
                inflater.end();
            }
            assertEquals("first part", new String(out2, 0, n, StandardCharsets.US_ASCII));
            out.write(" and the rest".getBytes(StandardCharsets.US_ASCII));
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(wire.toByteArray()))) {
            assertEquals("first part and the rest", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void decodesGzipFromTheJdk() throws IOException {
        byte[] body = text(20_000);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(encoded)) {
            out.write(body);
        }
        try (InputStream in = gzip.decode(new ByteArrayInputStream(encoded.toByteArray()))) {
            assertArrayEquals(body, in.readAllBytes());
        }
    }

    @Test
    void decodesZlibAndRawDeflate() throws IOException {
        byte[] body = text(20_000);
        for (boolean raw : new boolean[] {false, true}) {
            ByteArrayOutputStream encoded = new ByteArrayOutputStream();
            Deflater deflater = new Deflater(6, raw);
            try (OutputStream out = new DeflaterOutputStream(encoded, deflater)) {
                out.write(body);
            } finally {
                deflater.end();
            }
            try (InputStream in = deflate.decode(new ByteArrayInputStream(encoded.toByteArray()))) {
                assertArrayEquals(body, in.readAllBytes(), raw ? "raw DEFLATE" : "zlib");
            }
        }
    }

    @Test
    void garbageFailsWithAZipException() {
        byte[] garbage = "this is not gzip at all".getBytes(StandardCharsets.US_ASCII);
        assertThrows(java.util.zip.ZipException.class,
                () -> gzip.decode(new ByteArrayInputStream(garbage)).readAllBytes());
        assertThrows(IOException.class, () -> deflate.decode(new ByteArrayInputStream(new byte[1])).readAllBytes());
    }

    @Test
    void zlibWithAPresetDictionaryIsRefused() throws IOException {
        Deflater deflater = new Deflater();
        deflater.setDictionary("a dictionary".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        try (OutputStream out = new DeflaterOutputStream(encoded, deflater)) {
            out.write(text(1000));
        } finally {
            deflater.end();
        }
        assertThrows(java.util.zip.ZipException.class,
                () -> deflate.decode(new ByteArrayInputStream(encoded.toByteArray())).readAllBytes());
    }

    @Test
    void aReleasedEncoderRefusesWrites() throws IOException {
        DeflateEncoder encoder = (DeflateEncoder) gzip.encode(new ByteArrayOutputStream());
        encoder.write(1);
        encoder.release();
        encoder.release(); // idempotent
        assertThrows(IOException.class, () -> encoder.write(2));
    }
}
