package motor.ext.http2.internal.frame;

import java.io.Serial;

/**
 * A violation of RFC 9113 found while reading, with the error code to send: a connection error (stream 0;
 * the connection answers with GOAWAY and closes, section 5.4.1) or a stream error (the connection answers
 * with RST_STREAM on that stream and goes on, section 5.4.2). The message names the rule that was broken
 * and never contains bytes from the peer. No stack trace is filled in: these are expected outcomes of
 * hostile input, not bugs.
 */
public final class Http2Exception extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int errorCode;
    private final int streamId;

    private Http2Exception(int streamId, int errorCode, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.streamId = streamId;
    }

    /**
     * {@return a connection error}
     *
     * @param errorCode the code for GOAWAY, such as {@link Http2#PROTOCOL_ERROR}
     * @param message what was wrong
     */
    public static Http2Exception connection(int errorCode, String message) {
        return new Http2Exception(0, errorCode, message);
    }

    /**
     * {@return a stream error}
     *
     * @param streamId the stream to reset, not 0
     * @param errorCode the code for RST_STREAM, such as {@link Http2#FRAME_SIZE_ERROR}
     * @param message what was wrong
     * @throws IllegalArgumentException if {@code streamId} is not positive
     */
    public static Http2Exception stream(int streamId, int errorCode, String message) {
        if (streamId <= 0) {
            throw new IllegalArgumentException("a stream error needs a stream: " + streamId);
        }
        return new Http2Exception(streamId, errorCode, message);
    }

    /** {@return the error code to send} */
    public int errorCode() {
        return errorCode;
    }

    /** {@return the stream to reset, or 0 for a connection error} */
    public int streamId() {
        return streamId;
    }

    /** {@return whether the whole connection must end (GOAWAY) rather than one stream (RST_STREAM)} */
    public boolean isConnectionError() {
        return streamId == 0;
    }

    @Override
    public String toString() {
        return (isConnectionError() ? "connection error " : "stream " + streamId + " error ")
                + Http2.errorName(errorCode) + ": " + getMessage();
    }
}
