package motor.ext.cookies.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import motor.ext.cookies.Cookie;

/**
 * Parses the value of a {@code Cookie} request header (RFC 6265 section 5.4, as updated by RFC 6265bis)
 * into name-value pairs, the way servers must read what real browsers send rather than only what the
 * grammar of section 4.2 allows.
 *
 * <p>The header is split at every {@code ;}. Each piece is trimmed of spaces and tabs and split at its
 * first {@code =}; what the pieces may hold:
 * <ul>
 *   <li>tolerated: spaces around {@code ;} and {@code =} (or none after {@code ;}), spaces and other
 *       visible characters inside values that section 4.1.1 forbids but browsers store anyway
 *       ({@code document.cookie} lets scripts set them), a missing value ({@code a=} and a bare
 *       {@code a} both give {@code a} with an empty value), a value in double quotes (the quotes are
 *       removed), empty pieces ({@code a=1;;b=2}), a name repeated (every pair is kept, in order: the
 *       browser sends the most specific cookie first), values holding {@code =};</li>
 *   <li>skipped: pairs with an empty name, names starting with {@code $} (the attributes of the obsolete
 *       RFC 2965 syntax, {@code $Version}, {@code $Path}, {@code $Domain}), pairs holding a control
 *       character other than tab (RFC 6265bis section 5.6 step 4 ignores them; a NUL or line break in a
 *       value is never what a browser sent), pairs whose non-ASCII bytes are not valid UTF-8.</li>
 * </ul>
 * A skipped pair never spoils its neighbours, and no input makes the parser throw. Bytes above 0x7F are
 * read as UTF-8, which is what browsers send for non-ASCII cookies; the server hands the header over as
 * ISO-8859-1 characters, one per byte.
 */
public final class CookieParser {

    private CookieParser() {
    }

    /**
     * Parses one {@code Cookie} header value and appends its pairs.
     *
     * @param header the field value, one character per byte
     * @param into   where the pairs go, in order
     */
    public static void parse(String header, List<Cookie> into) {
        int length = header.length();
        int start = 0;
        while (start <= length) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = length;
            }
            Cookie cookie = pair(header, start, end);
            if (cookie != null) {
                into.add(cookie);
            }
            start = end + 1;
        }
    }

    /** Reads the pair between {@code from} and {@code to}, or returns null if it is to be skipped. */
    private static Cookie pair(String s, int from, int to) {
        int a = skipSpace(s, from, to);
        int b = trimSpace(s, a, to);
        if (a == b) {
            return null;
        }
        int eq = a;
        while (eq < b && s.charAt(eq) != '=') {
            eq++; // not indexOf: it would scan past the piece, quadratic over many pieces without '='
        }
        int nameEnd;
        int valueStart;
        if (eq == b) {
            nameEnd = b;
            valueStart = b;
        } else {
            nameEnd = trimSpace(s, a, eq);
            valueStart = skipSpace(s, eq + 1, b);
        }
        if (nameEnd == a || s.charAt(a) == '$') {
            return null;
        }
        int valueEnd = b;
        if (valueEnd - valueStart >= 2 && s.charAt(valueStart) == '"' && s.charAt(valueEnd - 1) == '"') {
            valueStart++;
            valueEnd--;
        }
        String name = text(s, a, nameEnd);
        if (name == null) {
            return null;
        }
        String value = text(s, valueStart, valueEnd);
        return value == null ? null : new Cookie(name, value);
    }

    /**
     * Returns the characters from {@code from} to {@code to} as a string, decoding bytes above 0x7F as
     * UTF-8, or null if they hold a control character other than tab, or are not valid UTF-8.
     */
    private static String text(String s, int from, int to) {
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return null;
            }
            if (c > 0x7f) {
                if (c > 0xff) {
                    return null; // not a byte: the caller did not hand us a header value
                }
                ascii = false;
            }
        }
        if (ascii) {
            return s.substring(from, to);
        }
        byte[] bytes = new byte[to - from];
        for (int i = from; i < to; i++) {
            bytes[i - from] = (byte) s.charAt(i);
        }
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return decoded.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int skipSpace(String s, int from, int to) {
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int trimSpace(String s, int from, int to) {
        while (to > from && isSpace(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
