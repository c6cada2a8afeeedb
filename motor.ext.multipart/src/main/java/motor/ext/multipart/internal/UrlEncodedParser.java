package motor.ext.multipart.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import motor.spi.HttpException;
import motor.spi.PercentCoding;
import motor.spi.Status;

/**
 * Reads an {@code application/x-www-form-urlencoded} body as it streams in: {@code name=value} pairs
 * separated by {@code &}, {@code +} for a space, {@code %XX} for a byte. Follows the WHATWG URL standard's
 * parser (empty pairs are skipped, a pair without {@code =} has the empty value, only the first {@code =}
 * separates) except that a {@code %} not followed by two hex digits is a 400 rather than kept as it is,
 * and that names and values must be valid in the charset (400 otherwise).
 */
public final class UrlEncodedParser {

    /** Receives the fields in order. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Takes one field.
         *
         * @param name  the decoded name
         * @param value the decoded value
         */
        void field(String name, String value);
    }

    private final Charset charset;
    private final int maxFields;
    private final long maxFieldSize;
    private final long maxMemory;
    private final Sink sink;

    private byte[] name = new byte[64];
    private int nameLength;
    private byte[] value = new byte[64];
    private int valueLength;
    private boolean inValue;
    private boolean inPair;
    /** 0: no escape; 1: after {@code %}; 2: after {@code %X}. */
    private int escape;
    private int high;
    private int fields;
    private long memory;

    /**
     * Creates a parser.
     *
     * @param charset      the charset of the decoded bytes
     * @param maxFields    the most fields (413 beyond)
     * @param maxFieldSize the most decoded bytes of one name and value together (413 beyond)
     * @param maxMemory    the most decoded bytes of all fields together (413 beyond)
     * @param sink         receives the fields
     */
    public UrlEncodedParser(Charset charset, int maxFields, long maxFieldSize, long maxMemory, Sink sink) {
        this.charset = charset;
        this.maxFields = maxFields;
        this.maxFieldSize = maxFieldSize;
        this.maxMemory = maxMemory;
        this.sink = sink;
    }

    /**
     * Reads a whole body.
     *
     * @param in the body
     * @throws IOException   if reading fails
     * @throws HttpException 400 for a bad escape or charset, 413 for a limit
     */
    public void parse(InputStream in) throws IOException {
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) >= 0; ) {
            feed(chunk, 0, n);
        }
        finish();
    }

    /**
     * Takes the next bytes of the body.
     *
     * @param bytes  the bytes
     * @param offset where they start
     * @param length how many
     */
    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (escape == 1) {
                high = PercentCoding.hex(b);
                if (high < 0) {
                    throw invalidEscape();
                }
                escape = 2;
                continue;
            }
            if (escape == 2) {
                int low = PercentCoding.hex(b);
                if (low < 0) {
                    throw invalidEscape();
                }
                escape = 0;
                put((byte) (high << 4 | low));
                continue;
            }
            switch (b) {
                case '&' -> endPair();
                case '=' -> {
                    if (inValue) {
                        put(b);
                    } else {
                        inValue = true;
                        inPair = true;
                    }
                }
                case '+' -> put((byte) ' ');
                case '%' -> {
                    escape = 1;
                    inPair = true;
                }
                default -> put(b);
            }
        }
    }

    /** Ends the body: emits the last field. */
    public void finish() {
        if (escape != 0) {
            throw invalidEscape();
        }
        endPair();
    }

    private void put(byte b) {
        inPair = true;
        if (nameLength + valueLength >= maxFieldSize) {
            throw new HttpException(Status.CONTENT_TOO_LARGE,
                    "a form field is larger than multipart.maxFieldSize (" + maxFieldSize + " bytes)");
        }
        if (++memory > maxMemory) {
            throw new HttpException(Status.CONTENT_TOO_LARGE,
                    "the form's fields are larger than multipart.maxMemorySize (" + maxMemory + " bytes) together");
        }
        if (inValue) {
            if (valueLength == value.length) {
                value = Arrays.copyOf(value, 2 * valueLength);
            }
            value[valueLength++] = b;
        } else {
            if (nameLength == name.length) {
                name = Arrays.copyOf(name, 2 * nameLength);
            }
            name[nameLength++] = b;
        }
    }

    private void endPair() {
        if (inPair) {
            if (++fields > maxFields) {
                throw new HttpException(Status.CONTENT_TOO_LARGE,
                        "the form has more than multipart.maxParts (" + maxFields + ") fields");
            }
            sink.field(text(name, nameLength), text(value, valueLength));
        }
        nameLength = 0;
        valueLength = 0;
        inValue = false;
        inPair = false;
    }

    private String text(byte[] bytes, int length) {
        String text = HeaderValue.decode(bytes, length, charset);
        if (text == null) {
            throw new HttpException(Status.BAD_REQUEST, "a form field is not valid " + charset.name());
        }
        return text;
    }

    private static HttpException invalidEscape() {
        return new HttpException(Status.BAD_REQUEST, "the form body has a % that is not followed by two hex digits");
    }
}
