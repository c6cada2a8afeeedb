package motor.core.internal.http1;

import java.nio.charset.StandardCharsets;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Status;

/**
 * Parses field lines ({@code name ":" OWS value OWS}, RFC 9112 section 5), shared by the request head
 * and the trailer section of a chunked body.
 */
final class FieldLines {

    private FieldLines() {
    }

    /**
     * Parses one field line into {@code headers}.
     *
     * @param buf   the bytes
     * @param from  the first byte of the line
     * @param to    the end of the line, before CR LF (or the bare LF)
     * @param folded the values of continuation lines that follow it, joined by spaces, or {@code null}
     */
    static void parse(byte[] buf, int from, int to, Headers headers, String folded) {
        int colon = -1;
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b == ':') {
                colon = i;
                break;
            }
            if (!Ascii.isTchar(b)) {
                if (Ascii.isWhitespace(b)) {
                    throw new HttpException(Status.BAD_REQUEST, "whitespace in or after a header field name");
                }
                throw new HttpException(Status.BAD_REQUEST, "invalid character in a header field name");
            }
        }
        if (colon < 0) {
            throw new HttpException(Status.BAD_REQUEST, "header field line without a colon");
        }
        if (colon == from) {
            throw new HttpException(Status.BAD_REQUEST, "empty header field name");
        }
        int start = colon + 1;
        int end = to;
        while (start < end && Ascii.isWhitespace(buf[start])) {
            start++;
        }
        while (end > start && Ascii.isWhitespace(buf[end - 1])) {
            end--;
        }
        for (int i = start; i < end; i++) {
            if (!Ascii.isFieldValue(buf[i])) {
                throw new HttpException(Status.BAD_REQUEST, "invalid character in a header field value");
            }
        }
        String name = HeaderNames.name(buf, from, colon - from);
        String value = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
        if (folded != null && !folded.isEmpty()) {
            value = value.isEmpty() ? folded : value + " " + folded;
        }
        headers.add(name, value);
    }

    /**
     * Returns the value of an obs-fold continuation line, trimmed and checked, for when
     * {@link motor.core.Compliance#OBS_FOLD} allows folding: RFC 9112 section 5.2 replaces each fold by a
     * space.
     */
    static String continuation(byte[] buf, int from, int to) {
        int start = from;
        int end = to;
        while (start < end && Ascii.isWhitespace(buf[start])) {
            start++;
        }
        while (end > start && Ascii.isWhitespace(buf[end - 1])) {
            end--;
        }
        for (int i = start; i < end; i++) {
            if (!Ascii.isFieldValue(buf[i])) {
                throw new HttpException(Status.BAD_REQUEST, "invalid character in a header field value");
            }
        }
        return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
