package motor.ext.http2.internal.frame;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encodes frames into byte arrays (RFC 9113 section 6). Pure functions: the caller owns the socket, the
 * write lock and flow control. Arguments a correct caller never passes (a negative stream id, an
 * increment of 0) are refused with {@link IllegalArgumentException}.
 */
public final class FrameWriter {

    private FrameWriter() {
    }

    /**
     * Writes a 9-byte frame header.
     *
     * @param into the target
     * @param offset where the header starts
     * @param length the payload length, 0 to 16777215
     * @param type the frame type
     * @param flags the flags
     * @param streamId the stream, 0 to 2^31-1
     * @return {@code offset + 9}, where the payload goes
     */
    public static int header(byte[] into, int offset, int length, int type, int flags, int streamId) {
        if (length < 0 || length > Http2.MAX_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("frame length out of range: " + length);
        }
        if (streamId < 0) {
            throw new IllegalArgumentException("stream id out of range: " + streamId);
        }
        into[offset] = (byte) (length >>> 16);
        into[offset + 1] = (byte) (length >>> 8);
        into[offset + 2] = (byte) length;
        into[offset + 3] = (byte) type;
        into[offset + 4] = (byte) flags;
        int32(into, offset + 5, streamId);
        return offset + Http2.FRAME_HEADER_LENGTH;
    }

    /**
     * Writes the header of a DATA frame; the caller puts the {@code length} data bytes after it.
     *
     * @param into the target, with room for 9 bytes at {@code offset}
     * @param offset where the header starts
     * @param streamId the stream, not 0
     * @param length the data length, at most the peer's SETTINGS_MAX_FRAME_SIZE
     * @param endStream whether to set END_STREAM
     * @return {@code offset + 9}, where the data goes
     */
    public static int dataHeader(byte[] into, int offset, int streamId, int length, boolean endStream) {
        requireStream(streamId);
        return header(into, offset, length, Http2.DATA, endStream ? Http2.FLAG_END_STREAM : 0, streamId);
    }

    /**
     * {@return a whole DATA frame}
     *
     * @param streamId the stream, not 0
     * @param data the bytes
     * @param offset the first byte to send
     * @param length how many, at most the peer's SETTINGS_MAX_FRAME_SIZE
     * @param endStream whether to set END_STREAM
     */
    public static byte[] data(int streamId, byte[] data, int offset, int length, boolean endStream) {
        byte[] frame = new byte[Http2.FRAME_HEADER_LENGTH + length];
        System.arraycopy(data, offset, frame, dataHeader(frame, 0, streamId, length, endStream), length);
        return frame;
    }

    /**
     * Encodes a field block as one HEADERS frame followed by as many CONTINUATION frames as the block
     * needs, END_HEADERS on the last, all in one array (they must be written without any frame between).
     *
     * @param streamId the stream, not 0
     * @param fieldBlock the HPACK-encoded field block
     * @param endStream whether to set END_STREAM on the HEADERS frame
     * @param maxFrameSize the peer's SETTINGS_MAX_FRAME_SIZE
     * @return the frames
     */
    public static byte[] headers(int streamId, byte[] fieldBlock, boolean endStream, int maxFrameSize) {
        requireStream(streamId);
        if (maxFrameSize < Http2.DEFAULT_MAX_FRAME_SIZE || maxFrameSize > Http2.MAX_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("max frame size out of range: " + maxFrameSize);
        }
        int total = fieldBlock.length;
        int frames = total == 0 ? 1 : (total + maxFrameSize - 1) / maxFrameSize;
        byte[] out = new byte[frames * Http2.FRAME_HEADER_LENGTH + total];
        int at = 0;
        int done = 0;
        for (int i = 0; i < frames; i++) {
            int chunk = Math.min(maxFrameSize, total - done);
            boolean last = i == frames - 1;
            int flags = (last ? Http2.FLAG_END_HEADERS : 0) | (i == 0 && endStream ? Http2.FLAG_END_STREAM : 0);
            at = header(out, at, chunk, i == 0 ? Http2.HEADERS : Http2.CONTINUATION, flags, streamId);
            System.arraycopy(fieldBlock, done, out, at, chunk);
            at += chunk;
            done += chunk;
        }
        return out;
    }

    /**
     * {@return a SETTINGS frame with the given values, in the map's iteration order}
     *
     * @param settings identifier to value, such as {@link Http2#SETTINGS_MAX_CONCURRENT_STREAMS} to 100; values
     *        0 to 2^32-1
     */
    public static byte[] settings(Map<Integer, Long> settings) {
        byte[] out = new byte[Http2.FRAME_HEADER_LENGTH + 6 * settings.size()];
        int at = header(out, 0, 6 * settings.size(), Http2.SETTINGS, 0, 0);
        for (Map.Entry<Integer, Long> e : settings.entrySet()) {
            int id = e.getKey();
            long value = e.getValue();
            if (id < 0 || id > 0xFFFF || value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("setting out of range: " + id + "=" + value);
            }
            out[at] = (byte) (id >>> 8);
            out[at + 1] = (byte) id;
            int32(out, at + 2, (int) value);
            at += 6;
        }
        return out;
    }

    /** {@return a SETTINGS frame with the ACK flag and no payload} */
    public static byte[] settingsAck() {
        byte[] out = new byte[Http2.FRAME_HEADER_LENGTH];
        header(out, 0, 0, Http2.SETTINGS, Http2.FLAG_ACK, 0);
        return out;
    }

    /**
     * {@return a PING frame}
     *
     * @param ack whether this answers a PING (ACK flag)
     * @param opaque8 the 8 bytes of opaque data (an answer echoes the received ones)
     */
    public static byte[] ping(boolean ack, byte[] opaque8) {
        if (opaque8.length != 8) {
            throw new IllegalArgumentException("PING data must be 8 bytes: " + opaque8.length);
        }
        byte[] out = new byte[Http2.FRAME_HEADER_LENGTH + 8];
        int at = header(out, 0, 8, Http2.PING, ack ? Http2.FLAG_ACK : 0, 0);
        System.arraycopy(opaque8, 0, out, at, 8);
        return out;
    }

    /**
     * {@return a GOAWAY frame}
     *
     * @param lastStreamId the highest peer-initiated stream that was or may be processed
     * @param errorCode why the connection ends, {@link Http2#NO_ERROR} for a graceful shutdown
     * @param debug diagnostic text for the peer, UTF-8, or {@code null}; never put request bytes in it
     */
    public static byte[] goAway(int lastStreamId, int errorCode, String debug) {
        if (lastStreamId < 0) {
            throw new IllegalArgumentException("last stream id out of range: " + lastStreamId);
        }
        byte[] text = debug == null ? new byte[0] : debug.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(8 + text.length, Http2.DEFAULT_MAX_FRAME_SIZE);
        byte[] out = new byte[Http2.FRAME_HEADER_LENGTH + length];
        int at = header(out, 0, length, Http2.GOAWAY, 0, 0);
        int32(out, at, lastStreamId);
        int32(out, at + 4, errorCode);
        System.arraycopy(text, 0, out, at + 8, length - 8);
        return out;
    }

    /**
     * {@return a RST_STREAM frame}
     *
     * @param streamId the stream, not 0
     * @param errorCode why it is reset
     */
    public static byte[] rstStream(int streamId, int errorCode) {
        requireStream(streamId);
        byte[] out = new byte[Http2.FRAME_HEADER_LENGTH + 4];
        int32(out, header(out, 0, 4, Http2.RST_STREAM, 0, streamId), errorCode);
        return out;
    }

    /**
     * {@return a WINDOW_UPDATE frame}
     *
     * @param streamId the stream, or 0 for the connection window
     * @param increment 1 to 2^31-1
     */
    public static byte[] windowUpdate(int streamId, int increment) {
        if (increment <= 0) {
            throw new IllegalArgumentException("window increment must be 1 to 2^31-1: " + increment);
        }
        byte[] out = new byte[Http2.FRAME_HEADER_LENGTH + 4];
        int32(out, header(out, 0, 4, Http2.WINDOW_UPDATE, 0, streamId), increment);
        return out;
    }

    private static void requireStream(int streamId) {
        if (streamId <= 0) {
            throw new IllegalArgumentException("stream id must be positive: " + streamId);
        }
    }

    private static void int32(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }
}
