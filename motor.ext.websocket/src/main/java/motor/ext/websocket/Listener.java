package motor.ext.websocket;

/**
 * What an endpoint does with one WebSocket connection: the server calls these methods as the connection
 * goes through its life.
 *
 * <p><b>Threading.</b> Every method runs on the connection's own virtual thread, in the order things
 * arrive, and may block. While a method runs, no further frame is read from the connection (a slow
 * listener slows its peer down instead of filling memory), with one exception: a ping or pong that
 * arrives between the fragments of a message that {@link #onMessage} is reading is handled while that
 * read goes on, so {@link #onPing} and {@link #onPong} may be called from within {@code onMessage}.
 * Sending through the {@link Session} is allowed from these methods and from any other thread.
 *
 * <p><b>Order.</b> {@link #onOpen} first; then messages, pings and pongs; then {@link #onClose} exactly
 * once, whatever ended the connection. {@link #onError} comes before {@code onClose} when a failure ended
 * it (a protocol error of the peer, a listener that threw, a broken connection).
 *
 * <p>Every method has an empty default, so a listener overrides only what it needs. An exception thrown
 * from a listener method is passed to {@link #onError} and closes the connection with
 * {@link WebSocket#INTERNAL_ERROR} (1011).
 */
public interface Listener {

    /**
     * Called once the handshake is complete, before any message.
     *
     * @param session the connection
     * @throws Exception to close the connection with 1011
     */
    default void onOpen(Session session) throws Exception {
    }

    /**
     * Called for each message. By default, reads the whole message and calls {@link #onText} or
     * {@link #onBinary}; override it to stream large messages with {@link Message#stream()} or
     * {@link Message#reader()}. Whatever part of the message is left unread when this returns is read and
     * discarded (and still validated).
     *
     * @param session the connection
     * @param message the message, readable only during this call
     * @throws Exception to close the connection with 1011
     */
    default void onMessage(Session session, Message message) throws Exception {
        if (message.isText()) {
            onText(session, message.text());
        } else {
            onBinary(session, message.bytes());
        }
    }

    /**
     * Called for each text message when {@link #onMessage} is not overridden.
     *
     * @param session the connection
     * @param text    the whole message, valid UTF-8 decoded
     * @throws Exception to close the connection with 1011
     */
    default void onText(Session session, String text) throws Exception {
    }

    /**
     * Called for each binary message when {@link #onMessage} is not overridden.
     *
     * @param session the connection
     * @param data    the whole message
     * @throws Exception to close the connection with 1011
     */
    default void onBinary(Session session, byte[] data) throws Exception {
    }

    /**
     * Called for each ping from the peer, after the server has answered it with a pong.
     *
     * @param session the connection
     * @param data    the ping's payload, at most 125 bytes
     * @throws Exception to close the connection with 1011
     */
    default void onPing(Session session, byte[] data) throws Exception {
    }

    /**
     * Called for each pong from the peer (answers to {@link Session#ping}, the server's keep-alive pings,
     * or unsolicited ones).
     *
     * @param session the connection
     * @param data    the pong's payload, at most 125 bytes
     * @throws Exception to close the connection with 1011
     */
    default void onPong(Session session, byte[] data) throws Exception {
    }

    /**
     * Called once when the connection has ended. {@code code} is the status the peer sent in its close
     * frame, {@link WebSocket#NO_STATUS} (1005) if its close frame had none,
     * {@link WebSocket#ABNORMAL} (1006) if the connection ended without a close frame from the peer, or
     * the status the server closed with after a protocol error of the peer (1002, 1007, 1009). The
     * session can no longer send.
     *
     * @param session the connection
     * @param code    the close status
     * @param reason  the reason, possibly empty
     * @throws Exception logged, nothing more
     */
    default void onClose(Session session, int code, String reason) throws Exception {
    }

    /**
     * Called when a failure ends the connection, before {@link #onClose}: a
     * {@link WebSocketException} for a protocol error of the peer (its {@link WebSocketException#code()}
     * is the status the server closed with), an {@code IOException} for a broken connection, or what a
     * listener method threw.
     *
     * @param session the connection
     * @param failure what went wrong
     */
    default void onError(Session session, Throwable failure) {
    }
}
