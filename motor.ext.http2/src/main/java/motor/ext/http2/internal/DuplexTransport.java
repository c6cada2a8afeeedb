package motor.ext.http2.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSession;
import motor.spi.transport.Transport;

/**
 * A transport for a reader and a writer that block at the same time, as HTTP/2's do.
 *
 * <p>Why: the core's socket transport keeps one waiting thread and one readiness interest per
 * connection (enough for HTTP/1.1, which never reads and writes at once). When the writer waits for the
 * socket to drain while the reader waits for data, the later wait replaces the earlier one, and the
 * earlier thread stays parked although its wait is over: the reader no longer sees the peer's
 * WINDOW_UPDATE frames, and the connection stalls. This wrapper wakes the other side whenever a read or
 * a write returns, and, while a write is blocked, a small per-connection thread wakes both every
 * {@link #KICK_NANOS} so that a parked reader looks at the socket again and the writer then takes the
 * interest back. A spurious wake-up costs one look at the socket. Once the core keeps a read and a write
 * waiter apart, this class can go.
 */
final class DuplexTransport implements Transport {

    /** How often a blocked write lets the reader look at the socket. */
    static final long KICK_NANOS = 20_000_000L;

    private final Transport delegate;
    private volatile Thread reader;
    private volatile Thread writer;
    private volatile boolean reading;
    private volatile boolean writing;
    private volatile boolean closed;
    private volatile Thread kicker;

    DuplexTransport(Transport delegate) {
        this.delegate = delegate;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        reader = Thread.currentThread();
        reading = true;
        try {
            return delegate.read(buffer, offset, length);
        } finally {
            reading = false;
            Thread w = writer;
            if (writing && w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        beginWrite();
        try {
            delegate.write(buffer, offset, length);
        } finally {
            endWrite();
        }
    }

    @Override
    public void write(ByteBuffer... buffers) throws IOException {
        beginWrite();
        try {
            delegate.write(buffers);
        } finally {
            endWrite();
        }
    }

    private void beginWrite() {
        writer = Thread.currentThread();
        writing = true;
        Thread k = kicker;
        if (k == null) {
            k = Thread.ofVirtual().name("motor-h2-kicker").unstarted(this::kick);
            kicker = k;
            k.start();
        } else {
            LockSupport.unpark(k);
        }
    }

    private void endWrite() {
        writing = false;
        Thread r = reader;
        if (reading && r != null) {
            LockSupport.unpark(r);
        }
    }

    /** While a write is in progress, wakes the reader now and then, and the writer right after. */
    private void kick() {
        while (!closed) {
            if (!writing) {
                LockSupport.park(this);
                continue;
            }
            LockSupport.parkNanos(this, KICK_NANOS);
            if (writing && reading) {
                Thread r = reader;
                if (r != null) {
                    LockSupport.unpark(r);
                }
                LockSupport.parkNanos(this, KICK_NANOS / 20);
                Thread w = writer;
                if (writing && w != null) {
                    LockSupport.unpark(w);
                }
            }
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        delegate.shutdownOutput();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public SocketAddress remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public boolean secure() {
        return delegate.secure();
    }

    @Override
    public String applicationProtocol() {
        return delegate.applicationProtocol();
    }

    @Override
    public SSLSession sslSession() {
        return delegate.sslSession();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        Thread k = kicker;
        if (k != null) {
            LockSupport.unpark(k);
        }
        delegate.close();
    }

    /** Ends the helper thread without closing the transport (the server closes it). */
    void release() {
        closed = true;
        Thread k = kicker;
        if (k != null) {
            LockSupport.unpark(k);
        }
    }
}
