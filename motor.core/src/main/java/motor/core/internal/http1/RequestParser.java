package motor.core.internal.http1;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import motor.core.Compliance;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Method;
import motor.spi.Status;

/**
 * Parses an HTTP/1.1 request head (RFC 9112 sections 2 to 6) from bytes, strictly.
 *
 * <p>The parser works in two passes over a buffer that the caller fills:
 * <pre>
 *   bytes arrive ──► SCAN: find the end of the head, enforcing line endings and size limits as bytes
 *                    │     come in (resumes where it stopped; returns null while incomplete)
 *                    ▼
 *                  PARSE: the complete head, once: request line, fields, framing ──► RequestHead
 * </pre>
 * Scanning early means an oversized or garbled head is refused as soon as it crosses a limit, without
 * waiting for its end; parsing late means the grammar is checked in one straight pass with no state
 * carried between reads. Every violation throws {@link HttpException} with the status the caller must
 * answer (400, 414, 431, 501, 505) and a message that never echoes request bytes; after any of them
 * the caller closes the connection, since the framing of whatever follows is unknown.
 *
 * <p>Offsets are kept relative to the start of the request so that the caller may move the bytes
 * (compact its buffer) between calls. An instance parses one head at a time; {@link #reset()} prepares
 * it for the next. Not thread-safe.
 */
public final class RequestParser {

    /** Longest method accepted; the standard ones have at most 7 characters. */
    static final int MAX_METHOD_LENGTH = 32;
    /** Empty lines tolerated before a request line (RFC 9112 section 2.2 asks for at least one). */
    static final int MAX_LEADING_EMPTY_LINES = 8;
    /** Room for " HTTP/1.1" and the CR after the target when checking the request line against the limit. */
    private static final int VERSION_ROOM = 10;

    private final int maxTargetLength;
    private final int maxHeaderSectionSize;
    private final int maxHeaderCount;
    private final boolean bareLf;
    private final boolean obsFold;
    private final boolean unsafeTarget;

    // Scan state, relative to the start of the request.
    private int scanned;
    private int lineStart;
    private int requestLineStart;
    private int requestLineEnd;
    private int firstSpace;
    private int emptyLines;
    private int fieldLines;

    /**
     * Creates a parser.
     *
     * @param maxTargetLength      the longest request-target, in bytes (414 beyond)
     * @param maxHeaderSectionSize the most bytes of field lines after the request line (431 beyond)
     * @param maxHeaderCount       the most field lines (431 beyond)
     * @param compliance           the tolerated violations
     */
    public RequestParser(int maxTargetLength, int maxHeaderSectionSize, int maxHeaderCount,
                         Set<Compliance> compliance) {
        this.maxTargetLength = maxTargetLength;
        this.maxHeaderSectionSize = maxHeaderSectionSize;
        this.maxHeaderCount = maxHeaderCount;
        this.bareLf = compliance.contains(Compliance.BARE_LF);
        this.obsFold = compliance.contains(Compliance.OBS_FOLD);
        this.unsafeTarget = compliance.contains(Compliance.UNSAFE_TARGET_CHARACTERS);
        reset();
    }

    /** Forgets the head in progress, ready for the next one. */
    public void reset() {
        scanned = 0;
        lineStart = 0;
        requestLineStart = 0;
        requestLineEnd = -1;
        firstSpace = -1;
        emptyLines = 0;
        fieldLines = 0;
    }

    /** {@return whether any byte of the next request has been seen, leading empty lines included} */
    public boolean started() {
        return scanned > 0;
    }

    /** {@return whether the compliance settings let a bare LF end a line} */
    public boolean allowsBareLf() {
        return bareLf;
    }

    /**
     * Parses as much of a request head as {@code buf[start, end)} holds.
     *
     * @param buf   the buffer
     * @param start where the request starts; the same request must start here at every call, though the
     *              caller may have moved its bytes
     * @param end   the end of the valid bytes
     * @return the head, or {@code null} if more bytes are needed
     * @throws HttpException if the head is malformed or exceeds a limit
     */
    public RequestHead parse(byte[] buf, int start, int end) {
        int limit = end - start;
        for (int rel = scanned; rel < limit; rel++) {
            byte b = buf[start + rel];
            if (requestLineEnd < 0) {
                if (b == Ascii.LF) {
                    int content = lineContentEnd(buf, start, rel, lineStart);
                    if (content == lineStart) {
                        // an empty line before the request line
                        if (++emptyLines > MAX_LEADING_EMPTY_LINES) {
                            throw new HttpException(Status.BAD_REQUEST, "too many empty lines before the request");
                        }
                        lineStart = rel + 1;
                        requestLineStart = lineStart;
                        continue;
                    }
                    if (firstSpace < 0) {
                        throw new HttpException(Status.BAD_REQUEST, "malformed request line");
                    }
                    requestLineEnd = rel;
                    lineStart = rel + 1;
                } else if (firstSpace < 0) {
                    if (b == Ascii.SP) {
                        if (rel == lineStart) {
                            throw new HttpException(Status.BAD_REQUEST, "request line starts with a space");
                        }
                        firstSpace = rel;
                    } else if (b == Ascii.CR && rel == lineStart) {
                        continue; // maybe an empty line; the LF decides
                    } else if (!Ascii.isTchar(b)) {
                        throw new HttpException(Status.BAD_REQUEST, "malformed request line");
                    } else if (rel - lineStart >= MAX_METHOD_LENGTH) {
                        throw new HttpException(Status.BAD_REQUEST, "method too long");
                    }
                } else if (rel - firstSpace > maxTargetLength + VERSION_ROOM) {
                    throw new HttpException(Status.URI_TOO_LONG, "request-target longer than "
                            + maxTargetLength + " bytes");
                }
            } else {
                if (rel - requestLineEnd > maxHeaderSectionSize) {
                    throw new HttpException(Status.REQUEST_HEADER_FIELDS_TOO_LARGE,
                            "header section larger than " + maxHeaderSectionSize + " bytes");
                }
                if (b == Ascii.LF) {
                    int content = lineContentEnd(buf, start, rel, lineStart);
                    if (content == lineStart) {
                        scanned = rel + 1;
                        return build(buf, start, rel + 1);
                    }
                    if (++fieldLines > maxHeaderCount) {
                        throw new HttpException(Status.REQUEST_HEADER_FIELDS_TOO_LARGE,
                                "more than " + maxHeaderCount + " header fields");
                    }
                    lineStart = rel + 1;
                }
            }
        }
        scanned = limit;
        return null;
    }

    /**
     * Returns the end of a line's content given the index of its LF: the index of the CR before it, or of
     * the LF itself when bare LFs are tolerated. Relative offsets.
     */
    private int lineContentEnd(byte[] buf, int start, int lf, int from) {
        if (lf > from && buf[start + lf - 1] == Ascii.CR) {
            return lf - 1;
        }
        if (!bareLf) {
            throw new HttpException(Status.BAD_REQUEST, "line ended by a bare LF");
        }
        return lf;
    }

    private RequestHead build(byte[] buf, int start, int length) {
        int lineFrom = start + requestLineStart;
        int lineTo = start + contentEnd(buf, start, requestLineEnd);
        int space1 = start + firstSpace;
        for (int i = lineFrom; i < space1; i++) {
            if (!Ascii.isTchar(buf[i])) {
                throw new HttpException(Status.BAD_REQUEST, "malformed request line");
            }
        }
        String method = method(buf, lineFrom, space1 - lineFrom);

        int space2 = -1;
        for (int i = space1 + 1; i < lineTo; i++) {
            if (buf[i] == Ascii.SP) {
                space2 = i;
                break;
            }
        }
        if (space2 < 0) {
            throw new HttpException(Status.BAD_REQUEST, "malformed request line");
        }
        int minor = version(buf, space2 + 1, lineTo);
        String target = target(buf, space1 + 1, space2, method);

        Headers headers = new Headers(Math.max(1, fieldLines));
        int line = start + requestLineEnd + 1;
        int headEnd = start + length;
        while (line < headEnd) {
            int lf = indexOfLf(buf, line, headEnd);
            int end = contentEnd(buf, start, lf - start) + start;
            if (end == line) {
                break; // the empty line that ends the head
            }
            byte first = buf[line];
            if (Ascii.isWhitespace(first)) {
                throw new HttpException(Status.BAD_REQUEST, headers.isEmpty()
                        ? "whitespace before the first header field" : "obsolete line folding");
            }
            int next = lf + 1;
            String folded = null;
            if (obsFold && next < headEnd && Ascii.isWhitespace(buf[next])) {
                StringBuilder sb = new StringBuilder();
                while (next < headEnd && Ascii.isWhitespace(buf[next])) {
                    int foldLf = indexOfLf(buf, next, headEnd);
                    int foldEnd = contentEnd(buf, start, foldLf - start) + start;
                    String part = FieldLines.continuation(buf, next, foldEnd);
                    if (!part.isEmpty()) {
                        if (!sb.isEmpty()) {
                            sb.append(' ');
                        }
                        sb.append(part);
                    }
                    next = foldLf + 1;
                }
                folded = sb.toString();
            }
            FieldLines.parse(buf, line, end, headers, folded);
            line = next;
        }
        return semantics(method, target, targetPath, targetQuery, targetAuthority, minor, headers, length);
    }

    private int contentEnd(byte[] buf, int start, int lfRel) {
        return lfRel > 0 && buf[start + lfRel - 1] == Ascii.CR ? lfRel - 1 : lfRel;
    }

    private static int indexOfLf(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == Ascii.LF) {
                return i;
            }
        }
        throw new IllegalStateException("scanned head lacks a line end");
    }

    private static String method(byte[] buf, int from, int length) {
        switch (length) {
            case 3:
                if (is(buf, from, "GET")) {
                    return Method.GET;
                }
                if (is(buf, from, "PUT")) {
                    return Method.PUT;
                }
                break;
            case 4:
                if (is(buf, from, "POST")) {
                    return Method.POST;
                }
                if (is(buf, from, "HEAD")) {
                    return Method.HEAD;
                }
                break;
            case 5:
                if (is(buf, from, "PATCH")) {
                    return Method.PATCH;
                }
                if (is(buf, from, "TRACE")) {
                    return Method.TRACE;
                }
                break;
            case 6:
                if (is(buf, from, "DELETE")) {
                    return Method.DELETE;
                }
                break;
            case 7:
                if (is(buf, from, "OPTIONS")) {
                    return Method.OPTIONS;
                }
                if (is(buf, from, "CONNECT")) {
                    return Method.CONNECT;
                }
                break;
            default:
                break;
        }
        return new String(buf, from, length, StandardCharsets.US_ASCII);
    }

    private static boolean is(byte[] buf, int from, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (buf[from + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Returns the minor version of {@code HTTP/1.x}, or throws 505 for other versions, 400 if malformed. */
    private static int version(byte[] buf, int from, int to) {
        if (to - from != 8 || !is(buf, from, "HTTP/") || !Ascii.isDigit(buf[from + 5])
                || buf[from + 6] != '.' || !Ascii.isDigit(buf[from + 7])) {
            throw new HttpException(Status.BAD_REQUEST, "malformed HTTP version");
        }
        if (buf[from + 5] != '1' || (buf[from + 7] != '0' && buf[from + 7] != '1')) {
            throw new HttpException(Status.HTTP_VERSION_NOT_SUPPORTED, "only HTTP/1.0 and HTTP/1.1 are served here");
        }
        return buf[from + 7] - '0';
    }

    // The parts of the last target parsed (a parser parses one head at a time).
    private String targetPath;
    private String targetQuery;
    private String targetAuthority;

    private void target(String raw, String path, String query, String authority) {
        targetPath = path;
        targetQuery = query;
        targetAuthority = authority;
    }

    /** Validates and splits a request-target; returns it as sent, leaving its parts in the fields above. */
    private String target(byte[] buf, int from, int to, String method) {
        int length = to - from;
        if (length == 0) {
            throw new HttpException(Status.BAD_REQUEST, "empty request-target");
        }
        if (length > maxTargetLength) {
            throw new HttpException(Status.URI_TOO_LONG, "request-target longer than " + maxTargetLength + " bytes");
        }
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (!Ascii.isTarget(b, unsafeTarget)) {
                if (b == '#') {
                    throw new HttpException(Status.BAD_REQUEST, "fragment in the request-target");
                }
                if (b == '[' || b == ']') {
                    continue; // only valid in an authority; checked below
                }
                throw new HttpException(Status.BAD_REQUEST, "invalid character in the request-target");
            }
            if (b == '%' && (i + 2 >= to || !Ascii.isHex(buf[i + 1]) || !Ascii.isHex(buf[i + 2]))) {
                throw new HttpException(Status.BAD_REQUEST, "invalid percent-encoding in the request-target");
            }
        }
        String raw = new String(buf, from, length, StandardCharsets.ISO_8859_1);
        byte first = buf[from];
        if (first == '/') {
            if (raw.indexOf('[') >= 0 || raw.indexOf(']') >= 0) {
                throw new HttpException(Status.BAD_REQUEST, "invalid character in the request-target");
            }
            if (method == Method.CONNECT) {
                throw new HttpException(Status.BAD_REQUEST, "CONNECT needs an authority-form target");
            }
            int q = raw.indexOf('?');
            if (q < 0) {
                target(raw, raw, null, null);
            } else {
                target(raw, raw.substring(0, q), raw.substring(q + 1), null);
            }
            return raw;
        }
        if (length == 1 && first == '*') {
            if (method != Method.OPTIONS) {
                throw new HttpException(Status.BAD_REQUEST, "the asterisk-form target is only for OPTIONS");
            }
            target(raw, "*", null, null);
            return raw;
        }
        if (method == Method.CONNECT) {
            checkAuthority(raw, true);
            target(raw, "", null, raw);
            return raw;
        }
        absoluteForm(raw);
        return raw;
    }

    private void absoluteForm(String raw) {
        int colon = raw.indexOf("://");
        String scheme = colon < 0 ? "" : raw.substring(0, colon);
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            throw new HttpException(Status.BAD_REQUEST, "request-target is neither a path nor an http(s) URI");
        }
        int authorityStart = colon + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < raw.length() && raw.charAt(authorityEnd) != '/' && raw.charAt(authorityEnd) != '?') {
            authorityEnd++;
        }
        String authority = raw.substring(authorityStart, authorityEnd);
        checkAuthority(authority, false);
        if (authority.isEmpty()) {
            throw new HttpException(Status.BAD_REQUEST, "absolute-form target without a host");
        }
        String rest = raw.substring(authorityEnd);
        if (rest.indexOf('[') >= 0 || rest.indexOf(']') >= 0) {
            throw new HttpException(Status.BAD_REQUEST, "invalid character in the request-target");
        }
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? null : rest.substring(q + 1);
        target(raw, path.isEmpty() ? "/" : path, query, authority);
    }

    /**
     * Checks {@code uri-host [ ":" port ]} (RFC 3986 section 3.2): a registered name, an IPv4 address or
     * a bracketed IP literal, and an optional port of digits. A userinfo part is refused, as RFC 9110
     * section 4.2.4 asks for http(s) URIs.
     */
    static void checkAuthority(String authority, boolean portRequired) {
        int length = authority.length();
        int i = 0;
        if (length > 0 && authority.charAt(0) == '[') {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new HttpException(Status.BAD_REQUEST, "malformed IP literal in the host");
            }
            for (int j = 1; j < close; j++) {
                char c = authority.charAt(j);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == 'v' || c == 'V')) {
                    throw new HttpException(Status.BAD_REQUEST, "malformed IP literal in the host");
                }
            }
            if (close == 1) {
                throw new HttpException(Status.BAD_REQUEST, "malformed IP literal in the host");
            }
            i = close + 1;
        } else {
            while (i < length && authority.charAt(i) != ':') {
                char c = authority.charAt(i);
                if (c == '@') {
                    throw new HttpException(Status.BAD_REQUEST, "user information in the authority");
                }
                if (c == ',') {
                    // a valid reg-name character, but in a Host field it reads as a list of two hosts
                    throw new HttpException(Status.BAD_REQUEST, "invalid character in the host");
                }
                if (c > 0x7f || !Ascii.isRegName((byte) c)) {
                    throw new HttpException(Status.BAD_REQUEST, "invalid character in the host");
                }
                i++;
            }
        }
        if (i < length) {
            if (authority.charAt(i) != ':') {
                throw new HttpException(Status.BAD_REQUEST, "invalid character in the host");
            }
            int digits = 0;
            for (int j = i + 1; j < length; j++) {
                char c = authority.charAt(j);
                if (c < '0' || c > '9') {
                    throw new HttpException(Status.BAD_REQUEST, "invalid port in the host");
                }
                digits++;
            }
            if (digits > 5) {
                throw new HttpException(Status.BAD_REQUEST, "invalid port in the host");
            }
            if (portRequired && digits == 0) {
                throw new HttpException(Status.BAD_REQUEST, "authority-form target without a port");
            }
        } else if (portRequired) {
            throw new HttpException(Status.BAD_REQUEST, "authority-form target without a port");
        }
    }

    /** Applies RFC 9112 sections 3.2, 6, 9.3 and RFC 9110 section 10.1.1 to the parsed fields. */
    private static RequestHead semantics(String method, String target, String path, String query,
                                         String targetAuthority, int minor, Headers headers, int length) {
        String authority;
        int hosts = headers.count(HeaderNames.HOST);
        if (hosts > 1) {
            throw new HttpException(Status.BAD_REQUEST, "more than one Host header");
        }
        String host = hosts == 1 ? headers.first(HeaderNames.HOST) : null;
        if (host == null && minor == 1) {
            throw new HttpException(Status.BAD_REQUEST, "HTTP/1.1 request without a Host header");
        }
        if (host != null) {
            checkAuthority(host, false);
        }
        authority = targetAuthority != null ? targetAuthority : host != null ? host : "";

        long contentLength = 0;
        boolean hasTe = headers.contains(HeaderNames.TRANSFER_ENCODING);
        boolean hasCl = headers.contains(HeaderNames.CONTENT_LENGTH);
        if (hasTe) {
            if (minor == 0) {
                throw new HttpException(Status.BAD_REQUEST, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (hasCl) {
                throw new HttpException(Status.BAD_REQUEST, "both Content-Length and Transfer-Encoding");
            }
            checkTransferCoding(headers);
            contentLength = -1;
        } else if (hasCl) {
            contentLength = contentLength(headers);
        }

        boolean close = headers.containsToken(HeaderNames.CONNECTION, "close");
        boolean keepAlive = minor == 1 ? !close
                : !close && headers.containsToken(HeaderNames.CONNECTION, "keep-alive");

        boolean expectContinue = false;
        String expect = headers.first(HeaderNames.EXPECT);
        if (expect != null && minor == 1) {
            if (headers.count(HeaderNames.EXPECT) == 1 && expect.equalsIgnoreCase("100-continue")) {
                expectContinue = contentLength != 0;
            } else {
                throw new HttpException(Status.EXPECTATION_FAILED, "only the expectation 100-continue is supported");
            }
        }
        return new RequestHead(method, target, path, query, authority, minor, headers,
                contentLength, keepAlive, expectContinue, length);
    }

    /** Transfer-Encoding must end in chunked, applied once; other codings are not implemented. */
    private static void checkTransferCoding(Headers headers) {
        boolean chunkedSeen = false;
        boolean chunkedLast = false;
        boolean other = false;
        for (String value : headers.all(HeaderNames.TRANSFER_ENCODING)) {
            int i = 0;
            while (i <= value.length()) {
                int comma = value.indexOf(',', i);
                if (comma < 0) {
                    comma = value.length();
                }
                String coding = value.substring(i, comma).strip();
                i = comma + 1;
                if (coding.isEmpty()) {
                    continue;
                }
                if (chunkedSeen) {
                    throw new HttpException(Status.BAD_REQUEST, "chunked is not the last transfer coding");
                }
                if (coding.equalsIgnoreCase("chunked")) {
                    chunkedSeen = true;
                    chunkedLast = true;
                } else if (Headers.isToken(coding)) {
                    other = true;
                } else {
                    throw new HttpException(Status.BAD_REQUEST, "malformed Transfer-Encoding");
                }
            }
        }
        if (!chunkedLast) {
            throw new HttpException(Status.BAD_REQUEST, "Transfer-Encoding does not end in chunked");
        }
        if (other) {
            throw new HttpException(Status.NOT_IMPLEMENTED, "only the chunked transfer coding is implemented");
        }
    }

    /** Content-Length: digits only; repeated values (as fields or a list) must all be equal. */
    private static long contentLength(Headers headers) {
        long length = -1;
        for (String value : headers.all(HeaderNames.CONTENT_LENGTH)) {
            int i = 0;
            while (i <= value.length()) {
                int comma = value.indexOf(',', i);
                if (comma < 0) {
                    comma = value.length();
                }
                long parsed = digits(value, i, comma);
                if (length >= 0 && parsed != length) {
                    throw new HttpException(Status.BAD_REQUEST, "conflicting Content-Length values");
                }
                length = parsed;
                i = comma + 1;
            }
        }
        return length;
    }

    private static long digits(String value, int from, int to) {
        int a = from;
        int b = to;
        while (a < b && (value.charAt(a) == ' ' || value.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (value.charAt(b - 1) == ' ' || value.charAt(b - 1) == '\t')) {
            b--;
        }
        if (a == b || b - a > 18) {
            throw new HttpException(Status.BAD_REQUEST, "invalid Content-Length");
        }
        long n = 0;
        for (int i = a; i < b; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new HttpException(Status.BAD_REQUEST, "invalid Content-Length");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
