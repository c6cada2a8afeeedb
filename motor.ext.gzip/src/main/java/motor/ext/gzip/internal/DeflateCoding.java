package motor.ext.gzip.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import motor.spi.ContentCoding;

/**
 * The two DEFLATE-based content codings of RFC 9110 section 8.4.1: {@code gzip} (the RFC 1952 container)
 * and {@code deflate} (the RFC 1950 "zlib" container).
 *
 * <p>Encoders draw their {@link Deflater} from a small pool: a deflater holds some 256 KiB of native
 * memory and costs more to set up than to compress a typical page, so one is reused across responses
 * and returned when the stream closes. {@link #close()} frees the pooled ones when the extension stops.
 */
final class DeflateCoding implements ContentCoding, AutoCloseable {

    /** Pooled deflaters per coding; beyond this, returned ones are freed. */
    private static final int POOL_SIZE = 32;

    private final String name;
    private final boolean gzip;
    private final int level;
    private final int bufferSize;
    private final ArrayBlockingQueue<Deflater> pool = new ArrayBlockingQueue<>(POOL_SIZE);
    private volatile boolean closed;

    private DeflateCoding(String name, boolean gzip, int level, int bufferSize) {
        this.name = name;
        this.gzip = gzip;
        this.level = level;
        this.bufferSize = bufferSize;
    }

    static DeflateCoding gzip(int level, int bufferSize) {
        return new DeflateCoding("gzip", true, level, bufferSize);
    }

    static DeflateCoding deflate(int level, int bufferSize) {
        return new DeflateCoding("deflate", false, level, bufferSize);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public OutputStream encode(OutputStream out) {
        return new DeflateEncoder(out, borrow(), gzip, bufferSize, this::giveBack);
    }

    /** Encodes a whole body at once. */
    byte[] encode(byte[] body, int offset, int length) throws IOException {
        ByteSink sink = new ByteSink(Math.max(64, length / 3));
        try (DeflateEncoder encoder = new DeflateEncoder(sink, borrow(), gzip, bufferSize, this::giveBack)) {
            encoder.write(body, offset, length);
        }
        return sink.toByteArray();
    }

    @Override
    public InputStream decode(InputStream in) throws IOException {
        if (gzip) {
            return new GZIPInputStream(in, bufferSize);
        }
        // "deflate" is the zlib format (RFC 1950), but some clients send raw DEFLATE (RFC 1951) under
        // that name; the first two bytes tell them apart, as browsers do for responses.
        PushbackInputStream pushback = new PushbackInputStream(in, 2);
        byte[] head = pushback.readNBytes(2);
        if (head.length < 2) {
            throw new EOFException("deflate body shorter than a zlib header");
        }
        pushback.unread(head);
        int cmf = head[0] & 0xff;
        int flg = head[1] & 0xff;
        boolean zlib = (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && (cmf * 256 + flg) % 31 == 0;
        Inflater inflater = new Inflater(!zlib);
        return new InflaterInputStream(pushback, inflater, bufferSize) {
            private boolean ended;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0 && inflater.needsDictionary()) {
                    throw new java.util.zip.ZipException("deflate body needs a preset dictionary");
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    if (!ended) {
                        ended = true;
                        inflater.end();
                    }
                }
            }
        };
    }

    private Deflater borrow() {
        Deflater deflater = pool.poll();
        return deflater != null ? deflater : new Deflater(level, gzip);
    }

    private void giveBack(Deflater deflater) {
        deflater.reset();
        if (closed || !pool.offer(deflater)) {
            deflater.end();
        }
    }

    @Override
    public void close() {
        closed = true;
        Deflater deflater;
        while ((deflater = pool.poll()) != null) {
            deflater.end();
        }
    }

    /** A growable byte array as a stream, without ByteArrayOutputStream's locking. */
    static final class ByteSink extends OutputStream {
        private byte[] bytes;
        private int size;

        ByteSink(int capacity) {
            bytes = new byte[capacity];
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        byte[] toByteArray() {
            return size == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, size);
        }
    }
}
