package motor.ext.http2.internal.hpack;

import java.io.Serial;

/**
 * A field block that cannot be decoded. Unless {@link #headerListTooLarge()}, the decoding context is lost
 * and the connection must end with COMPRESSION_ERROR (RFC 9113 4.3). The message never contains bytes
 * from the block. No stack trace is filled in.
 */
public final class HpackException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final boolean headerListTooLarge;

    /**
     * Creates an exception.
     *
     * @param message what was wrong
     * @param headerListTooLarge true if the block was valid and decoded (the table is in step) but its
     *        fields exceed SETTINGS_MAX_HEADER_LIST_SIZE: the request gets a 431 or the stream a reset, and the
     *        connection can go on
     */
    public HpackException(String message, boolean headerListTooLarge) {
        super(message, null, false, false);
        this.headerListTooLarge = headerListTooLarge;
    }

    /**
     * {@return true if only the list's size was exceeded (the connection can go on); false for a
     * COMPRESSION_ERROR, a connection error}
     */
    public boolean headerListTooLarge() {
        return headerListTooLarge;
    }
}
