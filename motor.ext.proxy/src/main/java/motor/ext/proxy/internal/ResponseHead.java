package motor.ext.proxy.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import motor.spi.Headers;

/**
 * A strict parser of an HTTP/1.1 response head (RFC 9112 sections 4 and 5), for the WebSocket handshake
 * the proxy makes itself. It accepts only CRLF line ends, a status of three digits, field names that are
 * tokens directly followed by the colon, and values without control characters; obsolete line folding,
 * a bare LF, a head over {@link #MAX_HEAD} bytes or over {@link #MAX_FIELDS} fields are refused.
 *
 * @param status the status code
 * @param fields the header fields, in order
 * @param length the head's length in bytes, the final empty line included
 */
record ResponseHead(int status, Headers fields, int length) {

    /** The largest head accepted, in bytes. */
    static final int MAX_HEAD = 64 * 1024;
    /** The most fields accepted. */
    static final int MAX_FIELDS = 100;

    /** The upstream's head broke the rules. */
    static final class MalformedHead extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedHead(String message) {
            super(message);
        }
    }

    /**
     * Parses a head from the start of {@code bytes}.
     *
     * @param bytes  what was received so far
     * @param length how many bytes of it are valid
     * @return the head, or {@code null} when it is not complete yet
     * @throws MalformedHead if the head is malformed or too large
     */
    static ResponseHead parse(byte[] bytes, int length) throws MalformedHead {
        int end = headEnd(bytes, length);
        if (end < 0) {
            if (length >= MAX_HEAD) {
                throw new MalformedHead("the response head is larger than " + MAX_HEAD + " bytes");
            }
            return null;
        }
        int lineEnd = lineEnd(bytes, 0, end);
        int status = statusLine(bytes, lineEnd);
        Headers fields = new Headers();
        int start = lineEnd + 2;
        while (start < end - 2) {
            int stop = lineEnd(bytes, start, end);
            if (fields.size() == MAX_FIELDS) {
                throw new MalformedHead("the response head has more than " + MAX_FIELDS + " fields");
            }
            field(bytes, start, stop, fields);
            start = stop + 2;
        }
        return new ResponseHead(status, fields, end);
    }

    /** {@return the index just past the CRLF CRLF that ends the head, or -1}; refuses a bare LF on the way */
    private static int headEnd(byte[] b, int length) throws MalformedHead {
        int limit = Math.min(length, MAX_HEAD);
        for (int i = 0; i < limit; i++) {
            if (b[i] == '\n') {
                if (i == 0 || b[i - 1] != '\r') {
                    throw new MalformedHead("a bare LF in the response head");
                }
                if (i >= 3 && b[i - 2] == '\n' && b[i - 3] == '\r') {
                    return i + 1;
                }
            } else if (b[i] == '\r' && i + 1 < limit && b[i + 1] != '\n') {
                throw new MalformedHead("a bare CR in the response head");
            }
        }
        return -1;
    }

    private static int lineEnd(byte[] b, int from, int end) {
        for (int i = from; i < end - 1; i++) {
            if (b[i] == '\r') {
                return i;
            }
        }
        return end - 2;
    }

    /** HTTP/1.x SP 3DIGIT [SP reason] */
    private static int statusLine(byte[] b, int end) throws MalformedHead {
        if (end < 12 || b[0] != 'H' || b[1] != 'T' || b[2] != 'T' || b[3] != 'P' || b[4] != '/' || b[5] != '1'
                || b[6] != '.' || b[7] < '0' || b[7] > '9' || b[8] != ' ') {
            throw new MalformedHead("a malformed status line");
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            if (b[i] < '0' || b[i] > '9') {
                throw new MalformedHead("a malformed status code");
            }
            status = status * 10 + b[i] - '0';
        }
        if (end > 12 && b[12] != ' ') {
            throw new MalformedHead("a malformed status code");
        }
        for (int i = 13; i < end; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                throw new MalformedHead("a control character in the reason phrase");
            }
        }
        if (status < 100) {
            throw new MalformedHead("a status below 100");
        }
        return status;
    }

    private static void field(byte[] b, int start, int end, Headers fields) throws MalformedHead {
        int colon = -1;
        for (int i = start; i < end; i++) {
            if (b[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= start) {
            throw new MalformedHead(colon == start ? "an empty field name" : "a field line without a colon");
        }
        String name = new String(b, start, colon - start, StandardCharsets.ISO_8859_1);
        if (!Headers.isToken(name)) {
            throw new MalformedHead("a field name that is not a token (or obsolete line folding)");
        }
        int from = colon + 1;
        int to = end;
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                throw new MalformedHead("a control character in a field value");
            }
        }
        fields.add(name, new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }
}
