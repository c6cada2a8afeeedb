package motor.ext.http2.internal.frame;

import java.nio.charset.StandardCharsets;

/**
 * HTTP/2 protocol constants (RFC 9113): frame types and flags (section 6), error codes (section 7),
 * settings identifiers (section 6.5.2, plus RFC 8441's ENABLE_CONNECT_PROTOCOL), the client connection
 * preface (section 3.4) and frame sizes (section 4).
 */
public final class Http2 {

    /** Frame type DATA (6.1). */
    public static final int DATA = 0x0;
    /** Frame type HEADERS (6.2). */
    public static final int HEADERS = 0x1;
    /** Frame type PRIORITY (6.3), deprecated but still parsed. */
    public static final int PRIORITY = 0x2;
    /** Frame type RST_STREAM (6.4). */
    public static final int RST_STREAM = 0x3;
    /** Frame type SETTINGS (6.5). */
    public static final int SETTINGS = 0x4;
    /** Frame type PUSH_PROMISE (6.6); a server never accepts one. */
    public static final int PUSH_PROMISE = 0x5;
    /** Frame type PING (6.7). */
    public static final int PING = 0x6;
    /** Frame type GOAWAY (6.8). */
    public static final int GOAWAY = 0x7;
    /** Frame type WINDOW_UPDATE (6.9). */
    public static final int WINDOW_UPDATE = 0x8;
    /** Frame type CONTINUATION (6.10). */
    public static final int CONTINUATION = 0x9;

    /** Flag END_STREAM on DATA and HEADERS. */
    public static final int FLAG_END_STREAM = 0x1;
    /** Flag ACK on SETTINGS and PING (the same bit as END_STREAM). */
    public static final int FLAG_ACK = 0x1;
    /** Flag END_HEADERS on HEADERS, PUSH_PROMISE and CONTINUATION. */
    public static final int FLAG_END_HEADERS = 0x4;
    /** Flag PADDED on DATA, HEADERS and PUSH_PROMISE. */
    public static final int FLAG_PADDED = 0x8;
    /** Flag PRIORITY on HEADERS. */
    public static final int FLAG_PRIORITY = 0x20;

    /** Error code NO_ERROR: a graceful shutdown. */
    public static final int NO_ERROR = 0x0;
    /** Error code PROTOCOL_ERROR. */
    public static final int PROTOCOL_ERROR = 0x1;
    /** Error code INTERNAL_ERROR. */
    public static final int INTERNAL_ERROR = 0x2;
    /** Error code FLOW_CONTROL_ERROR. */
    public static final int FLOW_CONTROL_ERROR = 0x3;
    /** Error code SETTINGS_TIMEOUT. */
    public static final int SETTINGS_TIMEOUT = 0x4;
    /** Error code STREAM_CLOSED. */
    public static final int STREAM_CLOSED = 0x5;
    /** Error code FRAME_SIZE_ERROR. */
    public static final int FRAME_SIZE_ERROR = 0x6;
    /** Error code REFUSED_STREAM: the stream was not processed and may be retried. */
    public static final int REFUSED_STREAM = 0x7;
    /** Error code CANCEL. */
    public static final int CANCEL = 0x8;
    /** Error code COMPRESSION_ERROR: the HPACK context cannot be kept. */
    public static final int COMPRESSION_ERROR = 0x9;
    /** Error code CONNECT_ERROR. */
    public static final int CONNECT_ERROR = 0xa;
    /** Error code ENHANCE_YOUR_CALM: the peer behaves abusively. */
    public static final int ENHANCE_YOUR_CALM = 0xb;
    /** Error code INADEQUATE_SECURITY. */
    public static final int INADEQUATE_SECURITY = 0xc;
    /** Error code HTTP_1_1_REQUIRED. */
    public static final int HTTP_1_1_REQUIRED = 0xd;

    /** Setting SETTINGS_HEADER_TABLE_SIZE (initial 4096). */
    public static final int SETTINGS_HEADER_TABLE_SIZE = 0x1;
    /** Setting SETTINGS_ENABLE_PUSH (0 or 1, initial 1). */
    public static final int SETTINGS_ENABLE_PUSH = 0x2;
    /** Setting SETTINGS_MAX_CONCURRENT_STREAMS (initially unlimited). */
    public static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
    /** Setting SETTINGS_INITIAL_WINDOW_SIZE (initial 65535, at most 2^31-1). */
    public static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    /** Setting SETTINGS_MAX_FRAME_SIZE (16384 to 16777215, initial 16384). */
    public static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
    /** Setting SETTINGS_MAX_HEADER_LIST_SIZE (initially unlimited). */
    public static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;
    /** Setting SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441; 0 or 1). */
    public static final int SETTINGS_ENABLE_CONNECT_PROTOCOL = 0x8;

    /** The length of a frame header: 3 length, 1 type, 1 flags, 4 stream identifier. */
    public static final int FRAME_HEADER_LENGTH = 9;
    /** The initial and smallest SETTINGS_MAX_FRAME_SIZE. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16_384;
    /** The largest SETTINGS_MAX_FRAME_SIZE, 2^24-1. */
    public static final int MAX_MAX_FRAME_SIZE = 16_777_215;
    /** The initial flow-control window of the connection and of every stream. */
    public static final int DEFAULT_INITIAL_WINDOW_SIZE = 65_535;
    /** The largest flow-control window, 2^31-1. */
    public static final int MAX_WINDOW_SIZE = Integer.MAX_VALUE;
    /** The initial SETTINGS_HEADER_TABLE_SIZE. */
    public static final int DEFAULT_HEADER_TABLE_SIZE = 4096;

    private static final byte[] PREFACE_BYTES = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final String[] ERROR_NAMES = {"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR",
        "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT", "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL",
        "COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};

    private Http2() {
    }

    /** {@return a copy of the 24-byte client connection preface, {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}} */
    public static byte[] preface() {
        return PREFACE_BYTES.clone();
    }

    /** {@return the length of the client connection preface, 24} */
    public static int prefaceLength() {
        return PREFACE_BYTES.length;
    }

    /**
     * {@return whether {@code b} is the preface byte at {@code index}}
     *
     * @param index 0 to 23
     * @param b the byte received there
     */
    public static boolean prefaceByte(int index, byte b) {
        return PREFACE_BYTES[index] == b;
    }

    /**
     * {@return the RFC name of an error code, such as {@code PROTOCOL_ERROR}, or {@code 0x..} in hex for an
     * unknown one}
     *
     * @param errorCode the code, read as unsigned 32 bits
     */
    public static String errorName(int errorCode) {
        return errorCode >= 0 && errorCode < ERROR_NAMES.length ? ERROR_NAMES[errorCode]
                : "0x" + Integer.toHexString(errorCode);
    }

    /**
     * {@return the RFC name of a frame type, such as {@code HEADERS}, or {@code 0x..} for an unknown one}
     *
     * @param type the frame type, 0 to 255
     */
    public static String typeName(int type) {
        return switch (type) {
            case DATA -> "DATA";
            case HEADERS -> "HEADERS";
            case PRIORITY -> "PRIORITY";
            case RST_STREAM -> "RST_STREAM";
            case SETTINGS -> "SETTINGS";
            case PUSH_PROMISE -> "PUSH_PROMISE";
            case PING -> "PING";
            case GOAWAY -> "GOAWAY";
            case WINDOW_UPDATE -> "WINDOW_UPDATE";
            case CONTINUATION -> "CONTINUATION";
            default -> "0x" + Integer.toHexString(type);
        };
    }
}
