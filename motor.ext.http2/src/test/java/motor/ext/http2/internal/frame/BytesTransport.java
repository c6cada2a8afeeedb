package motor.ext.http2.internal.frame;

import java.io.IOException;
import java.net.SocketAddress;
import motor.spi.transport.Transport;

/** A transport that reads from an array, at most {@code chunk} bytes per read, and refuses writes. */
final class BytesTransport implements Transport {

    private final byte[] data;
    private final int chunk;
    private int position;
    int reads;

    BytesTransport(byte[] data, int chunk) {
        this.data = data;
        this.chunk = chunk;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length < 1) {
            throw new AssertionError("read of " + length + " bytes");
        }
        reads++;
        if (position == data.length) {
            return -1;
        }
        int n = Math.min(Math.min(length, chunk), data.length - position);
        System.arraycopy(data, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        throw new IOException("read-only");
    }

    @Override
    public void shutdownOutput() {
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public SocketAddress remoteAddress() {
        return null;
    }

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public void close() {
    }
}
