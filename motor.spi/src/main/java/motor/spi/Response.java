package motor.spi;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import motor.spi.transport.Upgrade;

/**
 * The response to one request.
 *
 * <p>A handler sets the status and headers, then sends the body in one of two ways:
 * <ul>
 *   <li>{@link #send(byte[])}: the whole body at once; the server adds {@code Content-Length};</li>
 *   <li>{@link #output()}: a stream. If the handler set {@code Content-Length} it must write exactly that
 *       many bytes; otherwise the body goes out chunked (or, for an HTTP/1.0 client, delimited by closing
 *       the connection). {@code flush()} puts what was written so far on the wire; a body that ends
 *       before the buffer fills and without a flush is sent with a {@code Content-Length} instead.</li>
 * </ul>
 * Once the head has gone out the response is <em>committed</em>: status and headers can no longer
 * change. The server writes no body for {@code HEAD} requests and for 1xx, 204 and 304 responses, and
 * adds {@code Date}, {@code Server} and the framing headers itself.
 *
 * <p>Instances belong to the thread that runs the handler and are not thread-safe.
 */
public interface Response {

    /** {@return the status, 200 unless set} */
    int status();

    /**
     * Sets the status.
     *
     * @param status a final status from 200 to 599, or 101 before {@link #upgrade}
     * @return this response
     * @throws IllegalStateException    if the response is committed
     * @throws IllegalArgumentException if the status is out of range
     */
    Response status(int status);

    /** {@return the header fields to send; changes after commit have no effect} */
    Headers headers();

    /**
     * Sends {@code body} as the complete body and commits the response.
     *
     * @param body the body; empty for none
     * @throws IOException           if writing fails
     * @throws IllegalStateException if a body was already sent or {@link #output()} was used
     */
    void send(byte[] body) throws IOException;

    /**
     * Sends {@code count} bytes of {@code file}, starting at {@code position}, as the complete body and
     * commits the response with {@code Content-Length: count} (replacing one the handler set). The file is
     * read with positional reads: its own position is neither used nor changed. The caller keeps the
     * channel open until this returns, and closes it.
     *
     * <p>The server's own response hands large regions to the operating system
     * ({@link FileChannel#transferTo}, {@code sendfile} on Linux) when the connection is cleartext, so
     * the bytes never pass through the Java heap; on TLS, and in this default implementation, they are
     * copied through {@link #output()} with a small buffer, so memory stays bounded for any file size.
     * Wrappers that transform the body (compression, say) therefore see the bytes through their
     * {@code output()}; a wrapper that only adds headers may override this method to keep the zero-copy
     * path. For {@code HEAD} only the head is written.
     *
     * @param file     the file, open for reading
     * @param position where the body starts in the file
     * @param count    how many bytes to send
     * @throws EOFException             if the file ends before {@code position + count}; the response
     *                                  is then cut short and the connection closed
     * @throws IOException              if reading or writing fails
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative
     * @throws IllegalStateException    if a body was already sent or {@link #output()} was used
     */
    default void send(FileChannel file, long position, long count) throws IOException {
        Objects.requireNonNull(file, "file");
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("negative file region: position " + position + ", count " + count);
        }
        headers().set("Content-Length", Long.toString(count));
        try (OutputStream out = output()) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 16 * 1024));
            long done = 0;
            while (done < count) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
                int n = file.read(buffer, position + done);
                if (n < 0) {
                    throw new EOFException("the file ended " + (count - done) + " bytes before the region did");
                }
                out.write(buffer.array(), 0, n);
                done += n;
            }
        }
    }

    /**
     * Returns the stream for a streamed body. Each call returns the same stream; closing it ends the
     * body, and the server closes it when the handler returns.
     *
     * @return the body stream
     * @throws IOException           if the head cannot be written
     * @throws IllegalStateException if {@link #send(byte[])} was used
     */
    OutputStream output() throws IOException;

    /**
     * Sends an interim (1xx) response at once, such as {@code 103 Early Hints} with {@code Link} headers.
     * {@code 100 Continue} is sent by the server itself when the handler first reads the body. Interim
     * responses are skipped for HTTP/1.0 clients, which do not understand them.
     *
     * @param status  a status from 102 to 199 other than 101
     * @param headers the headers of the interim response
     * @throws IOException           if writing fails
     * @throws IllegalStateException if the response is committed
     */
    void interim(int status, Headers headers) throws IOException;

    /** {@return whether the head has been written} */
    boolean committed();

    /**
     * Switches the connection to another protocol once the handler returns: the server writes this
     * response's head (the status must be 101 and the headers must name the protocol in
     * {@code Upgrade}), then calls {@code upgrade} on the connection's thread with the raw connection,
     * and closes the connection when it returns.
     *
     * @param upgrade what runs the new protocol
     * @throws IllegalStateException if the status is not 101 or the response is committed
     */
    void upgrade(Upgrade upgrade);

    /**
     * Sets the status and sends {@code text} as a UTF-8 body. Unless a {@code Content-Type} is already
     * set, it is {@code text/plain; charset=utf-8}.
     *
     * @param status the status
     * @param text   the body text
     * @throws IOException if writing fails
     */
    default void send(int status, String text) throws IOException {
        status(status);
        send(text);
    }

    /**
     * Sends {@code text} as a UTF-8 body. Unless a {@code Content-Type} is already set, it is
     * {@code text/plain; charset=utf-8}.
     *
     * @param text the body text
     * @throws IOException if writing fails
     */
    default void send(String text) throws IOException {
        headers().setIfAbsent("Content-Type", "text/plain; charset=utf-8");
        send(text.getBytes(StandardCharsets.UTF_8));
    }
}
