package motor.core.internal.server;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import motor.spi.transport.Transport;

/**
 * The innermost transport: a blocking {@link SocketChannel} (TCP or Unix domain) used from the
 * connection's virtual thread. It stamps each blocking read and write into the connection's
 * {@link Watch} so that the sweeper can time them out, and it reuses one {@link ByteBuffer} view of the
 * connection's own arrays, so that reads and writes do not allocate.
 */
final class SocketTransport implements Transport {

    private final SocketChannel channel;
    private final Watch watch;
    private final SocketAddress remote;
    private final SocketAddress local;
    private final Clock clock;

    private ByteBuffer readView;
    private ByteBuffer writeView;

    SocketTransport(SocketChannel channel, Watch watch, Clock clock) throws IOException {
        this.channel = channel;
        this.watch = watch;
        this.clock = clock;
        this.remote = channel.getRemoteAddress();
        this.local = channel.getLocalAddress();
    }

    SocketChannel channel() {
        return channel;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        ByteBuffer view = readView;
        if (view == null || view.array() != buffer) {
            view = readView = ByteBuffer.wrap(buffer);
        }
        view.limit(offset + length).position(offset);
        long start = clock.nanos();
        watch.readBlockedSince = start;
        int n;
        try {
            n = channel.read(view);
        } finally {
            watch.readBlockedSince = 0;
            if (watch.bodyReading) {
                watch.bodyBlockedNanos += clock.nanos() - start;
            }
        }
        if (n > 0) {
            watch.phaseBytes += n;
        }
        return n;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        ByteBuffer view = writeView;
        if (view == null || view.array() != buffer) {
            view = writeView = ByteBuffer.wrap(buffer);
        }
        view.limit(offset + length).position(offset);
        watch.writeBlockedSince = clock.nanos();
        try {
            while (view.hasRemaining()) {
                channel.write(view);
            }
        } finally {
            watch.writeBlockedSince = 0;
        }
    }

    @Override
    public void write(ByteBuffer... buffers) throws IOException {
        long remaining = 0;
        for (ByteBuffer b : buffers) {
            remaining += b.remaining();
        }
        watch.writeBlockedSince = clock.nanos();
        try {
            while (remaining > 0) {
                remaining -= channel.write(buffers);
            }
        } finally {
            watch.writeBlockedSince = 0;
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Makes a blocked read return end of stream; used by the sweeper. */
    void shutdownInput() {
        try {
            channel.shutdownInput();
        } catch (IOException | RuntimeException e) {
            // already closed or never connected: nothing blocks on it any more
        }
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

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
