package motor.ext.auth.internal;

import java.util.Base64;

/**
 * Base64 as RFC 4648 section 4 defines it, checked strictly before decoding: the standard alphabet only,
 * a length that is a multiple of four, padding present and only at the end, and the unused bits of the
 * last character zero (section 3.5), so that every byte string has exactly one accepted encoding.
 * {@link Base64#getDecoder()} alone would accept missing padding and non-zero pad bits.
 */
public final class StrictBase64 {

    private StrictBase64() {
    }

    /**
     * Decodes {@code text} if it is canonical base64.
     *
     * @param text the encoded text
     * @return the bytes, or {@code null} if the text is not canonical base64
     */
    public static byte[] decode(String text) {
        int n = text.length();
        if (n == 0 || n % 4 != 0) {
            return null;
        }
        int padding = text.charAt(n - 1) == '=' ? (text.charAt(n - 2) == '=' ? 2 : 1) : 0;
        for (int i = 0; i < n - padding; i++) {
            if (value(text.charAt(i)) < 0) {
                return null;
            }
        }
        int last = value(text.charAt(n - padding - 1));
        // one padding character: the last sextet carries 2 unused bits; two: 4 unused bits
        if ((padding == 1 && (last & 0x3) != 0) || (padding == 2 && (last & 0xf) != 0)) {
            return null;
        }
        return Base64.getDecoder().decode(text);
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+') {
            return 62;
        }
        if (c == '/') {
            return 63;
        }
        return -1;
    }
}
