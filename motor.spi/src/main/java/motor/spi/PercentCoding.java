package motor.spi;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of URI components (RFC 3986 section 2.1) with UTF-8 as the character encoding, and
 * the {@code application/x-www-form-urlencoded} variant in which {@code +} stands for a space.
 */
public final class PercentCoding {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private PercentCoding() {
    }

    /**
     * Decodes a percent-encoded component.
     *
     * @param encoded     the component as it appears in a URI or form body
     * @param plusIsSpace whether {@code +} means a space (form encoding) rather than itself
     * @return the decoded text
     * @throws HttpException 400 if a {@code %} is not followed by two hex digits, or the decoded bytes are
     *                       not UTF-8
     */
    public static String decode(String encoded, boolean plusIsSpace) {
        int first = -1;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c >= 0x80) {
                // Characters outside ASCII should have been encoded; take them as they are.
                return decodeMixed(encoded, plusIsSpace);
            }
            if (first < 0 && (c == '%' || (plusIsSpace && c == '+'))) {
                first = i;
            }
        }
        if (first < 0) {
            return encoded;
        }
        byte[] bytes = new byte[encoded.length()];
        int n = 0;
        for (int i = 0; i < first; i++) {
            bytes[n++] = (byte) encoded.charAt(i);
        }
        boolean ascii = true;
        for (int i = first; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int hi = i + 2 < encoded.length() ? hex(encoded.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hex(encoded.charAt(i + 2)) : -1;
                if (lo < 0) {
                    throw new HttpException(Status.BAD_REQUEST, "invalid percent-encoding");
                }
                int b = (hi << 4) | lo;
                ascii &= b < 0x80;
                bytes[n++] = (byte) b;
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes[n++] = ' ';
            } else {
                bytes[n++] = (byte) c;
            }
        }
        if (ascii) {
            return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
        }
        return utf8(bytes, n);
    }

    /**
     * Encodes {@code text} for use as a path segment or query component: every byte of its UTF-8 form
     * except the unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) becomes {@code %XX}.
     *
     * @param text the text to encode
     * @return the encoded component
     */
    public static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = null;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (isUnreserved(b)) {
                if (sb != null) {
                    sb.append((char) b);
                }
            } else {
                if (sb == null) {
                    sb = new StringBuilder(bytes.length + 16);
                    for (int j = 0; j < i; j++) {
                        sb.append((char) bytes[j]);
                    }
                }
                sb.append('%').append((char) HEX[b >> 4]).append((char) HEX[b & 0xf]);
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * {@return the value of a hex digit, or -1 if {@code c} is none}
     *
     * @param c a character
     */
    public static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isUnreserved(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == '-' || b == '.' || b == '_' || b == '~';
    }

    private static String decodeMixed(String encoded, boolean plusIsSpace) {
        byte[] utf8 = encoded.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[utf8.length];
        int n = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte c = utf8[i];
            if (c == '%') {
                int hi = i + 2 < utf8.length ? hex(utf8[i + 1]) : -1;
                int lo = hi >= 0 ? hex(utf8[i + 2]) : -1;
                if (lo < 0) {
                    throw new HttpException(Status.BAD_REQUEST, "invalid percent-encoding");
                }
                bytes[n++] = (byte) ((hi << 4) | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes[n++] = ' ';
            } else {
                bytes[n++] = c;
            }
        }
        return utf8(bytes, n);
    }

    private static String utf8(byte[] bytes, int length) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new HttpException(Status.BAD_REQUEST, "percent-encoded bytes are not valid UTF-8");
        }
    }
}
