package motor.ext.json.internal;

import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Method;
import motor.spi.Request;
import motor.spi.Status;

/**
 * Decides whether a request body may be read as JSON, from its {@code Content-Type} and
 * {@code Content-Encoding}.
 *
 * <p>JSON is {@code application/json} or any {@code application/*+json} type (RFC 6839 section 3.1),
 * in any case, with any parameters; a {@code charset} parameter, which RFC 8259 section 11 does not
 * define for JSON, is tolerated when it names UTF-8 and refused otherwise, since the body would then not
 * be the UTF-8 that JSON is. The media type is parsed by the grammar of RFC 9110 section 8.3.1, without
 * regular expressions or allocation beyond the parameter values.
 */
public final class ContentTypes {

    /** What a {@code Content-Type} value says about a body. */
    public enum Verdict {
        /** JSON, in UTF-8. */
        JSON,
        /** No {@code Content-Type}. */
        MISSING,
        /** A well-formed media type that is not JSON. */
        NOT_JSON,
        /** JSON with a charset other than UTF-8. */
        NOT_UTF8,
        /** Not a media type. */
        MALFORMED
    }

    /** tchar of RFC 9110 section 5.6.2, by ASCII code. */
    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    private ContentTypes() {
    }

    /**
     * Checks that a request's body may be read as JSON.
     *
     * @param request      the request
     * @param allowMissing whether a body without {@code Content-Type} counts as JSON
     * @throws HttpException 415 when it may not, with the header that says what would do
     */
    public static void require(Request request, boolean allowMissing) {
        Headers headers = request.headers();
        if (headers.count("Content-Type") > 1) {
            throw new HttpException(Status.BAD_REQUEST, "more than one Content-Type");
        }
        String message = switch (classify(headers.first("Content-Type"))) {
            case JSON -> null;
            case MISSING -> allowMissing ? null : "Content-Type is missing; JSON is expected (application/json)";
            case NOT_JSON -> "Content-Type must be application/json or another JSON type (application/*+json)";
            case NOT_UTF8 -> "JSON must be encoded as UTF-8; only charset=utf-8 is accepted";
            case MALFORMED -> "Content-Type is not a valid media type";
        };
        if (message != null) {
            HttpException failure = new HttpException(Status.UNSUPPORTED_MEDIA_TYPE, message);
            // RFC 5789 section 2.2 asks for Accept-Patch on a 415 to PATCH; Accept-Post is its
            // counterpart for POST (registered by the W3C Linked Data Platform)
            if (Method.PATCH.equals(request.method())) {
                failure.header("Accept-Patch", "application/json");
            } else if (Method.POST.equals(request.method())) {
                failure.header("Accept-Post", "application/json");
            }
            throw failure;
        }
        if (encoded(headers)) {
            // RFC 7694 section 3: a 415 caused by a content coding names the codings accepted; a 415 for
            // any other reason must not carry Accept-Encoding
            throw new HttpException(Status.UNSUPPORTED_MEDIA_TYPE,
                    "the body has a Content-Encoding the server did not decode").header("Accept-Encoding", "identity");
        }
    }

    /**
     * {@return whether the headers name a content coding other than {@code identity}}; a gzip extension
     * that decoded the body has removed the field
     *
     * @param headers the request headers
     */
    static boolean encoded(Headers headers) {
        for (String value : headers.all("Content-Encoding")) {
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                String coding = value.substring(start, end).strip();
                if (!coding.isEmpty() && !coding.equalsIgnoreCase("identity")) {
                    return true;
                }
                start = end + 1;
            }
        }
        return false;
    }

    /**
     * Classifies a {@code Content-Type} value.
     *
     * @param value the field value, or {@code null} when absent
     * @return the verdict
     */
    public static Verdict classify(String value) {
        if (value == null) {
            return Verdict.MISSING;
        }
        int n = value.length();
        int i = skipWhitespace(value, 0);
        int typeStart = i;
        i = token(value, i);
        if (i == typeStart || i >= n || value.charAt(i) != '/') {
            return Verdict.MALFORMED;
        }
        int typeEnd = i++;
        int subtypeStart = i;
        i = token(value, i);
        if (i == subtypeStart) {
            return Verdict.MALFORMED;
        }
        int subtypeLength = i - subtypeStart;
        boolean json = typeEnd - typeStart == 11 && value.regionMatches(true, typeStart, "application", 0, 11)
                && (subtypeLength == 4 && value.regionMatches(true, subtypeStart, "json", 0, 4)
                    || subtypeLength > 5 && value.regionMatches(true, i - 5, "+json", 0, 5));
        boolean utf8 = true;
        i = skipWhitespace(value, i);
        while (i < n) {
            if (value.charAt(i) != ';') {
                return Verdict.MALFORMED;
            }
            i = skipWhitespace(value, i + 1);
            if (i >= n || value.charAt(i) == ';') {
                continue; // an empty parameter, which RFC 9110 allows
            }
            int nameStart = i;
            i = token(value, i);
            if (i == nameStart || i >= n || value.charAt(i) != '=') {
                return Verdict.MALFORMED;
            }
            boolean charset = i - nameStart == 7 && value.regionMatches(true, nameStart, "charset", 0, 7);
            i++;
            String parameter;
            if (i < n && value.charAt(i) == '"') {
                StringBuilder quoted = new StringBuilder();
                i = quotedString(value, i + 1, quoted);
                if (i < 0) {
                    return Verdict.MALFORMED;
                }
                parameter = quoted.toString();
            } else {
                int valueStart = i;
                i = token(value, i);
                if (i == valueStart) {
                    return Verdict.MALFORMED;
                }
                parameter = value.substring(valueStart, i);
            }
            if (charset && !parameter.equalsIgnoreCase("utf-8") && !parameter.equalsIgnoreCase("utf8")) {
                utf8 = false;
            }
            i = skipWhitespace(value, i);
        }
        if (!json) {
            return Verdict.NOT_JSON;
        }
        return utf8 ? Verdict.JSON : Verdict.NOT_UTF8;
    }

    /** Reads a quoted-string after its opening quote; returns the index after the closing one, or -1. */
    private static int quotedString(String value, int i, StringBuilder out) {
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= value.length() || !text(value.charAt(i + 1))) {
                    return -1;
                }
                out.append(value.charAt(i + 1));
                i += 2;
            } else if (text(c)) {
                out.append(c);
                i++;
            } else {
                return -1;
            }
        }
        return -1;
    }

    /** HTAB, SP, visible ASCII and obs-text: what a quoted-string may hold (RFC 9110 section 5.6.4). */
    private static boolean text(char c) {
        return c == '\t' || c >= ' ' && c != 0x7f && c <= 0xff;
    }

    private static int token(String value, int i) {
        while (i < value.length() && value.charAt(i) < 128 && TOKEN[value.charAt(i)]) {
            i++;
        }
        return i;
    }

    private static int skipWhitespace(String value, int i) {
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
