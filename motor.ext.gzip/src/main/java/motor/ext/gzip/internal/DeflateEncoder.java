package motor.ext.gzip.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses what is written to it into {@code out}, as a gzip member (RFC 1952: a 10-byte header, raw
 * DEFLATE, then CRC-32 and length) or as a zlib stream (RFC 1950, which the deflater frames itself).
 *
 * <p>{@link #flush()} is a DEFLATE sync flush: everything written so far becomes decodable by the
 * client, which is what a streamed response that flushes (a progress report, a feed) needs. It costs a
 * few bytes, so writes alone never flush. {@link #close()} finishes the stream, closes {@code out} and
 * hands the deflater back for reuse; a stream that is abandoned must be {@link #release() released}.
 */
final class DeflateEncoder extends OutputStream {

    private static final byte[] GZIP_HEADER = {
        0x1f, (byte) 0x8b, // magic
        8,                 // compression method: deflate
        0,                 // flags: none
        0, 0, 0, 0,        // modification time: none
        0,                 // extra flags
        (byte) 255         // operating system: unknown
    };

    private final OutputStream out;
    private final boolean gzip;
    private final byte[] buffer;
    private final CRC32 crc;
    private final Consumer<Deflater> release;
    private Deflater deflater;
    private boolean headerWritten;
    private long inputBytes;

    DeflateEncoder(OutputStream out, Deflater deflater, boolean gzip, int bufferSize, Consumer<Deflater> release) {
        this.out = out;
        this.deflater = deflater;
        this.gzip = gzip;
        this.buffer = new byte[bufferSize];
        this.crc = gzip ? new CRC32() : null;
        this.release = release;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        Deflater d = open();
        if (len == 0) {
            return;
        }
        if (gzip) {
            crc.update(b, off, len);
        }
        inputBytes += len;
        d.setInput(b, off, len);
        while (!d.needsInput()) {
            drain(d, Deflater.NO_FLUSH);
        }
    }

    @Override
    public void flush() throws IOException {
        Deflater d = open();
        int n;
        do {
            n = drain(d, Deflater.SYNC_FLUSH);
        } while (n == buffer.length);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (deflater == null) {
            return;
        }
        try {
            Deflater d = open();
            d.finish();
            while (!d.finished()) {
                drain(d, Deflater.NO_FLUSH);
            }
            if (gzip) {
                writeTrailer();
            }
        } finally {
            release();
        }
        out.close();
    }

    /** Gives the deflater back without finishing the stream (after a failure). Idempotent. */
    void release() {
        Deflater d = deflater;
        if (d != null) {
            deflater = null;
            release.accept(d);
        }
    }

    private Deflater open() throws IOException {
        Deflater d = deflater;
        if (d == null) {
            throw new IOException("compressed stream closed");
        }
        if (gzip && !headerWritten) {
            headerWritten = true;
            out.write(GZIP_HEADER);
        }
        return d;
    }

    private int drain(Deflater d, int flush) throws IOException {
        int n = d.deflate(buffer, 0, buffer.length, flush);
        if (n > 0) {
            out.write(buffer, 0, n);
        }
        return n;
    }

    private void writeTrailer() throws IOException {
        long value = crc.getValue();
        int size = (int) inputBytes; // ISIZE is the length modulo 2^32
        byte[] trailer = {
            (byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24),
            (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)
        };
        out.write(trailer);
    }
}
