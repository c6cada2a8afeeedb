package motor.ext.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * One incoming message, text or binary, possibly fragmented over many frames and compressed. It is read
 * as it arrives from the connection: a message may be far larger than memory when read through
 * {@link #stream()} or {@link #reader()}.
 *
 * <p>Read it one way only (whole with {@link #text()} or {@link #bytes()}, or as a stream), and only
 * during {@link Listener#onMessage} (afterwards a read throws {@code IllegalStateException}). The limit
 * {@link WebSocketOptions#maxMessageSize()} applies to every message however it is read (the size after
 * decompression): reading past it fails with a
 * {@link WebSocketException} and the connection is closed with 1009. Text is validated as UTF-8 as it
 * arrives: the first invalid byte fails the read and closes the connection with 1007, before the bytes
 * around it are handed out.
 */
public interface Message {

    /** {@return whether this is a text message (otherwise binary)} */
    boolean isText();

    /**
     * Reads the rest of the message as text.
     *
     * @return the text
     * @throws IOException if the connection fails, or a {@link WebSocketException} on a protocol error
     */
    String text() throws IOException;

    /**
     * Reads the rest of the message as bytes (for a text message, its UTF-8 bytes).
     *
     * @return the bytes
     * @throws IOException if the connection fails, or a {@link WebSocketException} on a protocol error
     */
    byte[] bytes() throws IOException;

    /**
     * {@return the message's payload as a stream that reads from the connection as frames arrive; ends at
     * the end of the message; closing it skips the rest}
     */
    InputStream stream();

    /** {@return the text of a text message as a stream of characters; see {@link #stream()}} */
    Reader reader();
}
