package motor.core.internal.server;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLSession;
import motor.spi.transport.Transport;

/**
 * A transport whose first reads return bytes the server had already read ahead: what followed the
 * request head of an upgrade, or the bytes seen during protocol detection.
 */
final class PrefixedTransport implements Transport {

    private final Transport delegate;
    private byte[] prefix;
    private int position;

    PrefixedTransport(Transport delegate, byte[] prefix) {
        this.delegate = delegate;
        this.prefix = prefix.length == 0 ? null : prefix;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (prefix != null) {
            int n = Math.min(length, prefix.length - position);
            System.arraycopy(prefix, position, buffer, offset, n);
            position += n;
            if (position == prefix.length) {
                prefix = null;
            }
            return n;
        }
        return delegate.read(buffer, offset, length);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        delegate.write(buffer, offset, length);
    }

    @Override
    public void write(ByteBuffer... buffers) throws IOException {
        delegate.write(buffers);
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
        delegate.close();
    }
}
