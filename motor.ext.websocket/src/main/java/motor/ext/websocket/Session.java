package motor.ext.websocket;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;

/**
 * One open WebSocket connection, as seen by the application.
 *
 * <p><b>Threading.</b> A session is safe to use from any thread. Every send blocks until its frames have
 * been handed to the connection: a slow peer slows the sender down (backpressure) instead of piling up
 * memory, and the server's write timeout ends a connection whose peer stops reading altogether. Messages
 * go out whole, one after another, never interleaved; a ping, a pong or the close frame may go between
 * the frames of a streamed message.
 *
 * <p>After the session was closed (by either side) or the connection broke, every send fails with an
 * {@code IOException}.
 */
public interface Session {

    /** {@return the server-wide id of the underlying connection, as in the connection events} */
    long id();

    /** {@return the path of the handshake request, still percent-encoded} */
    String path();

    /** {@return the subprotocol agreed in the handshake, or {@code null} if none} */
    String subprotocol();

    /** {@return the extensions agreed in the handshake, as sent in {@code Sec-WebSocket-Extensions}; empty for none} */
    String extensions();

    /** {@return the peer's address} */
    SocketAddress remoteAddress();

    /** {@return who opened the connection, as authentication established it for the handshake request} */
    Optional<Principal> principal();

    /**
     * {@return attributes for the application's own use, thread-safe; starts with a copy of the handshake
     * request's attributes}
     */
    Map<String, Object> attributes();

    /** {@return whether the session can still send: no close frame was sent and the connection is up} */
    boolean isOpen();

    /**
     * Sends a text message.
     *
     * @param text the text
     * @throws IOException if the session is closed or writing fails
     */
    void sendText(CharSequence text) throws IOException;

    /**
     * Sends a binary message.
     *
     * @param data the payload
     * @throws IOException if the session is closed or writing fails
     */
    void sendBinary(byte[] data) throws IOException;

    /**
     * Sends a binary message from the remaining bytes of a buffer; its position advances to its limit.
     *
     * @param data the payload
     * @throws IOException if the session is closed or writing fails
     */
    void sendBinary(ByteBuffer data) throws IOException;

    /**
     * Starts a binary message that is sent in fragments as it is written: each time the stream's buffer
     * fills, or on {@code flush()}, a frame goes out; {@code close()} sends the last one. Other messages
     * from other threads wait until it is closed, so close it in a {@code finally} or
     * try-with-resources.
     *
     * @return the stream
     * @throws IOException if the session is closed
     */
    OutputStream sendBinaryStream() throws IOException;

    /**
     * Starts a text message that is sent in fragments as it is written; see {@link #sendBinaryStream()}.
     * Characters are encoded as UTF-8; a lone surrogate becomes {@code ?}.
     *
     * @return the writer
     * @throws IOException if the session is closed
     */
    Writer sendTextStream() throws IOException;

    /**
     * Sends a ping; the peer answers with a pong, reported to {@link Listener#onPong}.
     *
     * @param data the payload, at most 125 bytes
     * @throws IOException              if the session is closed or writing fails
     * @throws IllegalArgumentException if the payload is longer than 125 bytes
     */
    void ping(byte[] data) throws IOException;

    /**
     * Sends an unsolicited pong (a one-way heartbeat, RFC 6455 section 5.5.3).
     *
     * @param data the payload, at most 125 bytes
     * @throws IOException              if the session is closed or writing fails
     * @throws IllegalArgumentException if the payload is longer than 125 bytes
     */
    void pong(byte[] data) throws IOException;

    /**
     * Starts the closing handshake with a status and a reason: sends the close frame, then waits (on the
     * connection's own thread, not this one) at most {@link WebSocketOptions#closeTimeout()} for the
     * peer's close frame before the connection ends. Messages that arrive meanwhile are discarded. Does
     * nothing if a close frame was sent already.
     *
     * @param code   1000 to 1003, 1007 to 1014, or 3000 to 4999 (see the constants of {@link WebSocket})
     * @param reason the reason, at most 123 bytes in UTF-8; may be empty
     * @throws IOException              if writing fails
     * @throws IllegalArgumentException if the code may not be sent or the reason is too long
     */
    void close(int code, String reason) throws IOException;

    /**
     * Closes with {@link WebSocket#NORMAL_CLOSURE} (1000) and no reason.
     *
     * @throws IOException if writing fails
     */
    default void close() throws IOException {
        close(WebSocket.NORMAL_CLOSURE, "");
    }
}
