package motor.ext.websocket.internal;

import java.nio.charset.StandardCharsets;

/** Which close status codes may travel (RFC 6455 section 7.4 and the IANA registry). */
final class CloseCodes {

    private CloseCodes() {
    }

    /**
     * {@return whether a peer may send {@code code}}: the registered codes 1000-1003 and 1007-1014, and
     * 3000-4999 (libraries, frameworks, applications). 1004 is reserved; 1005, 1006 and 1015 name
     * conditions and never travel; everything else below 3000 is unassigned.
     */
    static boolean receivable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /** {@return whether the server may send {@code code}: the same set} */
    static boolean sendable(int code) {
        return receivable(code);
    }

    /**
     * Encodes a close payload.
     *
     * @throws IllegalArgumentException if the reason is longer than 123 bytes in UTF-8
     */
    static byte[] payload(int code, String reason) {
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > 123) {
            throw new IllegalArgumentException("a close reason has at most 123 bytes in UTF-8, not " + text.length);
        }
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return payload;
    }
}
