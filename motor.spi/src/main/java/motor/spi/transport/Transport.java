package motor.spi.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLSession;

/**
 * A connected byte stream: the socket as the server sees it, possibly wrapped by a
 * {@link TransportWrapper} (TLS, say). Reads and writes block the calling virtual thread.
 *
 * <p>One thread reads and one thread writes at a time; the server guarantees this for the transports it
 * hands out, and a wrapper may rely on it. {@link #close()} is the exception: any thread may call it at
 * any time (to drop a peer that stopped reading, say), and a read or write blocked on another thread then
 * ends, with end of stream or an {@code IOException}; a wrapper must keep that property. Timeouts are the
 * server's business: when one expires, a blocked read returns end of stream and a blocked write fails.
 */
public interface Transport extends Closeable {

    /**
     * Reads up to {@code length} bytes, blocking until at least one is available.
     *
     * @param buffer where to put the bytes
     * @param offset the first index to fill
     * @param length the most bytes to read, at least 1
     * @return the number of bytes read, or -1 at end of stream
     * @throws IOException if reading fails
     */
    int read(byte[] buffer, int offset, int length) throws IOException;

    /**
     * Writes all of {@code length} bytes.
     *
     * @param buffer the bytes
     * @param offset the first index to write
     * @param length how many bytes to write
     * @throws IOException if writing fails
     */
    void write(byte[] buffer, int offset, int length) throws IOException;

    /**
     * Writes all remaining bytes of each buffer, in order; a transport over a socket does it with one
     * gathering write where it can.
     *
     * @param buffers the buffers; their positions advance
     * @throws IOException if writing fails
     */
    default void write(ByteBuffer... buffers) throws IOException {
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasArray()) {
                write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                buffer.position(buffer.limit());
            } else {
                byte[] copy = new byte[buffer.remaining()];
                buffer.get(copy);
                write(copy, 0, copy.length);
            }
        }
    }

    /**
     * Ends the output direction (a TCP FIN; TLS sends close_notify first) while reads go on.
     *
     * @throws IOException if the transport cannot do so
     */
    void shutdownOutput() throws IOException;

    /** {@return whether the transport has not been closed} */
    boolean isOpen();

    /**
     * {@return whether this transport holds input it has received but not yet returned (decrypted
     * bytes, or part of a record it is still assembling), so that a read may complete without new bytes
     * arriving from below}
     *
     * <p>The server asks this of a wrapper between requests: when nothing is held, it waits for the socket
     * to become readable without a thread, exactly as for a connection without a wrapper, and may
     * {@linkplain #trim() trim} the transport in the meantime. A wrapper that keeps the default,
     * {@code true}, keeps its connection's thread while idle, which is always correct but costs memory.
     */
    default boolean hasBufferedInput() {
        return true;
    }

    /**
     * Drops what can be made again while the connection is idle (buffers, typically), because the server
     * is giving up the connection's thread until the next request arrives. Called only when
     * {@link #hasBufferedInput()} is {@code false} and no read or write is in progress; the next read or
     * write must work as before. The default does nothing.
     */
    default void trim() {
    }

    /** {@return the peer's address} */
    SocketAddress remoteAddress();

    /** {@return the local address} */
    SocketAddress localAddress();

    /** {@return whether the bytes are protected in transit, as by TLS} */
    default boolean secure() {
        return false;
    }

    /** {@return the protocol negotiated with ALPN, such as {@code h2}, or {@code null}} */
    default String applicationProtocol() {
        return null;
    }

    /** {@return the TLS session, or {@code null} on a transport that is not TLS} */
    default SSLSession sslSession() {
        return null;
    }
}
