package motor.core.internal.http1;

import java.util.Arrays;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Status;

/**
 * Decodes the chunked transfer coding (RFC 9112 section 7.1) from bytes, strictly.
 *
 * <pre>
 *        ┌──────────────────────────────────────────────────────────┐
 *        ▼                                                          │
 *      SIZE ──hex──► SIZE (BWS) ──;──► EXT_NAME ─=─► EXT_VALUE ─┐    │
 *        │                                 ▲    └──────;─────────┘    │    (values: token or
 *        │                                 └───────────────;──────────┘    quoted string)
 *        └─────────── CR ──► SIZE_LF ──LF──┬─ size &gt; 0 ─► DATA ─► DATA_CR ─► DATA_LF
 *                                          └─ size = 0 ─► TRAILER ──empty line──► DONE
 * </pre>
 *
 * <p>The caller owns the bytes: {@link #advance} consumes framing and stops at the start of chunk data,
 * where the caller copies up to {@link #remaining()} bytes itself and reports them with
 * {@link #consume}. Chunk data is therefore never copied twice. Violations throw {@link HttpException}
 * 400 (431 for an oversized trailer section); after one, the stream's framing is lost and the
 * connection must close.
 */
public final class ChunkedDecoder {

    private enum State {
        SIZE, SIZE_WS,
        /** After ";": optional whitespace, then a name. */
        EXT_NAME_START,
        EXT_NAME,
        /** After a name and whitespace: "=", ";" or the end of the line. */
        EXT_AFTER_NAME,
        /** After "=": optional whitespace, then a token or a quoted string. */
        EXT_VALUE_START,
        EXT_VALUE,
        QUOTED, QUOTED_PAIR,
        /** After a value and whitespace: ";" or the end of the line. */
        EXT_AFTER_VALUE,
        SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER, DONE
    }

    /** Longest chunk-size line, extensions included. */
    static final int MAX_LINE_LENGTH = 4096;
    /** Most bytes of chunk extensions in one body (RFC 9112 section 7.1.1 asks for a limit). */
    static final int MAX_EXTENSION_BYTES = 16 * 1024;

    private final boolean bareLf;
    private final int maxTrailerSize;
    private final int maxTrailerCount;

    private State state = State.SIZE;
    private long size;
    private int digits;
    private int lineLength;
    private long remaining;
    private long total;
    private long extensionBytes;
    private long wire;

    private byte[] trailerLine;
    private int trailerLineLength;
    private int trailerBytes;
    private Headers trailers;

    /**
     * Creates a decoder for one body.
     *
     * @param bareLf          whether a bare LF may end a line
     * @param maxTrailerSize  the most bytes of trailer fields
     * @param maxTrailerCount the most trailer fields
     */
    public ChunkedDecoder(boolean bareLf, int maxTrailerSize, int maxTrailerCount) {
        this.bareLf = bareLf;
        this.maxTrailerSize = maxTrailerSize;
        this.maxTrailerCount = maxTrailerCount;
    }

    /** {@return whether the last chunk and the trailer section have been read} */
    public boolean done() {
        return state == State.DONE;
    }

    /** {@return data bytes left in the current chunk; positive only when positioned at data} */
    public long remaining() {
        return state == State.DATA ? remaining : 0;
    }

    /** {@return data bytes decoded so far} */
    public long total() {
        return total;
    }

    /** {@return bytes of the body on the wire so far: data, sizes, extensions, line ends, trailers} */
    public long wireBytes() {
        return wire;
    }

    /** {@return the trailer fields; empty until {@link #done()}} */
    public Headers trailers() {
        return trailers == null ? new Headers(1) : trailers;
    }

    /**
     * Records that the caller took {@code n} data bytes from the current chunk.
     *
     * @param n how many, at most {@link #remaining()}
     */
    public void consume(int n) {
        if (state != State.DATA || n > remaining) {
            throw new IllegalStateException("consumed more than the chunk holds");
        }
        remaining -= n;
        total += n;
        wire += n;
        if (remaining == 0) {
            state = State.DATA_CR;
        }
    }

    /**
     * Consumes framing bytes from {@code buf[pos, end)}. Returns when chunk data starts
     * ({@link #remaining()} &gt; 0), when the body is {@link #done()}, or when the bytes run out.
     *
     * @param buf the bytes
     * @param pos the first unread byte
     * @param end the end of the valid bytes
     * @return the position after the consumed framing
     */
    public int advance(byte[] buf, int pos, int end) {
        int next = advanceFrom(buf, pos, end);
        wire += next - pos;
        return next;
    }

    private int advanceFrom(byte[] buf, int pos, int end) {
        int i = pos;
        while (i < end) {
            byte b = buf[i];
            switch (state) {
                case SIZE -> {
                    line();
                    int hex = Ascii.hexValue(b);
                    if (hex >= 0) {
                        if (size > (Long.MAX_VALUE >> 4)) {
                            throw bad("chunk size too large");
                        }
                        size = (size << 4) | hex;
                        digits++;
                    } else if (digits == 0) {
                        throw bad("chunk size missing");
                    } else if (Ascii.isWhitespace(b)) {
                        state = State.SIZE_WS;
                    } else if (b == ';') {
                        state = State.EXT_NAME_START;
                    } else {
                        endOfSizeLine(b);
                    }
                }
                case SIZE_WS -> {
                    // whitespace after the size is only allowed before an extension
                    line();
                    if (b == ';') {
                        state = State.EXT_NAME_START;
                    } else if (!Ascii.isWhitespace(b)) {
                        throw bad("whitespace after a chunk size without an extension");
                    }
                }
                case EXT_NAME_START -> {
                    extension();
                    if (Ascii.isTchar(b)) {
                        state = State.EXT_NAME;
                    } else if (!Ascii.isWhitespace(b)) {
                        throw bad("chunk extension without a name");
                    }
                }
                case EXT_NAME -> {
                    extension();
                    if (Ascii.isWhitespace(b)) {
                        state = State.EXT_AFTER_NAME;
                    } else if (b == '=') {
                        state = State.EXT_VALUE_START;
                    } else if (b == ';') {
                        state = State.EXT_NAME_START;
                    } else if (!Ascii.isTchar(b)) {
                        endOfSizeLine(b);
                    }
                }
                case EXT_AFTER_NAME -> {
                    extension();
                    if (b == '=') {
                        state = State.EXT_VALUE_START;
                    } else if (b == ';') {
                        state = State.EXT_NAME_START;
                    } else if (!Ascii.isWhitespace(b)) {
                        endOfSizeLine(b);
                    }
                }
                case EXT_VALUE_START -> {
                    extension();
                    if (b == '"') {
                        state = State.QUOTED;
                    } else if (Ascii.isTchar(b)) {
                        state = State.EXT_VALUE;
                    } else if (!Ascii.isWhitespace(b)) {
                        throw bad("chunk extension without a value after '='");
                    }
                }
                case EXT_VALUE -> {
                    extension();
                    if (Ascii.isWhitespace(b)) {
                        state = State.EXT_AFTER_VALUE;
                    } else if (b == ';') {
                        state = State.EXT_NAME_START;
                    } else if (!Ascii.isTchar(b)) {
                        endOfSizeLine(b);
                    }
                }
                case EXT_AFTER_VALUE -> {
                    extension();
                    if (b == ';') {
                        state = State.EXT_NAME_START;
                    } else if (!Ascii.isWhitespace(b)) {
                        endOfSizeLine(b);
                    }
                }
                case QUOTED -> {
                    extension();
                    if (b == '"') {
                        state = State.EXT_AFTER_VALUE;
                    } else if (b == '\\') {
                        state = State.QUOTED_PAIR;
                    } else if (!Ascii.isFieldValue(b)) {
                        throw bad("invalid character in a chunk extension");
                    }
                }
                case QUOTED_PAIR -> {
                    extension();
                    if (!Ascii.isFieldValue(b)) {
                        throw bad("invalid character in a chunk extension");
                    }
                    state = State.QUOTED;
                }
                case SIZE_LF -> {
                    if (b != Ascii.LF) {
                        throw bad("CR without LF in chunk framing");
                    }
                    sizeLineDone();
                }
                case DATA -> {
                    return i;
                }
                case DATA_CR -> {
                    if (b == Ascii.CR) {
                        state = State.DATA_LF;
                    } else if (b == Ascii.LF && bareLf) {
                        state = State.SIZE;
                    } else {
                        throw bad("chunk data not followed by CRLF");
                    }
                }
                case DATA_LF -> {
                    if (b != Ascii.LF) {
                        throw bad("chunk data not followed by CRLF");
                    }
                    state = State.SIZE;
                }
                case TRAILER -> trailerByte(b);
                case DONE -> {
                    return i;
                }
                default -> throw new IllegalStateException(state.name());
            }
            i++;
            if (state == State.DONE || (state == State.DATA && remaining > 0)) {
                return i;
            }
        }
        return i;
    }

    private void endOfSizeLine(byte b) {
        if (b == Ascii.CR) {
            state = State.SIZE_LF;
        } else if (b == Ascii.LF && bareLf) {
            sizeLineDone();
        } else if (b == Ascii.LF) {
            throw bad("line ended by a bare LF in chunk framing");
        } else {
            throw bad("invalid character in a chunk size line");
        }
    }

    private void line() {
        if (++lineLength > MAX_LINE_LENGTH) {
            throw bad("chunk size line too long");
        }
    }

    private void extension() {
        line();
        if (++extensionBytes > MAX_EXTENSION_BYTES) {
            throw bad("chunk extensions longer than " + MAX_EXTENSION_BYTES + " bytes in all");
        }
    }

    private void sizeLineDone() {
        lineLength = 0;
        digits = 0;
        if (size == 0) {
            state = State.TRAILER;
            trailerLine = new byte[64];
        } else {
            remaining = size;
            size = 0;
            state = State.DATA;
        }
    }

    private void trailerByte(byte b) {
        if (++trailerBytes > maxTrailerSize) {
            throw new HttpException(Status.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "trailer section larger than " + maxTrailerSize + " bytes");
        }
        if (b != Ascii.LF) {
            if (trailerLineLength == trailerLine.length) {
                trailerLine = Arrays.copyOf(trailerLine, trailerLine.length * 2);
            }
            trailerLine[trailerLineLength++] = b;
            return;
        }
        int end = trailerLineLength;
        if (end > 0 && trailerLine[end - 1] == Ascii.CR) {
            end--;
        } else if (!bareLf) {
            throw bad("line ended by a bare LF in the trailer section");
        }
        trailerLineLength = 0;
        if (end == 0) {
            state = State.DONE;
            trailerLine = null;
            return;
        }
        if (Ascii.isWhitespace(trailerLine[0])) {
            throw bad("obsolete line folding in the trailer section");
        }
        if (trailers == null) {
            trailers = new Headers(4);
        }
        if (trailers.size() >= maxTrailerCount) {
            throw new HttpException(Status.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "more than " + maxTrailerCount + " trailer fields");
        }
        FieldLines.parse(trailerLine, 0, end, trailers, null);
    }

    private static HttpException bad(String message) {
        return new HttpException(Status.BAD_REQUEST, message);
    }
}
