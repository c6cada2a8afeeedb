package motor.ext.multipart.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Status;

/**
 * Splits a {@code multipart/*} body (RFC 2046 section 5.1.1) into parts, pulling bytes from a stream and
 * handing each part's body out as it arrives, without buffering more than one read buffer.
 *
 * <pre>
 *   PREAMBLE --next()--> [delimiter] --"--"--------------------------------------> DONE
 *                            |
 *                            +-- padding CRLF, header lines, CRLF --> BODY --read() = -1--> DELIMITER
 *                                                                       |                     |
 *   BODY --next() skips the rest of the part--> DELIMITER --next()--> [delimiter] ...  &lt;-------+
 * </pre>
 *
 * <p>The grammar as enforced: the first delimiter is {@code --boundary} at the start of the body or after
 * a preamble line; every later one is {@code CRLF --boundary}. After a delimiter come either {@code --}
 * (the close delimiter; the epilogue after it is never read) or optional transport padding (spaces and
 * tabs) and {@code CRLF}, then the part's header lines, each ending in {@code CRLF}, then an empty line.
 * Line ends are CRLF only: a bare LF or CR in a delimiter or header line is a 400. A body that ends before
 * the close delimiter is a 400. Part headers are at most {@code maxHeaderSize} bytes per part, padding
 * included (413 beyond).
 *
 * <p>The data of a part is everything up to the next {@code CRLF --boundary}; a boundary anywhere else
 * (not at the start of a line) is data. A delimiter followed by anything but {@code --}, padding or CRLF
 * is refused rather than taken as data, since RFC 2046 forbids the boundary at the start of a line of
 * content and parsers that disagree on such a line could be made to see different parts.
 *
 * <p>Not thread-safe; one instance per body.
 */
public final class MultipartParser {

    private enum State { PREAMBLE, BODY, DELIMITER, DONE }

    private static final int BUFFER_SIZE = 16 * 1024;
    private static final int LINE_START = 128;

    private final InputStream in;
    private final byte[] delimiter;
    private final int maxHeaderSize;
    private final byte[] buffer;
    private int pos;
    private int limit;
    /** Bytes from {@code pos} up to here are known to be part data (no delimiter starts among them). */
    private int safeEnd;
    private boolean eof;
    private State state = State.PREAMBLE;
    private byte[] line = new byte[LINE_START];

    /**
     * Creates a parser.
     *
     * @param in            the body
     * @param boundary      the boundary, already validated (see {@link HeaderValue#boundary})
     * @param maxHeaderSize the largest header section of one part, in bytes
     */
    public MultipartParser(InputStream in, String boundary, int maxHeaderSize) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.maxHeaderSize = maxHeaderSize;
        this.buffer = new byte[Math.max(BUFFER_SIZE, 4 * delimiter.length)];
        // A CRLF in front of the body, so that a body that starts with "--boundary" (no preamble) has its
        // first delimiter found by the same search as every other.
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
    }

    /**
     * Moves to the next part, skipping whatever of the current part (or the preamble) was not read.
     *
     * @return the next part's header fields, names and values as received (ISO-8859-1 for bytes above
     *         0x7F); {@code null} once the close delimiter has been read
     * @throws IOException   if reading fails
     * @throws HttpException 400 for malformed framing, 413 for a part header section over the limit
     */
    public Headers next() throws IOException {
        if (state == State.DONE) {
            return null;
        }
        if (state != State.DELIMITER) {
            skipToDelimiter();
            state = State.DELIMITER;
        }
        pos += delimiter.length;
        safeEnd = pos;
        if (!ensure(2)) {
            throw truncated();
        }
        if (buffer[pos] == '-' && buffer[pos + 1] == '-') {
            pos += 2;
            safeEnd = pos;
            state = State.DONE;
            return null;
        }
        int used = 0;
        while (true) {
            if (!ensure(1)) {
                throw truncated();
            }
            byte b = buffer[pos];
            if (b != ' ' && b != '\t') {
                break;
            }
            pos++;
            if (++used > maxHeaderSize) {
                throw headerTooLarge();
            }
        }
        if (!ensure(2)) {
            throw truncated();
        }
        if (buffer[pos] != '\r' || buffer[pos + 1] != '\n') {
            throw bad("a multipart boundary must be followed by CRLF or by -- at the end of the body");
        }
        pos += 2;
        Headers headers = readHeaders(used + 2);
        safeEnd = pos;
        state = State.BODY;
        return headers;
    }

    /**
     * Reads data of the current part.
     *
     * @param target where to put it
     * @param offset where in {@code target}
     * @param length the most bytes to read, more than 0
     * @return the number of bytes read, or -1 at the end of the part (or when there is no current part)
     * @throws IOException   if reading fails
     * @throws HttpException 400 if the body ends inside the part
     */
    public int read(byte[] target, int offset, int length) throws IOException {
        if (state != State.BODY) {
            return -1;
        }
        int n = available();
        if (n < 0) {
            state = State.DELIMITER;
            return -1;
        }
        n = Math.min(n, length);
        System.arraycopy(buffer, pos, target, offset, n);
        pos += n;
        return n;
    }

    /** {@return whether the close delimiter has been read} */
    public boolean done() {
        return state == State.DONE;
    }

    /**
     * {@return how many bytes from {@code pos} are part data, at least 1; or -1 when the delimiter starts at
     * {@code pos}} Reads more input as needed.
     */
    private int available() throws IOException {
        while (true) {
            if (safeEnd > pos) {
                return safeEnd - pos;
            }
            int n = scan();
            if (n < 0) {
                return -1;
            }
            if (n > 0) {
                safeEnd = pos + n;
                return n;
            }
            if (!fill()) {
                throw truncated();
            }
        }
    }

    /**
     * Looks for the delimiter in the buffered bytes. Returns -1 if it starts at {@code pos}; otherwise the
     * number of bytes before the first place where it starts or may start (a match cut off by the end of
     * the buffered bytes); 0 means more input is needed to decide.
     */
    private int scan() {
        byte[] d = delimiter;
        int length = d.length;
        for (int i = pos; i < limit; i++) {
            if (buffer[i] != '\r') {
                continue;
            }
            int j = 1;
            while (j < length && i + j < limit && buffer[i + j] == d[j]) {
                j++;
            }
            if (j == length) {
                return i == pos ? -1 : i - pos;
            }
            if (i + j == limit) {
                return i - pos;
            }
        }
        return limit - pos;
    }

    private void skipToDelimiter() throws IOException {
        while (true) {
            int n = available();
            if (n < 0) {
                return;
            }
            pos += n;
        }
    }

    /** Reads the header lines of a part up to and including the empty line. */
    private Headers readHeaders(int used) throws IOException {
        Headers headers = new Headers(4);
        String pendingName = null;
        // built up in place: joining folded lines by string concatenation would copy the value per line
        StringBuilder pendingValue = new StringBuilder();
        while (true) {
            int length = 0;
            while (true) {
                if (pos == limit && !fill()) {
                    throw truncated();
                }
                byte b = buffer[pos++];
                if (++used > maxHeaderSize) {
                    throw headerTooLarge();
                }
                if (b == '\n') {
                    if (length == 0 || line[length - 1] != '\r') {
                        throw bad("a part header line must end with CRLF");
                    }
                    length--;
                    break;
                }
                if (length > 0 && line[length - 1] == '\r') {
                    throw bad("a part header has a CR that is not followed by LF");
                }
                if (length == line.length) {
                    line = java.util.Arrays.copyOf(line, (int) Math.min(2L * length, maxHeaderSize + 1L));
                }
                line[length++] = b;
            }
            if (length == 0) {
                if (pendingName != null) {
                    headers.add(pendingName, pendingValue.toString());
                }
                return headers;
            }
            if (line[0] == ' ' || line[0] == '\t') {
                // obs-fold (RFC 5322 section 2.2.3): the line continues the previous field's value
                if (pendingName == null) {
                    throw bad("a part header section starts with a continuation line");
                }
                String more = value(0, length);
                if (!more.isEmpty()) {
                    if (!pendingValue.isEmpty()) {
                        pendingValue.append(' ');
                    }
                    pendingValue.append(more);
                }
                continue;
            }
            if (pendingName != null) {
                headers.add(pendingName, pendingValue.toString());
            }
            int colon = -1;
            for (int i = 0; i < length; i++) {
                if (line[i] == ':') {
                    colon = i;
                    break;
                }
            }
            if (colon <= 0) {
                throw bad("a part header line has no field name and colon");
            }
            pendingName = new String(line, 0, colon, StandardCharsets.ISO_8859_1);
            if (!Headers.isToken(pendingName)) {
                throw bad("a part header has an invalid field name");
            }
            pendingValue.setLength(0);
            pendingValue.append(value(colon + 1, length));
        }
    }

    /** The value in {@code line[from, to)} without surrounding whitespace; control characters refused. */
    private String value(int from, int to) {
        while (from < to && (line[from] == ' ' || line[from] == '\t')) {
            from++;
        }
        while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) {
            to--;
        }
        for (int i = from; i < to; i++) {
            int b = line[i] & 0xff;
            if ((b < 0x20 && b != '\t') || b == 0x7f) {
                throw bad("a part header value has a control character");
            }
        }
        return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Makes at least {@code count} bytes available from {@code pos}; false if the input ends first. */
    private boolean ensure(int count) throws IOException {
        while (limit - pos < count) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** Reads more input after what is buffered, moving the unread bytes to the front when room is short. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0 && (limit == buffer.length || buffer.length - limit < BUFFER_SIZE / 4)) {
            int unread = limit - pos;
            System.arraycopy(buffer, pos, buffer, 0, unread);
            safeEnd = Math.max(0, safeEnd - pos);
            limit = unread;
            pos = 0;
        }
        while (true) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                eof = true;
                return false;
            }
            if (n > 0) {
                limit += n;
                return true;
            }
        }
    }

    private HttpException truncated() {
        return bad(state == State.PREAMBLE
                ? "the multipart body has no boundary delimiter line"
                : "the multipart body ended before its close delimiter");
    }

    private HttpException headerTooLarge() {
        return new HttpException(Status.CONTENT_TOO_LARGE,
                "a part's header section is larger than multipart.maxHeaderSize (" + maxHeaderSize + " bytes)");
    }

    private static HttpException bad(String message) {
        return new HttpException(Status.BAD_REQUEST, message);
    }
}
