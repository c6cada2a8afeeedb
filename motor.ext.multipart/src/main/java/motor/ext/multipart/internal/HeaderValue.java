package motor.ext.multipart.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.PercentCoding;
import motor.spi.Status;

/**
 * A header value shaped {@code type *( ";" name "=" value )}, as {@code Content-Type} (RFC 9110 section
 * 8.3) and {@code Content-Disposition} (RFC 6266, RFC 7578 section 4.2) are, with the decoding rules that
 * real form clients need.
 *
 * <p>Values are tokens or quoted strings. Inside quotes a backslash escapes only {@code "} and itself
 * and is otherwise literal: browsers do not escape backslashes in file names ({@code C:\dir\a.txt} from
 * old Windows browsers), and no client escapes letters or digits, so this reads both the RFC's
 * quoted-pairs and what browsers send. A parameter name given twice is refused (two parsers that pick
 * different copies would see different forms). A parameter without {@code =} is ignored.
 */
public final class HeaderValue {

    /** Parameter names we mention in messages; others come from the client and are not echoed. */
    private static final Set<String> KNOWN = Set.of("boundary", "charset", "name", "filename", "filename*");

    private final String type;
    private final String[] parameters;
    private final int count;

    private HeaderValue(String type, String[] parameters, int count) {
        this.type = type;
        this.parameters = parameters;
        this.count = count;
    }

    /**
     * Parses a value.
     *
     * @param value the header value
     * @param what  how to name the header in messages, such as {@code "Content-Type"}
     * @return the parsed value
     * @throws HttpException 400 if it is malformed
     */
    public static HeaderValue parse(String value, String what) {
        int n = value.length();
        int i = skipSpace(value, 0);
        int start = i;
        while (i < n && value.charAt(i) != ';') {
            i++;
        }
        String type = trimEnd(value, start, i).toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
            throw bad(what + " has no value before its parameters");
        }
        String[] parameters = new String[8];
        int count = 0;
        while (i < n) {
            i = skipSpace(value, i + 1); // past ';'
            if (i == n) {
                break;
            }
            if (value.charAt(i) == ';') {
                continue;
            }
            int nameStart = i;
            while (i < n && value.charAt(i) != '=' && value.charAt(i) != ';') {
                i++;
            }
            String name = trimEnd(value, nameStart, i).toLowerCase(Locale.ROOT);
            if (i == n || value.charAt(i) == ';') {
                continue; // no value: ignored
            }
            if (!Headers.isToken(name)) {
                throw bad(what + " has a malformed parameter name");
            }
            i = skipSpace(value, i + 1); // past '='
            String parameter;
            if (i < n && value.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = value.charAt(i);
                    if (c == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (c == '\\' && i + 1 < n && (value.charAt(i + 1) == '"' || value.charAt(i + 1) == '\\')) {
                        c = value.charAt(++i);
                    }
                    sb.append(c);
                    i++;
                }
                if (!closed) {
                    throw bad(what + " has a quoted string without its closing quote");
                }
                i = skipSpace(value, i);
                if (i < n && value.charAt(i) != ';') {
                    throw bad(what + " has text after a quoted parameter value");
                }
                parameter = sb.toString();
            } else {
                int valueStart = i;
                while (i < n && value.charAt(i) != ';') {
                    i++;
                }
                parameter = trimEnd(value, valueStart, i);
            }
            for (int k = 0; k < count; k++) {
                if (parameters[2 * k].equals(name)) {
                    throw bad(what + " repeats the parameter " + (KNOWN.contains(name) ? name : "(unnamed here)"));
                }
            }
            if (2 * count == parameters.length) {
                if (count >= 64) {
                    throw bad(what + " has too many parameters");
                }
                parameters = Arrays.copyOf(parameters, 2 * parameters.length);
            }
            parameters[2 * count] = name;
            parameters[2 * count + 1] = parameter;
            count++;
        }
        return new HeaderValue(type, parameters, count);
    }

    /** {@return the value before the parameters, in lower case, such as {@code multipart/form-data}} */
    public String type() {
        return type;
    }

    /**
     * {@return the value of a parameter, unquoted, or {@code null}}
     *
     * @param name the parameter name in lower case
     */
    public String parameter(String name) {
        for (int k = 0; k < count; k++) {
            if (parameters[2 * k].equals(name)) {
                return parameters[2 * k + 1];
            }
        }
        return null;
    }

    /**
     * Checks a multipart boundary against RFC 2046 section 5.1.1: 1 to 70 of the characters
     * {@code bchars} (letters, digits and {@code '()+_,-./:=?} and space), not ending in a space.
     *
     * @param boundary the {@code boundary} parameter, or {@code null}
     * @return the boundary
     * @throws HttpException 400 if it is missing or invalid
     */
    public static String boundary(String boundary) {
        if (boundary == null) {
            throw bad("multipart/form-data without a boundary parameter in Content-Type");
        }
        int length = boundary.length();
        if (length == 0 || length > 70) {
            throw bad("the multipart boundary must be 1 to 70 characters long");
        }
        for (int i = 0; i < length; i++) {
            if (!isBoundaryChar(boundary.charAt(i))) {
                throw bad("the multipart boundary has a character RFC 2046 does not allow");
            }
        }
        if (boundary.charAt(length - 1) == ' ') {
            throw bad("the multipart boundary must not end with a space");
        }
        return boundary;
    }

    private static boolean isBoundaryChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "'()+_,-./:=? ".indexOf(c) >= 0;
    }

    /**
     * Decodes an RFC 8187 ext-value such as {@code UTF-8''na%C3%AFve.txt} (the form of {@code filename*}).
     * UTF-8 and ISO-8859-1 are understood, as RFC 8187 requires.
     *
     * @param value the parameter value
     * @return the decoded text, or {@code null} if the value is malformed or in another charset
     */
    public static String decodeExtValue(String value) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0) {
            return null;
        }
        String name = value.substring(0, first);
        Charset charset;
        if (name.equalsIgnoreCase("UTF-8")) {
            charset = StandardCharsets.UTF_8;
        } else if (name.equalsIgnoreCase("ISO-8859-1")) {
            charset = StandardCharsets.ISO_8859_1;
        } else {
            return null;
        }
        byte[] bytes = new byte[value.length() - second - 1];
        int n = 0;
        for (int i = second + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int hi = i + 2 < value.length() ? PercentCoding.hex(value.charAt(i + 1)) : -1;
                int lo = hi < 0 ? -1 : PercentCoding.hex(value.charAt(i + 2));
                if (lo < 0) {
                    return null;
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (isAttrChar(c)) {
                bytes[n++] = (byte) c;
            } else {
                return null;
            }
        }
        return decode(bytes, n, charset);
    }

    private static boolean isAttrChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$&+-.^_`|~".indexOf(c) >= 0;
    }

    /**
     * Reads a name or file name the way browsers write it (the HTML standard's multipart/form-data
     * encoding): the bytes of the header are UTF-8 when they decode as such (otherwise they stay
     * ISO-8859-1), and {@code %22}, {@code %0D} and {@code %0A} stand for {@code "}, CR and LF.
     *
     * @param raw the parameter value, one char per header byte
     * @return the text
     */
    public static String formName(String raw) {
        String text = raw;
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) >= 0x80) {
                byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
                String utf8 = decode(bytes, bytes.length, StandardCharsets.UTF_8);
                if (utf8 != null) {
                    text = utf8;
                }
                break;
            }
        }
        if (text.indexOf('%') < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && text.charAt(i + 1) == '0'
                    && (text.charAt(i + 2) == 'D' || text.charAt(i + 2) == 'd')) {
                sb.append('\r');
                i += 2;
            } else if (c == '%' && i + 2 < text.length() && text.charAt(i + 1) == '0'
                    && (text.charAt(i + 2) == 'A' || text.charAt(i + 2) == 'a')) {
                sb.append('\n');
                i += 2;
            } else if (c == '%' && i + 2 < text.length() && text.charAt(i + 1) == '2' && text.charAt(i + 2) == '2') {
                sb.append('"');
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Decodes strictly.
     *
     * @param bytes   the bytes
     * @param length  how many of them
     * @param charset the charset
     * @return the text, or {@code null} if the bytes are not valid in the charset
     */
    public static String decode(byte[] bytes, int length, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static String trimEnd(String s, int start, int end) {
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    private static HttpException bad(String message) {
        return new HttpException(Status.BAD_REQUEST, message);
    }
}
