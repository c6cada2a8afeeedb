package motor.ext.auth.internal;

import java.util.Map;
import java.util.Objects;

/**
 * Character classes and quoting of RFC 9110 (section 5.6) as the authentication syntax of its section 11
 * uses them: {@code token}, {@code token68} and {@code quoted-string}.
 */
public final class Syntax {

    private static final boolean[] TCHAR = new boolean[128];
    private static final boolean[] TOKEN68 = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
            TOKEN68[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
            TOKEN68[c] = true;
            TOKEN68[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        for (char c : "-._~+/".toCharArray()) {
            TOKEN68[c] = true;
        }
    }

    private Syntax() {
    }

    /** {@return whether {@code c} may appear in a token} */
    static boolean tchar(char c) {
        return c < 128 && TCHAR[c];
    }

    /** {@return whether {@code c} may appear in a token68 before its padding} */
    static boolean token68Char(char c) {
        return c < 128 && TOKEN68[c];
    }

    /**
     * {@return whether {@code c} may stand in a quoted-string unescaped (qdtext): tab, space and the
     * visible characters other than {@code "} and {@code \}, obs-text included}
     */
    static boolean qdtext(char c) {
        return c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e)
                || (c >= 0x80 && c <= 0xff);
    }

    /** {@return whether {@code c} may follow a backslash in a quoted-pair: tab, space, VCHAR, obs-text} */
    static boolean quotable(char c) {
        return c == '\t' || (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
    }

    /**
     * {@return whether {@code s} is a token: one or more of the characters RFC 9110 section 5.6.2 allows}
     *
     * @param s the candidate, may be {@code null}
     */
    public static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!tchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@return whether {@code s} is a token68: one or more of {@code A-Z a-z 0-9 - . _ ~ + /}, then any
     * number of {@code =}}
     *
     * @param s the candidate, may be {@code null}
     */
    public static boolean isToken68(String s) {
        if (s == null) {
            return false;
        }
        int n = s.length();
        int i = 0;
        while (i < n && token68Char(s.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < n && s.charAt(i) == '=') {
            i++;
        }
        return i == n;
    }

    /**
     * Writes {@code value} as a quoted-string, with {@code "} and {@code \} escaped.
     *
     * @param value a value of printable ASCII characters, spaces and tabs
     * @param into  where to write
     * @throws IllegalArgumentException if the value holds a control character or a character outside
     *                                  ASCII, which no client decodes reliably in a challenge
     */
    public static void quote(String value, StringBuilder into) {
        into.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                into.append('\\');
            } else if (c != '\t' && (c < 0x20 || c > 0x7e)) {
                throw new IllegalArgumentException("a challenge parameter may hold printable ASCII characters only; "
                        + "found U+" + String.format("%04X", (int) c) + " at index " + i);
            }
            into.append(c);
        }
        into.append('"');
    }

    /**
     * Checks what credentials and challenges share: the scheme is a token, the token68 (if any) is one,
     * and there is a token68 or parameters, not both.
     *
     * @param scheme  the scheme
     * @param token68 the token68, or {@code null}
     * @param params  the parameters
     * @throws IllegalArgumentException if a check fails
     */
    public static void checkSchemeAndToken68(String scheme, String token68, Map<String, String> params) {
        if (!isToken(scheme)) {
            throw new IllegalArgumentException("an authentication scheme must be a token");
        }
        if (token68 != null && !isToken68(token68)) {
            throw new IllegalArgumentException("not a token68");
        }
        Objects.requireNonNull(params, "params");
        if (token68 != null && !params.isEmpty()) {
            throw new IllegalArgumentException("a token68 or parameters, not both");
        }
    }

    /** {@return {@code s} with ASCII upper-case letters turned to lower case, as field names compare} */
    public static String lower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] += 32;
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }
}
