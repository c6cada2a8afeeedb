package motor.ext.http2.internal.frame;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses and validates the payload of a SETTINGS frame (RFC 9113 6.5).
 */
public final class Settings {

    private Settings() {
    }

    /**
     * Parses a SETTINGS frame that is not an acknowledgement. Values are validated in order (6.5.2):
     * SETTINGS_ENABLE_PUSH and SETTINGS_ENABLE_CONNECT_PROTOCOL other than 0 or 1 and SETTINGS_MAX_FRAME_SIZE
     * outside 16384..16777215 are PROTOCOL_ERROR, SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1 is
     * FLOW_CONTROL_ERROR, all connection errors. Unknown identifiers are skipped; when one identifier
     * occurs twice the later value wins, as processing in order would have it.
     *
     * @param frame a SETTINGS frame as {@link FrameReader} returned it (length a multiple of 6)
     * @return identifier to value (unsigned 32 bits), in order of first occurrence
     * @throws Http2Exception if a value is out of range
     */
    public static Map<Integer, Long> parseSettings(Frame frame) throws Http2Exception {
        if (frame.type() != Http2.SETTINGS) {
            throw new IllegalArgumentException("not a SETTINGS frame: " + frame);
        }
        return parseSettings(frame.payload(), frame.offset(), frame.length());
    }

    /**
     * Parses a SETTINGS payload that did not come in a frame, such as the decoded {@code HTTP2-Settings}
     * header of an h2c upgrade (RFC 7540 3.2.1), with the checks of {@link #parseSettings(Frame)}.
     *
     * @param payload the bytes
     * @param offset where the settings start
     * @param length their length
     * @return identifier to value, in order of first occurrence
     * @throws Http2Exception FRAME_SIZE_ERROR if the length is not a multiple of 6, or a value is out of range
     */
    public static Map<Integer, Long> parseSettings(byte[] payload, int offset, int length) throws Http2Exception {
        if (length % 6 != 0) {
            throw Http2Exception.connection(Http2.FRAME_SIZE_ERROR, "SETTINGS payload length not a multiple of 6");
        }
        Map<Integer, Long> settings = new LinkedHashMap<>();
        byte[] b = payload;
        int end = offset + length;
        for (int i = offset; i < end; i += 6) {
            int id = (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
            long value = ((b[i + 2] & 0xFFL) << 24) | (b[i + 3] & 0xFF) << 16 | (b[i + 4] & 0xFF) << 8 | b[i + 5] & 0xFF;
            switch (id) {
                case Http2.SETTINGS_ENABLE_PUSH, Http2.SETTINGS_ENABLE_CONNECT_PROTOCOL -> {
                    if (value > 1) {
                        throw Http2Exception.connection(Http2.PROTOCOL_ERROR,
                                (id == Http2.SETTINGS_ENABLE_PUSH ? "SETTINGS_ENABLE_PUSH" : "SETTINGS_ENABLE_CONNECT_PROTOCOL")
                                        + " must be 0 or 1, was " + value);
                    }
                }
                case Http2.SETTINGS_INITIAL_WINDOW_SIZE -> {
                    if (value > Http2.MAX_WINDOW_SIZE) {
                        throw Http2Exception.connection(Http2.FLOW_CONTROL_ERROR,
                                "SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1: " + value);
                    }
                }
                case Http2.SETTINGS_MAX_FRAME_SIZE -> {
                    if (value < Http2.DEFAULT_MAX_FRAME_SIZE || value > Http2.MAX_MAX_FRAME_SIZE) {
                        throw Http2Exception.connection(Http2.PROTOCOL_ERROR,
                                "SETTINGS_MAX_FRAME_SIZE must be 16384 to 16777215, was " + value);
                    }
                }
                case Http2.SETTINGS_HEADER_TABLE_SIZE, Http2.SETTINGS_MAX_CONCURRENT_STREAMS,
                     Http2.SETTINGS_MAX_HEADER_LIST_SIZE -> {
                }
                default -> {
                    continue;
                }
            }
            settings.put(id, value);
        }
        return settings;
    }
}
