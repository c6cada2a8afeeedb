package motor.ext.proxy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import motor.spi.HttpException;

/**
 * The client's request body as the HTTP client reads it to send it upstream, on the client's own thread.
 * It counts what was read, so that a retry happens only while no byte has left, and it keeps the
 * client's failure (a body over the limit, a malformed chunk, a client gone) apart from the upstream's,
 * so that the client gets its 413 or 400 rather than a 502 blamed on the upstream.
 */
final class ClientBody extends InputStream {

    private final InputStream in;
    private volatile long read;
    private volatile Exception failure;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    /** Held while a read runs, so that {@link #detach()} can wait for it; never around anything else. */
    private final ReentrantLock reading = new ReentrantLock();
    private volatile boolean detached;

    ClientBody(InputStream in) {
        this.in = in;
    }

    /** {@return the bytes read from the client so far} */
    long bytesRead() {
        return read;
    }

    /** {@return a future that completes when the body has been read to its end or failed} */
    CompletableFuture<Void> finished() {
        return finished;
    }

    /** {@return the client's failure: an {@link HttpException} or an {@link IOException}; or {@code null}} */
    Exception failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    /**
     * Ends the HTTP client's access to the body, waiting for a read in progress on its thread to return:
     * once the handler returns, the server reads the connection again (to drain or to close it), and two
     * threads must never read it at once. The HTTP client may still be reading when the exchange ends
     * early: an upstream that answered before the upload was complete, a timeout.
     */
    void detach() {
        detached = true;
        reading.lock();
        reading.unlock();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        reading.lock();
        try {
            if (detached) {
                throw new IOException("the exchange this body belonged to is over");
            }
            n = in.read(b, off, len);
        } catch (HttpException e) {
            failure = e;
            finished.complete(null);
            throw new IOException("the client's request body was refused", e);
        } catch (IOException e) {
            if (!detached) {
                failure = e;
            }
            finished.complete(null);
            throw e;
        } finally {
            reading.unlock();
        }
        if (n > 0) {
            read += n;
        } else if (n < 0) {
            finished.complete(null);
        }
        return n;
    }

    @Override
    public void close() {
        // the server owns the request body: it drains or discards the rest itself
    }
}
