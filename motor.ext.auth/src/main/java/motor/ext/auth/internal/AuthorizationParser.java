package motor.ext.auth.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import motor.spi.HttpException;
import motor.spi.Status;

/**
 * Parses the value of {@code Authorization} or {@code Proxy-Authorization} by the grammar of RFC 9110
 * section 11:
 * <pre>
 * credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 * auth-scheme = token
 * auth-param  = token BWS "=" BWS ( token / quoted-string )
 * token68     = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 * </pre>
 * A value is a token68 when, after the scheme and its spaces, a run of token68 characters and padding
 * reaches the end of the value; otherwise it is a comma-separated list of parameters, in which empty
 * elements are skipped (RFC 9110 section 5.6.1). One pass, no backtracking beyond that first run, no
 * recursion: the work is linear in the length of the value.
 *
 * <p>Every failure is an {@link HttpException} 400 whose message names the field and what was wrong, and
 * never quotes the value, which holds a secret.
 */
public final class AuthorizationParser {

    /** The longest value parsed; a longer one is answered with 431. */
    public static final int MAX_LENGTH = 64 * 1024;
    /** The most parameters one value may hold. */
    public static final int MAX_PARAMS = 64;

    /** What a parse produces before it becomes a {@code Credentials}. */
    public record Parsed(String scheme, String token68, Map<String, String> params) {
    }

    private final String field;
    private final String s;
    private final int n;
    private int pos;

    private AuthorizationParser(String field, String value) {
        this.field = field;
        this.s = value;
        this.n = value.length();
    }

    /**
     * Parses one field value.
     *
     * @param field the field name, for messages: {@code Authorization} or {@code Proxy-Authorization}
     * @param value the field value
     * @return the scheme with its token68 or parameters (names in lower case, in order)
     * @throws HttpException 400 if the value does not follow the grammar, 431 if it is longer than
     *                       {@link #MAX_LENGTH}
     */
    public static Parsed parse(String field, String value) {
        if (value.length() > MAX_LENGTH) {
            throw new HttpException(Status.REQUEST_HEADER_FIELDS_TOO_LARGE, field + " header too large");
        }
        return new AuthorizationParser(field, value).credentials();
    }

    private Parsed credentials() {
        skipWhitespace();
        int start = pos;
        while (pos < n && Syntax.tchar(s.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw fail(pos == n ? "empty value" : "expected an authentication scheme");
        }
        String scheme = s.substring(start, pos);
        if (atEndAfterWhitespace()) {
            return new Parsed(scheme, null, Map.of());
        }
        if (s.charAt(pos) != ' ') {
            throw fail("expected a space after the authentication scheme");
        }
        while (pos < n && s.charAt(pos) == ' ') {
            pos++;
        }
        String token68 = token68();
        if (token68 != null) {
            return new Parsed(scheme, token68, Map.of());
        }
        return new Parsed(scheme, null, params());
    }

    /** Reads a token68 if one runs to the end of the value; otherwise leaves the position alone. */
    private String token68() {
        int i = pos;
        while (i < n && Syntax.token68Char(s.charAt(i))) {
            i++;
        }
        if (i == pos) {
            return null;
        }
        while (i < n && s.charAt(i) == '=') {
            i++;
        }
        int end = i;
        while (i < n && isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i != n) {
            return null;
        }
        String token = s.substring(pos, end);
        pos = n;
        return token;
    }

    private Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            // empty list elements: OWS "," OWS, any number
            skipWhitespace();
            while (pos < n && s.charAt(pos) == ',') {
                pos++;
                skipWhitespace();
            }
            if (pos == n) {
                break;
            }
            int start = pos;
            while (pos < n && Syntax.tchar(s.charAt(pos))) {
                pos++;
            }
            if (pos == start) {
                throw fail("expected a parameter name");
            }
            String name = Syntax.lower(s.substring(start, pos));
            skipWhitespace();
            if (pos == n || s.charAt(pos) != '=') {
                throw fail("expected '=' after a parameter name");
            }
            pos++;
            skipWhitespace();
            String value = pos < n && s.charAt(pos) == '"' ? quotedString() : tokenValue();
            if (params.putIfAbsent(name, value) != null) {
                throw fail("a parameter is repeated");
            }
            if (params.size() > MAX_PARAMS) {
                throw fail("more than " + MAX_PARAMS + " parameters");
            }
            skipWhitespace();
            if (pos == n) {
                break;
            }
            if (s.charAt(pos) != ',') {
                throw fail("expected ',' between parameters");
            }
        }
        return Collections.unmodifiableMap(params);
    }

    private String tokenValue() {
        int start = pos;
        while (pos < n && Syntax.tchar(s.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw fail("expected a parameter value, a token or a quoted string");
        }
        return s.substring(start, pos);
    }

    private String quotedString() {
        pos++; // the opening quote
        StringBuilder value = null;
        int start = pos;
        while (true) {
            if (pos == n) {
                throw fail("unterminated quoted string");
            }
            char c = s.charAt(pos);
            if (c == '"') {
                String result = value == null ? s.substring(start, pos) : value.append(s, start, pos).toString();
                pos++;
                return result;
            }
            if (c == '\\') {
                if (pos + 1 == n) {
                    throw fail("unterminated quoted string");
                }
                char escaped = s.charAt(pos + 1);
                if (!Syntax.quotable(escaped)) {
                    throw fail("a control character in a quoted string");
                }
                if (value == null) {
                    value = new StringBuilder(n - start);
                }
                value.append(s, start, pos).append(escaped);
                pos += 2;
                start = pos;
            } else if (Syntax.qdtext(c)) {
                pos++;
            } else {
                throw fail("a character not allowed in a quoted string");
            }
        }
    }

    private boolean atEndAfterWhitespace() {
        int i = pos;
        while (i < n && isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            pos = n;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (pos < n && isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    private HttpException fail(String problem) {
        return new HttpException(Status.BAD_REQUEST, "malformed " + field + " header: " + problem);
    }
}
