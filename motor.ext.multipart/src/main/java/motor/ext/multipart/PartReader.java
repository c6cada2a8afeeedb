package motor.ext.multipart;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import motor.ext.multipart.internal.Filenames;
import motor.ext.multipart.internal.HeaderValue;
import motor.ext.multipart.internal.MultipartParser;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Status;

/**
 * Reads a {@code multipart/form-data} body one part at a time, without storing anything: each
 * {@link Part}'s content streams from the request as the application reads it, for uploads that go
 * straight to their destination. Obtain one with {@link Forms#parts}.
 *
 * <pre>{@code
 * PartReader reader = Forms.parts(request);
 * for (Part part; (part = reader.next()) != null; ) {
 *     if (part.isFile()) {
 *         try (OutputStream out = storage.create(part.filename())) {
 *             part.body().transferTo(out);
 *         }
 *     } else {
 *         fields.put(part.name(), part.text());
 *     }
 * }
 * }</pre>
 *
 * <p>The limits of {@link FormOptions} apply as in {@link Forms#read}, except {@code fileThreshold} and
 * {@code maxMemorySize}, since nothing is kept. A part that the application does not read is skipped,
 * and still counts against the limits. A field named {@code _charset_} (RFC 7578 section 4.6) is read
 * when it arrives and sets the charset of later fields' {@link Part#text()}.
 *
 * <p>Not thread-safe: use it on the handler's thread.
 */
public final class PartReader {

    private static final int SKIP_BUFFER = 8192;

    private final MultipartParser parser;
    private final FormOptions options;
    private int count;
    private PartImpl current;
    private Charset formCharset;
    private byte[] scratch;

    PartReader(MultipartParser parser, FormOptions options) {
        this.parser = parser;
        this.options = options;
    }

    /**
     * Moves to the next part, skipping the rest of the current one.
     *
     * @return the next part, or {@code null} after the last
     * @throws IOException   if reading the request fails
     * @throws HttpException 400 for a malformed body or part header, 413 for a limit
     */
    public Part next() throws IOException {
        if (current != null) {
            PartImpl previous = current;
            current = null;
            previous.skipRest();
        }
        Headers headers = parser.next();
        if (headers == null) {
            return null;
        }
        if (++count > options.maxParts()) {
            throw new HttpException(Status.CONTENT_TOO_LARGE,
                    "the form has more than multipart.maxParts (" + options.maxParts() + ") parts");
        }
        List<String> dispositions = headers.all("Content-Disposition");
        if (dispositions.size() != 1) {
            throw bad(dispositions.isEmpty() ? "a part has no Content-Disposition" : "a part has two Content-Disposition fields");
        }
        HeaderValue disposition = HeaderValue.parse(dispositions.get(0), "a part's Content-Disposition");
        if (!disposition.type().equals("form-data")) {
            throw bad("a part's Content-Disposition must be form-data");
        }
        String name = disposition.parameter("name");
        if (name == null) {
            throw bad("a part's Content-Disposition has no name parameter");
        }
        String extended = disposition.parameter("filename*");
        String plain = disposition.parameter("filename");
        String rawFilename = extended == null ? null : HeaderValue.decodeExtValue(extended);
        if (rawFilename == null && plain != null) {
            rawFilename = HeaderValue.formName(plain);
        }
        if (rawFilename == null && extended != null) {
            rawFilename = "";
        }
        List<String> types = headers.all("Content-Type");
        if (types.size() > 1) {
            throw bad("a part has two Content-Type fields");
        }
        PartImpl part = new PartImpl(HeaderValue.formName(name), rawFilename, types.isEmpty() ? null : types.get(0),
                headers);
        current = part;
        if (rawFilename == null && part.name.equals("_charset_")) {
            part.preload();
            formCharset = charset(new String(part.preloaded, StandardCharsets.ISO_8859_1).trim(),
                    "unsupported charset in the _charset_ field");
        }
        return part;
    }

    /** {@return the charset a {@code _charset_} field named so far, or {@code null}} */
    Charset formCharset() {
        return formCharset;
    }

    /** {@return {@code limit + 1} as an array size: enough to read to see whether content passes the limit} */
    static int atMostPlusOne(long limit) {
        return (int) Math.min(limit, Integer.MAX_VALUE - 9) + 1;
    }

    /** Looks a charset up by name; 415 with {@code message} if it is unknown or not a valid name. */
    static Charset charset(String name, String message) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) { // IllegalCharsetNameException, UnsupportedCharsetException
            throw new HttpException(Status.UNSUPPORTED_MEDIA_TYPE, message);
        }
    }

    private static HttpException bad(String message) {
        return new HttpException(Status.BAD_REQUEST, message);
    }

    /** A part of this reader; its stream reads through the parser while it is the current part. */
    final class PartImpl implements Part {

        final String name;
        private final String rawFilename;
        private final String filename;
        private final String type;
        private final Headers headers;
        private final long limit;
        private final PartStream stream = new PartStream();
        private byte[] preloaded;
        private int preloadedPos;
        private long size;

        PartImpl(String name, String rawFilename, String type, Headers headers) {
            this.name = name;
            this.rawFilename = rawFilename;
            this.filename = rawFilename == null ? null : Filenames.sanitize(rawFilename);
            this.type = type;
            this.headers = headers;
            this.limit = rawFilename == null ? options.maxFieldSize() : options.maxPartSize();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isFile() {
            return rawFilename != null;
        }

        @Override
        public String filename() {
            return filename;
        }

        @Override
        public String rawFilename() {
            return rawFilename;
        }

        @Override
        public String contentType() {
            return type != null ? type : isFile() ? "application/octet-stream" : "text/plain";
        }

        @Override
        public Headers headers() {
            return headers;
        }

        @Override
        public InputStream body() {
            return stream;
        }

        @Override
        public String text() throws IOException {
            long max = options.maxFieldSize();
            byte[] bytes = stream.readNBytes(atMostPlusOne(max));
            if (bytes.length > max) {
                throw new HttpException(Status.CONTENT_TOO_LARGE,
                        "a form field is larger than multipart.maxFieldSize (" + max + " bytes)");
            }
            return decode(bytes, charset());
        }

        /** {@return the charset that {@link #text()} uses, given the {@code _charset_} field seen so far} */
        Charset charset() {
            Charset declared = declaredCharset();
            return declared != null ? declared : formCharset != null ? formCharset : StandardCharsets.UTF_8;
        }

        /** {@return the charset parameter of the part's own Content-Type, or {@code null}} */
        Charset declaredCharset() {
            if (type == null) {
                return null;
            }
            String charset = HeaderValue.parse(type, "a part's Content-Type").parameter("charset");
            return charset == null ? null : PartReader.charset(charset, "unsupported charset in a part's Content-Type");
        }

        /** {@return how many bytes of content have been read or skipped so far} */
        long size() {
            return size;
        }

        /** Reads the whole (small) content now, for {@code _charset_}, and serves it from memory after. */
        private void preload() throws IOException {
            long max = Math.min(options.maxFieldSize(), 256);
            byte[] bytes = stream.readNBytes((int) max + 1);
            if (bytes.length > max) {
                throw bad("the _charset_ field is longer than a charset name");
            }
            preloaded = bytes;
        }

        private void skipRest() throws IOException {
            if (scratch == null) {
                scratch = new byte[SKIP_BUFFER];
            }
            while (stream.readThrough(scratch, 0, scratch.length) >= 0) {
                // counted and checked by readThrough
            }
        }

        static String decode(byte[] bytes, Charset charset) {
            String text = HeaderValue.decode(bytes, bytes.length, charset);
            if (text == null) {
                throw new HttpException(Status.BAD_REQUEST, "a form field is not valid " + charset.name());
            }
            return text;
        }

        /** The content stream: reads through the parser while this part is current. */
        private final class PartStream extends InputStream {

            private final byte[] one = new byte[1];

            @Override
            public int read() throws IOException {
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (current != PartImpl.this) {
                    throw new IOException("this part is over: the reader has moved to the next one");
                }
                if (len == 0) {
                    return 0;
                }
                return readThrough(b, off, len);
            }

            int readThrough(byte[] b, int off, int len) throws IOException {
                if (preloaded != null) {
                    if (preloadedPos == preloaded.length) {
                        return -1;
                    }
                    int n = Math.min(len, preloaded.length - preloadedPos);
                    System.arraycopy(preloaded, preloadedPos, b, off, n);
                    preloadedPos += n;
                    return n;
                }
                int n = parser.read(b, off, len);
                if (n > 0) {
                    size += n;
                    if (size > limit) {
                        throw new HttpException(Status.CONTENT_TOO_LARGE, isFile()
                                ? "a file part is larger than multipart.maxPartSize (" + limit + " bytes)"
                                : "a form field is larger than multipart.maxFieldSize (" + limit + " bytes)");
                    }
                }
                return n;
            }
        }
    }
}
