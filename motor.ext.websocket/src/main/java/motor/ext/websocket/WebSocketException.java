package motor.ext.websocket;

import java.io.IOException;

/**
 * A WebSocket protocol failure: the peer broke RFC 6455 or RFC 7692 or a limit, and the connection is
 * closed with {@link #code()}. The message says what was wrong without repeating the peer's bytes.
 */
public final class WebSocketException extends IOException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The close status. */
    private final int code;

    /**
     * Creates the exception.
     *
     * @param code    the close status to send: 1002 protocol error, 1007 invalid data, 1009 too big, ...
     * @param message what was wrong
     */
    public WebSocketException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** {@return the close status the connection is (or was) closed with} */
    public int code() {
        return code;
    }
}
