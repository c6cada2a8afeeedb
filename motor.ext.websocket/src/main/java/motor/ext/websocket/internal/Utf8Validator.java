package motor.ext.websocket.internal;

/**
 * Checks UTF-8 incrementally, a chunk at a time, so that a text message split over frames (or over
 * reads) is validated as it arrives and fails at its first invalid byte (RFC 6455 section 8.1, RFC 3629
 * section 4: no overlong forms, no surrogates, nothing above U+10FFFF).
 *
 * <p>The state is the number of continuation bytes still expected and the range the next one must fall
 * in (narrower than {@code 80..BF} only right after the lead bytes {@code E0}, {@code ED}, {@code F0} and
 * {@code F4}).
 */
final class Utf8Validator {

    private int need;
    private int lower = 0x80;
    private int upper = 0xBF;

    /** Forgets any partial character, for a new message. */
    void reset() {
        need = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    /**
     * Checks the next bytes.
     *
     * @param bytes  the bytes
     * @param offset the first one
     * @param length how many
     * @return the index of the first invalid byte, or -1 if all are valid so far
     */
    int feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int b = bytes[i] & 0xFF;
            if (need == 0) {
                if (b < 0x80) {
                    i++;
                    continue;
                }
                if (b >= 0xC2 && b <= 0xDF) {
                    need = 1;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    need = 2;
                    lower = b == 0xE0 ? 0xA0 : 0x80;
                    upper = b == 0xED ? 0x9F : 0xBF;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    need = 3;
                    lower = b == 0xF0 ? 0x90 : 0x80;
                    upper = b == 0xF4 ? 0x8F : 0xBF;
                } else {
                    return i; // 80..C1 cannot start a character, F5..FF never occur
                }
            } else {
                if (b < lower || b > upper) {
                    return i;
                }
                lower = 0x80;
                upper = 0xBF;
                need--;
            }
            i++;
        }
        return -1;
    }

    /** {@return whether the bytes so far end at a character boundary} */
    boolean complete() {
        return need == 0;
    }
}
