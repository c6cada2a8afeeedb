package motor.ext.proxy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An upstream response body as a blocking stream, fed by the HTTP client's body publisher.
 *
 * <p>It asks for one batch of buffers at a time and for the next only once the previous was taken, so at
 * most two batches wait here whatever the upstream's speed: a slow client slows the upstream instead of
 * filling memory. A read waits at most the idle timeout for the next batch and then fails with
 * {@link IdleTimeout}. {@link #close()} cancels the subscription, which makes the client drop the
 * upstream connection: the way a client that went away cancels the upstream exchange.
 */
final class UpstreamBody extends InputStream implements HttpResponse.BodySubscriber<UpstreamBody> {

    /** The upstream sent nothing for longer than the idle timeout. */
    static final class IdleTimeout extends InterruptedIOException {
        private static final long serialVersionUID = 1L;

        IdleTimeout() {
            super("the upstream sent nothing within the idle timeout");
        }
    }

    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final long idleNanos;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private Iterator<ByteBuffer> batch;
    private ByteBuffer buffer;
    private boolean ended;
    private IOException failure;

    /**
     * Creates a body.
     *
     * @param idleNanos the longest wait for the next bytes, in nanoseconds; 0 or less for no limit
     */
    UpstreamBody(long idleNanos) {
        this.idleNanos = idleNanos;
    }

    @Override
    public CompletionStage<UpstreamBody> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable error) {
        queue.add(error);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill(true)) {
            return -1;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    /**
     * {@return whether bytes can be read without waiting} The copy loop flushes to the client when none
     * can, so that what the upstream sent so far reaches the client at once.
     */
    boolean ready() throws IOException {
        return fill(false);
    }

    /** Makes {@code buffer} hold bytes; returns false at the end, or when {@code wait} is false and none are here. */
    private boolean fill(boolean wait) throws IOException {
        while (buffer == null || !buffer.hasRemaining()) {
            if (batch != null && batch.hasNext()) {
                buffer = batch.next();
                continue;
            }
            if (failure != null) {
                throw failure;
            }
            if (ended || closed) {
                return false;
            }
            Object item;
            if (!wait) {
                item = queue.poll();
                if (item == null) {
                    return false;
                }
            } else {
                try {
                    item = idleNanos > 0 ? queue.poll(idleNanos, TimeUnit.NANOSECONDS) : queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new InterruptedIOException("interrupted while waiting for the upstream");
                }
                if (item == null) {
                    close();
                    failure = new IdleTimeout();
                    throw failure;
                }
            }
            if (item == END) {
                ended = true;
            } else if (item instanceof Throwable error) {
                failure = error instanceof IOException io ? io : new IOException("reading the upstream response failed", error);
            } else {
                @SuppressWarnings("unchecked")
                List<ByteBuffer> buffers = (List<ByteBuffer>) item;
                batch = buffers.iterator();
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.request(1);
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null && !ended) {
            s.cancel();
        }
        queue.clear();
        batch = null;
        buffer = null;
    }
}
