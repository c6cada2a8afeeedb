package motor.ext.http2.internal.frame;

/**
 * One frame as {@link FrameReader} returns it: the header fields and the payload with padding and, for
 * HEADERS, the priority fields removed.
 *
 * <p>{@code payload[offset, offset + length)} holds the frame's payload proper: for DATA the data, for
 * HEADERS the field block fragment, for the other types the whole payload. The array belongs to the
 * reader and is overwritten by its next {@code read()}: use or copy the bytes before reading again.
 *
 * @param type the frame type, 0 to 255 (unknown types are passed through; the caller ignores them)
 * @param flags the flags octet, 0 to 255
 * @param streamId the stream identifier, reserved bit cleared
 * @param payload the array holding the payload (shared with the reader)
 * @param offset where the payload starts in {@code payload}
 * @param length the payload's length without padding and priority fields
 * @param flowLength the frame's whole payload length as sent, padding and pad length included: what a
 *        DATA frame counts against flow control (RFC 9113 6.1)
 * @param streamDependency for HEADERS with the PRIORITY flag and for PRIORITY frames, the stream this one
 *        depends on (exclusive bit cleared), else -1; a stream may not depend on itself (5.3.1)
 */
public record Frame(int type, int flags, int streamId, byte[] payload, int offset, int length, int flowLength,
                    int streamDependency) {

    /**
     * {@return whether the flag is set}
     *
     * @param flag a flag bit such as {@link Http2#FLAG_END_STREAM}
     */
    public boolean flag(int flag) {
        return (flags & flag) != 0;
    }

    /**
     * {@return a copy of the payload proper}
     */
    public byte[] copyPayload() {
        byte[] copy = new byte[length];
        System.arraycopy(payload, offset, copy, 0, length);
        return copy;
    }

    /**
     * {@return the unsigned 32-bit big-endian value at {@code index} in the payload, as an int (PING data,
     * GOAWAY fields, WINDOW_UPDATE, RST_STREAM)}
     *
     * @param index the payload-relative position of the first byte
     */
    public int int32(int index) {
        int i = offset + index;
        return (payload[i] & 0xFF) << 24 | (payload[i + 1] & 0xFF) << 16 | (payload[i + 2] & 0xFF) << 8
                | payload[i + 3] & 0xFF;
    }

    @Override
    public String toString() {
        return Http2.typeName(type) + "[stream " + streamId + ", flags 0x" + Integer.toHexString(flags) + ", length "
                + length + "]";
    }
}
