package motor.ext.http2.internal;

import java.util.List;
import motor.ext.http2.internal.hpack.HeaderField;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Method;
import motor.spi.Status;

/**
 * Turns the decoded field list of a request's HEADERS into a validated request head, applying RFC 9113
 * section 8.2 (field validity, connection-specific fields, cookie crumbs) and 8.3 (pseudo-header fields).
 *
 * <p>Two kinds of failure: a request the RFC calls <em>malformed</em> ({@link Malformed}, answered with
 * RST_STREAM PROTOCOL_ERROR, as section 8.1.1 requires), and a well-formed request whose target HTTP
 * itself refuses ({@link HttpException} 400, answered with an error response, as HTTP/1.1 would).
 */
final class RequestHeaders {

    /** A malformed request or trailer section (RFC 9113 8.1.1): a stream error of type PROTOCOL_ERROR. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A validated request head.
     *
     * @param method        the method; the canonical instance for the standard ones
     * @param target        {@code :path} as received, or the authority for CONNECT
     * @param path          the path part of the target, still encoded ({@code *} for the asterisk-form)
     * @param query         the query, still encoded, or null
     * @param authority     {@code :authority}, else the {@code host} field, else empty
     * @param headers       the regular fields, cookie crumbs joined, with a {@code host} field added from
     *                      {@code :authority} when the client sent none
     * @param contentLength the declared {@code content-length}, or -1 when none was sent
     */
    record Head(String method, String target, String path, String query, String authority, Headers headers,
                long contentLength) {
    }

    private static final boolean[] TOKEN = new boolean[128];
    private static final boolean[] TARGET = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
            TARGET[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
            TARGET[c] = true;
            TARGET[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
        // RFC 3986 pchar, "/" and "?": unreserved, sub-delims, ":", "@", and "%" for escapes
        for (char c : "-._~!$&'()*+,;=:@/?%".toCharArray()) {
            TARGET[c] = true;
        }
    }

    private RequestHeaders() {
    }

    /**
     * Validates a request's header section.
     *
     * @param fields the decoded fields, in order
     * @return the head
     * @throws Malformed     if RFC 9113 calls the request malformed
     * @throws HttpException 400 if the target is not a valid request-target
     */
    static Head request(List<HeaderField> fields) throws Malformed {
        String method = null;
        String scheme = null;
        String path = null;
        String authority = null;
        boolean regularSeen = false;
        Headers headers = new Headers(Math.max(4, fields.size()));
        StringBuilder cookie = null;
        for (int i = 0, n = fields.size(); i < n; i++) {
            HeaderField field = fields.get(i);
            String name = field.name();
            String value = field.value();
            if (!name.isEmpty() && name.charAt(0) == ':') {
                if (regularSeen) {
                    throw new Malformed("pseudo-header field after a regular field");
                }
                checkValue(value);
                switch (name) {
                    case ":method" -> {
                        if (method != null) {
                            throw new Malformed("duplicate :method");
                        }
                        method = value;
                    }
                    case ":scheme" -> {
                        if (scheme != null) {
                            throw new Malformed("duplicate :scheme");
                        }
                        scheme = value;
                    }
                    case ":path" -> {
                        if (path != null) {
                            throw new Malformed("duplicate :path");
                        }
                        path = value;
                    }
                    case ":authority" -> {
                        if (authority != null) {
                            throw new Malformed("duplicate :authority");
                        }
                        authority = value;
                    }
                    default -> throw new Malformed("unknown or response pseudo-header field in a request");
                }
                continue;
            }
            regularSeen = true;
            checkRegular(name, value);
            if (name.equals("cookie")) {
                // RFC 9113 8.2.3: crumbs are joined with "; " before they reach HTTP/1.1 semantics
                if (cookie == null) {
                    cookie = new StringBuilder(value);
                } else {
                    cookie.append("; ").append(value);
                }
                continue;
            }
            headers.add(name, value);
        }
        if (cookie != null) {
            headers.add("cookie", cookie.toString());
        }
        if (method == null) {
            throw new Malformed("missing :method");
        }
        method = method(method);
        String host = headers.first("host");
        if (headers.count("host") > 1) {
            throw new Malformed("more than one host field");
        }
        if (authority != null && host != null && !Headers.equalsIgnoreCase(authority, host)) {
            throw new Malformed(":authority and host differ");
        }
        String effectiveAuthority = authority != null ? authority : host != null ? host : "";
        if (!effectiveAuthority.isEmpty()) {
            checkAuthority(effectiveAuthority, method == Method.CONNECT);
        }
        if (host == null && authority != null && !authority.isEmpty()) {
            headers.add("host", authority);
        }
        long contentLength = contentLength(headers);
        if (method == Method.CONNECT) {
            // RFC 9113 8.5: :scheme and :path are omitted, :authority is required
            if (scheme != null || path != null) {
                throw new Malformed("CONNECT with :scheme or :path");
            }
            if (authority == null || authority.isEmpty()) {
                throw new Malformed("CONNECT without :authority");
            }
            return new Head(method, authority, "", null, authority, headers, contentLength);
        }
        if (scheme == null) {
            throw new Malformed("missing :scheme");
        }
        if (path == null) {
            throw new Malformed("missing :path");
        }
        if (path.isEmpty()) {
            throw new Malformed("empty :path");
        }
        checkScheme(scheme);
        if (path.equals("*")) {
            if (method != Method.OPTIONS) {
                throw new HttpException(Status.BAD_REQUEST, "the asterisk-form target is only for OPTIONS");
            }
            return new Head(method, path, "*", null, effectiveAuthority, headers, contentLength);
        }
        if (path.charAt(0) != '/') {
            throw new Malformed(":path is neither a path nor *");
        }
        checkTarget(path);
        int q = path.indexOf('?');
        return q < 0
                ? new Head(method, path, path, null, effectiveAuthority, headers, contentLength)
                : new Head(method, path, path.substring(0, q), path.substring(q + 1), effectiveAuthority, headers,
                        contentLength);
    }

    /**
     * Validates a trailer section (a second HEADERS with END_STREAM): regular fields only.
     *
     * @param fields the decoded fields
     * @return the trailers
     * @throws Malformed if a field is invalid or is a pseudo-header field
     */
    static Headers trailers(List<HeaderField> fields) throws Malformed {
        Headers trailers = new Headers(Math.max(1, fields.size()));
        for (HeaderField field : fields) {
            if (!field.name().isEmpty() && field.name().charAt(0) == ':') {
                throw new Malformed("pseudo-header field in trailers");
            }
            checkRegular(field.name(), field.value());
            trailers.add(field.name(), field.value());
        }
        return trailers;
    }

    /** RFC 9113 8.2.1 and 8.2.2 for one regular field. */
    private static void checkRegular(String name, String value) throws Malformed {
        if (name.isEmpty()) {
            throw new Malformed("empty field name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                throw new Malformed("uppercase character in a field name");
            }
            if (c >= 128 || !TOKEN[c]) {
                throw new Malformed("invalid character in a field name");
            }
        }
        switch (name) {
            case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" ->
                    throw new Malformed("connection-specific field " + name);
            case "te" -> {
                if (!value.equals("trailers")) {
                    throw new Malformed("te with a value other than trailers");
                }
            }
            default -> {
            }
        }
        checkValue(value);
    }

    /**
     * RFC 9113 8.2.1: no NUL, CR or LF, no leading or trailing whitespace; and, as RFC 9110 5.5 asks and
     * {@link Headers} requires, no other control character either.
     */
    private static void checkValue(String value) throws Malformed {
        int length = value.length();
        if (length > 0) {
            char first = value.charAt(0);
            char last = value.charAt(length - 1);
            if (first == ' ' || first == '\t' || last == ' ' || last == '\t') {
                throw new Malformed("whitespace at the start or end of a field value");
            }
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new Malformed("invalid character in a field value");
            }
        }
    }

    private static String method(String method) throws Malformed {
        if (method.isEmpty()) {
            throw new Malformed("empty :method");
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c >= 128 || !TOKEN[c]) {
                throw new Malformed("invalid character in :method");
            }
        }
        return switch (method) {
            case "GET" -> Method.GET;
            case "HEAD" -> Method.HEAD;
            case "POST" -> Method.POST;
            case "PUT" -> Method.PUT;
            case "DELETE" -> Method.DELETE;
            case "CONNECT" -> Method.CONNECT;
            case "OPTIONS" -> Method.OPTIONS;
            case "TRACE" -> Method.TRACE;
            case "PATCH" -> Method.PATCH;
            default -> method;
        };
    }

    /** RFC 3986 3.1: {@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}. */
    private static void checkScheme(String scheme) throws Malformed {
        if (scheme.isEmpty()) {
            throw new Malformed("empty :scheme");
        }
        for (int i = 0; i < scheme.length(); i++) {
            char c = scheme.charAt(i);
            boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!alpha && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) {
                throw new Malformed("invalid :scheme");
            }
        }
    }

    private static void checkTarget(String path) {
        int length = path.length();
        for (int i = 0; i < length; i++) {
            char c = path.charAt(i);
            if (c >= 128 || !TARGET[c]) {
                if (c == '#') {
                    throw new HttpException(Status.BAD_REQUEST, "fragment in the request-target");
                }
                throw new HttpException(Status.BAD_REQUEST, "invalid character in the request-target");
            }
            if (c == '%' && (i + 2 >= length || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0)) {
                throw new HttpException(Status.BAD_REQUEST, "invalid percent-encoding in the request-target");
            }
        }
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /**
     * Checks {@code uri-host [ ":" port ]}: a registered name, an IPv4 address or a bracketed IP literal,
     * no user information (RFC 9110 4.2.4), a port of at most five digits.
     */
    static void checkAuthority(String authority, boolean portRequired) {
        int length = authority.length();
        int i = 0;
        if (authority.charAt(0) == '[') {
            int close = authority.indexOf(']');
            if (close <= 1) {
                throw new HttpException(Status.BAD_REQUEST, "malformed IP literal in the authority");
            }
            for (int j = 1; j < close; j++) {
                char c = authority.charAt(j);
                if (!(hex(c) >= 0 || c == ':' || c == '.' || c == 'v' || c == 'V')) {
                    throw new HttpException(Status.BAD_REQUEST, "malformed IP literal in the authority");
                }
            }
            i = close + 1;
        } else {
            while (i < length && authority.charAt(i) != ':') {
                char c = authority.charAt(i);
                if (c == '@') {
                    throw new HttpException(Status.BAD_REQUEST, "user information in the authority");
                }
                // reg-name: unreserved / pct-encoded / sub-delims, except "," (a list of hosts to HTTP/1.1)
                boolean ok = c < 128 && TARGET[c] && c != '/' && c != '?' && c != ',' && c != ':';
                if (!ok) {
                    throw new HttpException(Status.BAD_REQUEST, "invalid character in the authority");
                }
                i++;
            }
        }
        if (i < length) {
            if (authority.charAt(i) != ':') {
                throw new HttpException(Status.BAD_REQUEST, "invalid character in the authority");
            }
            int digits = length - i - 1;
            for (int j = i + 1; j < length; j++) {
                char c = authority.charAt(j);
                if (c < '0' || c > '9') {
                    throw new HttpException(Status.BAD_REQUEST, "invalid port in the authority");
                }
            }
            if (digits > 5 || (portRequired && digits == 0)) {
                throw new HttpException(Status.BAD_REQUEST, "invalid port in the authority");
            }
        } else if (portRequired) {
            throw new HttpException(Status.BAD_REQUEST, "CONNECT authority without a port");
        }
    }

    /** {@return the declared content-length, -1 when absent} Several fields must agree (RFC 9110 8.6). */
    private static long contentLength(Headers headers) throws Malformed {
        long result = -1;
        for (String value : headers.all("content-length")) {
            int start = 0;
            int length = value.length();
            while (start <= length) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? length : comma;
                long n = decimal(value, start, end);
                if (result >= 0 && n != result) {
                    throw new Malformed("content-length values disagree");
                }
                result = n;
                start = end + 1;
            }
        }
        return result;
    }

    private static long decimal(String value, int start, int end) throws Malformed {
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        if (start == end || end - start > 18) {
            throw new Malformed("invalid content-length");
        }
        long n = 0;
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new Malformed("invalid content-length");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
