package motor.ext.multipart.internal;

import java.io.IOException;
import java.io.InputStream;
import motor.spi.HttpException;
import motor.spi.Status;

/** Passes a stream through and answers 413 with a given message once more than a limit has been read. */
public final class LimitedInputStream extends InputStream {

    private final InputStream in;
    private final long limit;
    private final String message;
    private long count;

    /**
     * Wraps a stream.
     *
     * @param in      the stream
     * @param limit   the most bytes allowed
     * @param message the 413's message, naming the limit
     */
    public LimitedInputStream(InputStream in, long limit, String message) {
        this.in = in;
        this.limit = limit;
        this.message = message;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        // Never ask for more than one byte past the limit: enough to notice, without reading far beyond it.
        long room = limit - count;
        int n = in.read(b, off, room >= len ? len : (int) Math.max(1, room + 1));
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) {
        count += n;
        if (count > limit) {
            throw new HttpException(Status.CONTENT_TOO_LARGE, message);
        }
    }
}
