package motor.bench.jmh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;

/**
 * A {@link SocketChannel} without a socket: reads serve a request (or a batch of pipelined requests)
 * from memory a given number of times, then end of stream; writes are counted and dropped, except the
 * first bytes, kept so that a benchmark can check what the server answered. Lets the benchmarks run
 * Motor's connection code from the transport up without system calls.
 */
final class MemoryChannel extends SocketChannel {

    private static final SocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 50000);
    private static final SocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8080);

    private final byte[] chunk;
    private int readsLeft;
    private long written;
    private final byte[] sample;
    private int sampled;

    /**
     * @param chunk  what each read returns
     * @param reads  how many reads return it before end of stream
     * @param sample how many of the first bytes written to keep for {@link #sample()}
     */
    MemoryChannel(byte[] chunk, int reads, int sample) {
        super(SelectorProvider.provider());
        this.chunk = chunk;
        this.readsLeft = reads;
        this.sample = new byte[sample];
    }

    long written() {
        return written;
    }

    String sample() {
        return new String(sample, 0, sampled, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public int read(ByteBuffer dst) {
        if (readsLeft == 0) {
            return -1;
        }
        if (dst.remaining() < chunk.length) {
            throw new IllegalStateException("read buffer smaller than a request: " + dst.remaining());
        }
        readsLeft--;
        dst.put(chunk);
        return chunk.length;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) {
        return read(dsts[offset]);
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        if (sampled < sample.length) {
            int k = Math.min(n, sample.length - sampled);
            src.get(src.position(), sample, sampled, k);
            sampled += k;
        }
        src.position(src.limit());
        written += n;
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += write(srcs[i]);
        }
        return n;
    }

    @Override
    public SocketChannel bind(SocketAddress local) {
        return this;
    }

    @Override
    public <T> SocketChannel setOption(SocketOption<T> name, T value) {
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) {
        return null;
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return Set.of();
    }

    @Override
    public SocketChannel shutdownInput() {
        return this;
    }

    @Override
    public SocketChannel shutdownOutput() {
        return this;
    }

    @Override
    public Socket socket() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean isConnectionPending() {
        return false;
    }

    @Override
    public boolean connect(SocketAddress remote) {
        return true;
    }

    @Override
    public boolean finishConnect() {
        return true;
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return REMOTE;
    }

    @Override
    public SocketAddress getLocalAddress() {
        return LOCAL;
    }

    @Override
    protected void implCloseSelectableChannel() {
        // nothing to release
    }

    @Override
    protected void implConfigureBlocking(boolean block) throws IOException {
        // always "blocking": reads never wait
    }
}
