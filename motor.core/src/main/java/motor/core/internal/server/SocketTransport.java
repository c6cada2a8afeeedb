package motor.core.internal.server;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;
import motor.spi.transport.Transport;

/**
 * The innermost transport: a non-blocking socket (TCP or Unix domain) that looks blocking to the
 * connection's virtual threads. A read or write that cannot proceed parks the thread; the
 * {@link EventLoop} unparks it when the socket is ready. Compared with a blocking channel on a virtual
 * thread, a connection waiting for its next request costs no failed read and no re-registration, and a
 * connection idle for long has no thread at all.
 *
 * <pre>
 *   IDLE ──loop: readable──► RUNNING ──loop: readable, no reader waiting──► READY (read interest off;
 *    ▲                        │  ▲                                          the next read wait returns at once)
 *    └── suspend (long idle) ─┘  └──────────── a read wait ◄─────────────────┘
 * </pre>
 *
 * <p>Besides that state, a reader and a writer may each be waiting, on two different threads at the same
 * time (an HTTP/2 connection reads frames while handlers write, a WebSocket session sends while its
 * connection reads): each has its own flag and thread, the socket's interest is the union of what they
 * wait for (read interest also stays on while running, so that a connection between requests costs no
 * re-registration), and readiness wakes exactly the side it concerns. A timeout, a shutdown or a close
 * wakes both.
 *
 * <p>State, flags and interest change together under this object's monitor, which is never held while
 * parking or doing I/O. One thread reads and one writes at a time.
 */
final class SocketTransport implements Transport {

    static final int RUNNING = 0;
    static final int IDLE = 3;
    static final int READY = 4;
    static final int CLOSED = 5;

    private final SocketChannel channel;
    private final Watch watch;
    private final SocketAddress remote;
    private final SocketAddress local;
    private final Clock clock;
    private final EventLoop loop;
    private final Http1Connection connection;

    private SelectionKey key;
    private int state = IDLE;
    private int interest = SelectionKey.OP_READ;
    private boolean suspendRequested;
    /** Whether a read waits for readiness; the event loop clears it when it wakes the reader. */
    private boolean readWaiting;
    /** Whether a write waits for the socket to drain; cleared when the writer is woken. */
    private boolean writeWaiting;
    private volatile Thread readWaiter;
    private volatile Thread writeWaiter;

    private ByteBuffer readView;
    private ByteBuffer writeView;

    SocketTransport(SocketChannel channel, Watch watch, Clock clock, EventLoop loop, Http1Connection connection)
            throws IOException {
        this.channel = channel;
        this.watch = watch;
        this.clock = clock;
        this.loop = loop;
        this.connection = connection;
        this.remote = channel.getRemoteAddress();
        this.local = channel.getLocalAddress();
        channel.configureBlocking(false);
    }

    SocketChannel channel() {
        return channel;
    }

    /** Registers with the event loop; the connection starts when its first bytes arrive. */
    void register() {
        loop.register(channel, this);
    }

    /**
     * {@return whether waits go through an event loop; without one (a socket served in place, as the
     * microbenchmarks do) reads are simply retried}
     */
    private boolean looped() {
        return loop != null;
    }

    // ---------------------------------------------------------------- event loop side

    synchronized void registered(SelectionKey key) {
        this.key = key;
        if (state == CLOSED) {
            key.cancel();
        }
    }

    void registrationFailed(Exception e) {
        connection.closeWithoutThread();
    }

    /** Called by the event loop when the socket is ready for something it was registered for. */
    void ready(SelectionKey key, int ops) {
        Thread wakeReader = null;
        Thread wakeWriter = null;
        boolean resume = false;
        synchronized (this) {
            if (state == CLOSED) {
                key.cancel();
                return;
            }
            if ((ops & SelectionKey.OP_WRITE) != 0 && writeWaiting) {
                writeWaiting = false;
                wakeWriter = writeWaiter;
            }
            if ((ops & SelectionKey.OP_READ) != 0) {
                if (readWaiting) {
                    readWaiting = false;
                    wakeReader = readWaiter;
                } else if (state == IDLE) {
                    state = RUNNING;
                    resume = true;
                } else if (state == RUNNING) {
                    // data (or an end) arrived while nobody waits for it: stop being told until a read
                    // waits, which then finds the data at once
                    state = READY;
                }
            }
            applyInterest();
        }
        if (wakeReader != null) {
            LockSupport.unpark(wakeReader);
        }
        if (wakeWriter != null) {
            LockSupport.unpark(wakeWriter);
        }
        if (resume) {
            connection.resume();
        }
    }

    /**
     * Must hold the monitor. Sets the interest from the state and the waits: reading unless news is
     * already pending (READY), writing while a write waits.
     */
    private void applyInterest() {
        setInterest((state == READY ? 0 : SelectionKey.OP_READ) | (writeWaiting ? SelectionKey.OP_WRITE : 0));
    }

    /** Must hold the monitor. Applies an interest set, waking the loop so that it takes effect. */
    private void setInterest(int ops) {
        if (interest != ops && key != null) {
            interest = ops;
            try {
                key.interestOps(ops);
            } catch (CancelledKeyException e) {
                return;
            }
            if (looped()) {
                loop.wakeup();
            }
        }
    }

    // ---------------------------------------------------------------- connection thread side

    /**
     * Waits until the socket is readable, without trying to read first: the connection calls this when
     * it expects nothing for a while (between requests). Returns false when the sweeper asked the
     * connection to give up its thread instead.
     */
    boolean awaitReadable() {
        if (!looped()) {
            return true;
        }
        await(SelectionKey.OP_READ);
        synchronized (this) {
            return !suspendRequested;
        }
    }

    /**
     * Gives up the connection's thread while it waits for its next request; the event loop starts a new
     * one when bytes arrive. Returns false (and keeps the thread) when bytes arrived meanwhile.
     */
    boolean suspend() {
        // the views would keep the connection's dropped buffers alive
        readView = null;
        writeView = null;
        synchronized (this) {
            suspendRequested = false;
            if (state == RUNNING && !writeWaiting) {
                state = IDLE;
                applyInterest();
                return true;
            }
            if (state == READY) {
                state = RUNNING;
            }
            return false;
        }
    }

    /**
     * Asks a connection that waits for its next request to give up its thread; used by the sweeper for
     * connections idle for a while.
     */
    void requestSuspend() {
        Thread wake;
        synchronized (this) {
            if (!readWaiting) {
                return;
            }
            suspendRequested = true;
            readWaiting = false;
            wake = readWaiter;
        }
        LockSupport.unpark(wake);
    }

    /** {@return whether the connection has no thread (it is waiting for bytes to start one)} */
    synchronized boolean idle() {
        return state == IDLE;
    }

    /**
     * Closes a connection that has no thread, if it still has none.
     *
     * @return whether it was idle and is now closed
     */
    boolean closeIfIdle() {
        synchronized (this) {
            if (state != IDLE) {
                return false;
            }
            state = CLOSED;
        }
        closeChannel();
        return true;
    }

    /** Ends a wait early (a timeout, a shutdown): the woken thread finds the reason in its watch. */
    void wake() {
        Thread wakeReader = null;
        Thread wakeWriter = null;
        synchronized (this) {
            if (readWaiting) {
                readWaiting = false;
                wakeReader = readWaiter;
            }
            if (writeWaiting) {
                writeWaiting = false;
                wakeWriter = writeWaiter;
            }
        }
        if (wakeReader != null) {
            LockSupport.unpark(wakeReader);
        }
        if (wakeWriter != null) {
            LockSupport.unpark(wakeWriter);
        }
    }

    private void await(int op) {
        if (!looped()) {
            Thread.onSpinWait();
            return;
        }
        boolean reading = op == SelectionKey.OP_READ;
        synchronized (this) {
            if (reading && state == READY) {
                state = RUNNING; // readable already
                return;
            }
            if (state == CLOSED || waitEnded(op)) {
                return;
            }
            if (reading) {
                readWaiter = Thread.currentThread();
                readWaiting = true;
            } else {
                writeWaiter = Thread.currentThread();
                writeWaiting = true;
            }
            applyInterest();
        }
        long start = clock.nanos();
        if (op == SelectionKey.OP_READ) {
            watch.readBlockedSince = start;
        } else {
            if (watch.writeStreakStart == 0) {
                watch.writeStreakStart = start;
            } else {
                // since the last wait nothing waited for the client (the handler was busy, or the writes
                // kept up): that time is not held against its rate
                watch.writeStreakStart += start - watch.writeWaitEnd;
            }
            watch.writeBlockedSince = start;
        }
        try {
            while (true) {
                synchronized (this) {
                    if (!(reading ? readWaiting : writeWaiting)) {
                        return;
                    }
                }
                if (waitEnded(op)) {
                    synchronized (this) {
                        if (reading) {
                            readWaiting = false;
                        } else {
                            writeWaiting = false;
                        }
                        applyInterest();
                    }
                    return;
                }
                LockSupport.park(this);
            }
        } finally {
            // a finished thread must not be kept reachable by an idle connection
            if (reading) {
                readWaiter = null;
            } else {
                writeWaiter = null;
            }
            if (op == SelectionKey.OP_READ) {
                watch.readBlockedSince = 0;
                if (watch.bodyReading) {
                    watch.bodyBlockedNanos += clock.nanos() - start;
                }
            } else {
                watch.writeBlockedSince = 0;
                watch.writeWaitEnd = clock.nanos();
            }
        }
    }

    /**
     * Accounts for a write call for the write data rate (see {@link Watch#writeStreakStart}). Free while
     * the client keeps up: nothing is counted outside a stretch of waiting writes.
     *
     * @param waited  whether the call waited at least once
     * @param written bytes it wrote since the last report
     */
    private void wrote(boolean waited, long written) {
        if (watch.writeStreakStart == 0) {
            return;
        }
        if (!waited && clock.nanos() - watch.writeWaitEnd > connection.settings().writeTimeout()) {
            watch.writeStreakStart = 0;
            watch.writeStreakBytes = 0;
        } else {
            watch.writeStreakBytes += written;
        }
    }

    /**
     * Whether a wait must end: a read's when a timeout or shutdown ended reading or the socket was closed;
     * a write's only when the socket was closed (the sweeper closes it to cut a write off). A write goes on
     * waiting after a read was ended, for a 408 or what a handler writes after its body read failed: were
     * it to return, the write would spin on a full socket, and no write timeout could ever catch it.
     */
    private boolean waitEnded(int op) {
        return op == SelectionKey.OP_READ ? watch.expired != Watch.NONE || !channel.isOpen() : !channel.isOpen();
    }

    private boolean readEnded() {
        int expired = watch.expired;
        return expired != Watch.NONE && !Sweeper.closes(expired);
    }

    /**
     * Reads what is there without waiting: 0 when nothing is.
     *
     * @return bytes read, 0, or -1 at the end of the stream (or when a timeout ended reading)
     */
    int readNow(byte[] buffer, int offset, int length) throws IOException {
        if (readEnded()) {
            return -1; // the sweeper ended reading; writing may go on
        }
        ByteBuffer view = readView;
        if (view == null || view.array() != buffer) {
            view = readView = ByteBuffer.wrap(buffer);
        }
        view.limit(offset + length).position(offset);
        int n = channel.read(view);
        if (n > 0) {
            watch.phaseBytes += n;
        }
        return n;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            int n = readNow(buffer, offset, length);
            if (n != 0) {
                return n;
            }
            await(SelectionKey.OP_READ);
            if (!channel.isOpen()) {
                throw new ClosedChannelException();
            }
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        ByteBuffer view = writeView;
        if (view == null || view.array() != buffer) {
            view = writeView = ByteBuffer.wrap(buffer);
        }
        view.limit(offset + length).position(offset);
        boolean waited = false;
        long pending = 0;
        while (view.hasRemaining()) {
            int n = channel.write(view);
            if (n == 0) {
                wrote(true, pending);
                pending = 0;
                waited = true;
                awaitWritable();
            } else {
                pending += n;
            }
        }
        wrote(waited, pending);
    }

    @Override
    public void write(ByteBuffer... buffers) throws IOException {
        long remaining = 0;
        for (ByteBuffer b : buffers) {
            remaining += b.remaining();
        }
        boolean waited = false;
        long pending = 0;
        while (remaining > 0) {
            long n = channel.write(buffers);
            remaining -= n;
            if (n == 0) {
                wrote(true, pending);
                pending = 0;
                waited = true;
                awaitWritable();
            } else {
                pending += n;
            }
        }
        wrote(waited, pending);
    }

    /**
     * Sends a region of a file with {@link FileChannel#transferTo}, so that the kernel copies it from the
     * page cache to the socket. A transfer of nothing means either a full socket buffer (wait until it
     * drains) or a file that ended early (fail, since the head promised the bytes).
     */
    void transferFrom(FileChannel file, long position, long count) throws IOException {
        long done = 0;
        boolean waited = false;
        long pending = 0;
        while (done < count) {
            long n = file.transferTo(position + done, count - done, channel);
            if (n > 0) {
                done += n;
                pending += n;
            } else if (file.size() <= position + done) {
                throw new EOFException("the file ended " + (count - done) + " bytes before the region did");
            } else {
                wrote(true, pending);
                pending = 0;
                waited = true;
                awaitWritable();
            }
        }
        wrote(waited, pending);
    }

    private void awaitWritable() throws IOException {
        await(SelectionKey.OP_WRITE);
        synchronized (this) {
            // stop watching for writability; a write wait is rare (a slow reader, a large body)
            if (state != CLOSED) {
                applyInterest();
            }
        }
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    /**
     * Closes with a reset instead of a FIN: the bytes still queued for the client are dropped rather
     * than trickled out by the kernel after the close, for a client that reads too slowly.
     */
    void abort() throws IOException {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | UnsupportedOperationException e) {
            // closed already, or not a TCP socket (a Unix domain socket): a plain close will do
        }
        close();
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            state = CLOSED;
        }
        closeChannel();
        wakeWaiter();
    }

    private void wakeWaiter() {
        Thread reader = readWaiter;
        if (reader != null) {
            LockSupport.unpark(reader);
        }
        Thread writer = writeWaiter;
        if (writer != null) {
            LockSupport.unpark(writer);
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
        // a registered socket is released when the loop deregisters its key: let it do so now
        if (looped()) {
            loop.wakeup();
        }
    }
}
