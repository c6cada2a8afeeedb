package motor.ext.sse.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import motor.ext.sse.SseEmitter;
import motor.ext.sse.SseEvent;

/**
 * The emitter of one open stream, writing to the response's body stream.
 *
 * <pre>
 *   OPEN --send/comment/heartbeat (one writer at a time: the turn)--> OPEN
 *     |  close(): producer returned, close(), failed write, broadcaster drop, server stopping
 *     v
 *   CLOSED (reason set, callbacks run, waiters woken; nothing more is written)
 *     |  finish(): the handler thread, before the response ends, once the write in progress is done
 *     v
 *   FINISHED (no write can reach the response after the handler returned)
 * </pre>
 *
 * <p>One lock, {@code state}, never held around I/O. It guards the reason, the callbacks and the turn:
 * the {@code writing} flag that a writer sets before it writes and flushes, and clears after. Writers
 * wait for the turn on a condition that closing also signals, so that when the stream ends every sender
 * waiting behind a write to a slow client returns {@code false} at once, instead of waiting for that
 * write to end (which, for a client that keeps reading a little, may take as long as it likes).
 * {@link #close(CloseReason)} from another thread (a broadcaster dropping a slow subscriber, the server
 * stopping) thus returns at once even while a write is stuck. Whoever closes runs the callbacks, outside
 * the lock.
 */
public final class StreamEmitter implements SseEmitter {

    private static final System.Logger LOG = System.getLogger(StreamEmitter.class.getName());
    private static final AtomicLong IDS = new AtomicLong();
    /** The longest wait that fits in nanoseconds; longer ones wait as long as this (about 292 years). */
    private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

    private final OutputStream out;
    private final String lastEventId;
    private final long heartbeatNanos;
    private final int maxIdBytes;
    private final ReentrantLock state = new ReentrantLock();
    /** Signalled when the stream ends. */
    private final Condition ended = state.newCondition();
    /** Signalled when the turn is free, and when the stream ends. */
    private final Condition turn = state.newCondition();
    private volatile CloseReason reason;
    /** Guarded by state: a writer holds the turn (it writes to {@code out}, outside the lock). */
    private boolean writing;
    /** Guarded by state. */
    private boolean finished;
    /** Guarded by state; null once they have run. */
    private List<Consumer<CloseReason>> callbacks = new ArrayList<>(2);
    private volatile long lastWrite;

    /**
     * Creates an emitter; {@link #startHeartbeat()} starts its heartbeats.
     *
     * @param out         the response's body stream
     * @param lastEventId the client's Last-Event-ID, checked, or null
     * @param heartbeat   how long the stream may stay silent before a heartbeat comment; zero for none
     * @param maxIdBytes  the longest Last-Event-ID the server accepts, in bytes: the longest event id sent
     */
    public StreamEmitter(OutputStream out, String lastEventId, Duration heartbeat, int maxIdBytes) {
        this.out = Objects.requireNonNull(out);
        this.lastEventId = lastEventId;
        this.heartbeatNanos = heartbeat.toNanos();
        this.maxIdBytes = maxIdBytes;
        this.lastWrite = System.nanoTime();
    }

    @Override
    public boolean send(SseEvent event) {
        checkId(event);
        return write(EventEncoder.encode(event));
    }

    /**
     * Checks that the event's id can come back: a client that reconnects after it sends it as
     * {@code Last-Event-ID}, which the server refuses with 400 beyond {@code sse.maxLastEventIdLength}
     * bytes, and a browser gives up for good at a 400.
     *
     * @param event the event to send
     * @throws IllegalArgumentException if its id is longer than that in UTF-8
     */
    public void checkId(SseEvent event) {
        String id = event.id();
        if (id == null || id.length() * 3L <= maxIdBytes) {
            return; // no UTF-16 unit takes more than 3 bytes
        }
        int bytes = id.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxIdBytes) {
            throw new IllegalArgumentException("an event id of " + bytes + " bytes is longer than the "
                    + maxIdBytes + " that sse.maxLastEventIdLength lets a client send back when it reconnects");
        }
    }

    @Override
    public boolean comment(String text) {
        return write(EventEncoder.comment(text));
    }

    /**
     * Writes bytes already encoded (a broadcast event encoded once for every subscriber) and flushes.
     *
     * @param bytes a whole event or comment
     * @return whether it was written
     */
    public boolean write(byte[] bytes) {
        if (reason != null || !takeTurn()) {
            return false;
        }
        boolean written = false;
        try {
            written = writeAndFlush(bytes);
        } finally {
            releaseTurn();
        }
        if (!written) {
            close(CloseReason.CLIENT_GONE);
        }
        return written;
    }

    /**
     * {@return whether this thread got the turn to write} It waits for the turn, and gets false as soon as
     * the stream ends.
     */
    private boolean takeTurn() {
        state.lock();
        try {
            while (writing && reason == null) {
                turn.awaitUninterruptibly();
            }
            if (reason != null || finished) {
                return false;
            }
            writing = true;
            return true;
        } finally {
            state.unlock();
        }
    }

    private void releaseTurn() {
        state.lock();
        try {
            writing = false;
            // all: the waiters may be senders that find the stream closed and leave, and finish()
            turn.signalAll();
        } finally {
            state.unlock();
        }
    }

    /**
     * Flushes the response head to the client, with a first event if there is one (the retry hint).
     *
     * @param first bytes to send first, or null
     */
    void open(byte[] first) {
        // nobody else writes yet; the head goes out even if the server is stopping already, so that the
        // client reconnects later rather than give up
        state.lock();
        try {
            writing = true;
        } finally {
            state.unlock();
        }
        boolean written = false;
        try {
            written = writeAndFlush(first);
        } finally {
            releaseTurn();
        }
        if (!written) {
            close(CloseReason.CLIENT_GONE);
        }
    }

    /**
     * Writes and flushes while holding the turn; the caller closes the stream on failure, once it has
     * released the turn.
     *
     * @param bytes what to write, or null to flush alone
     * @return false if the write failed: the client is gone
     */
    private boolean writeAndFlush(byte[] bytes) {
        try {
            if (bytes != null) {
                out.write(bytes);
            }
            out.flush();
            lastWrite = System.nanoTime();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Optional<String> lastEventId() {
        return Optional.ofNullable(lastEventId);
    }

    @Override
    public boolean isOpen() {
        return reason == null;
    }

    @Override
    public Optional<CloseReason> closeReason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public void onClose(Consumer<CloseReason> callback) {
        Objects.requireNonNull(callback, "callback");
        state.lock();
        try {
            if (callbacks != null) {
                callbacks.add(callback);
                return;
            }
        } finally {
            state.unlock();
        }
        run(callback, reason);
    }

    /**
     * Takes back a callback that has not run: for a broadcaster whose subscriber leaves a stream that goes
     * on (so that a stream joining one broadcaster after another does not keep them all).
     *
     * @param callback the callback given to {@link #onClose}, compared by identity
     */
    public void removeOnClose(Consumer<CloseReason> callback) {
        state.lock();
        try {
            if (callbacks != null) {
                callbacks.removeIf(c -> c == callback);
            }
        } finally {
            state.unlock();
        }
    }

    /** {@return how many callbacks wait for the end; for tests} */
    int pendingCallbacks() {
        state.lock();
        try {
            return callbacks == null ? 0 : callbacks.size();
        } finally {
            state.unlock();
        }
    }

    @Override
    public void awaitClose() throws InterruptedException {
        state.lock();
        try {
            while (reason == null) {
                ended.await();
            }
        } finally {
            state.unlock();
        }
    }

    @Override
    public boolean awaitClose(Duration timeout) throws InterruptedException {
        // saturated: a timeout of centuries (ChronoUnit.FOREVER, say) overflows toNanos()
        long nanos = timeout.compareTo(FOREVER) >= 0 ? Long.MAX_VALUE : timeout.toNanos();
        state.lock();
        try {
            while (reason == null) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = ended.awaitNanos(nanos);
            }
            return true;
        } finally {
            state.unlock();
        }
    }

    @Override
    public void close() {
        close(CloseReason.ENDED);
    }

    /**
     * Ends the stream for {@code why} unless it has ended already; never blocks on I/O. Every callback
     * runs even if one fails; an {@link Error} other than a {@link LinkageError} is thrown after them all.
     *
     * @param why the reason
     * @return whether this call ended it
     */
    public boolean close(CloseReason why) {
        List<Consumer<CloseReason>> toRun;
        state.lock();
        try {
            if (reason != null) {
                return false;
            }
            reason = why;
            toRun = callbacks;
            callbacks = null;
            ended.signalAll();
            turn.signalAll();
        } finally {
            state.unlock();
        }
        Error failure = null;
        for (Consumer<CloseReason> callback : toRun) {
            try {
                run(callback, why);
            } catch (Error e) {
                // every callback still runs: a broadcaster's own one wakes its subscriber's thread
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return true;
    }

    /**
     * Ends the stream and makes sure nothing is written to the response any more: called by the handler's
     * thread before the handler returns and the server finishes the response. Waits for a write in
     * progress.
     */
    void finish() {
        try {
            close(CloseReason.ENDED);
        } finally {
            // even when a callback failed: the response must not be written to once the handler returns
            state.lock();
            try {
                while (writing) {
                    turn.awaitUninterruptibly();
                }
                finished = true;
            } finally {
                state.unlock();
            }
        }
    }

    /** Starts the virtual thread that sends a heartbeat whenever the stream has been silent long enough. */
    void startHeartbeat() {
        if (heartbeatNanos > 0 && reason == null) {
            Thread.ofVirtual().name("sse-heartbeat-" + IDS.incrementAndGet()).start(this::beat);
        }
    }

    /**
     * The heartbeat loop: sleeps until the stream has been silent for the interval, then writes an empty
     * comment. A write in progress counts as activity (the heartbeat takes the turn only when it is free,
     * so that it never queues behind a stuck write). Ends when the stream ends.
     */
    private void beat() {
        long due = lastWrite + heartbeatNanos;
        while (true) {
            boolean beat = false;
            state.lock();
            try {
                long wait;
                while (reason == null && (wait = due - System.nanoTime()) > 0) {
                    ended.awaitNanos(wait);
                }
                if (reason != null) {
                    return;
                }
                // a write in progress counts as activity: the heartbeat never waits behind a stuck one
                if (!writing && !finished && System.nanoTime() - lastWrite >= heartbeatNanos) {
                    writing = true;
                    beat = true;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                state.unlock();
            }
            if (beat) {
                boolean written = false;
                try {
                    written = writeAndFlush(EventEncoder.HEARTBEAT);
                } finally {
                    releaseTurn();
                }
                if (!written) {
                    close(CloseReason.CLIENT_GONE);
                    return;
                }
                due = lastWrite + heartbeatNanos;
            } else {
                long next = lastWrite + heartbeatNanos;
                // a write is in progress (or was just made): look again one interval after it
                due = next - System.nanoTime() > 0 ? next : System.nanoTime() + heartbeatNanos;
            }
        }
    }

    private static void run(Consumer<CloseReason> callback, CloseReason why) {
        try {
            callback.accept(why);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "an SSE onClose callback failed", e);
        }
    }
}
