package motor.ext.websocket.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import motor.ext.websocket.Session;

/** The part of {@link motor.ext.websocket.SessionGroup} that needs the connection's internals. */
public final class Broadcasts {

    private Broadcasts() {
    }

    /** {@return a text message encoded once as an uncompressed frame, for every member} */
    public static byte[] text(CharSequence text) {
        byte[] payload = text.toString().getBytes(StandardCharsets.UTF_8);
        return Frames.frame(false, FrameReader.TEXT, payload, 0, payload.length);
    }

    /** {@return a binary message encoded once as an uncompressed frame, for every member} */
    public static byte[] binary(byte[] data) {
        return Frames.frame(false, FrameReader.BINARY, data, 0, data.length);
    }

    /**
     * Hands an encoded frame to a session without waiting for its peer.
     *
     * @param session  the member
     * @param frame    the encoded frame
     * @param text     the message, for sessions that are not the server's own (test doubles)
     * @param binary   the message, for sessions that are not the server's own
     * @return false if the session is closed or was dropped as too slow
     */
    public static boolean offer(Session session, byte[] frame, CharSequence text, byte[] binary) {
        if (session instanceof WebSocketConnection connection) {
            return connection.enqueue(frame);
        }
        if (!session.isOpen()) {
            return false;
        }
        try {
            if (text != null) {
                session.sendText(text);
            } else {
                session.sendBinary(binary);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
