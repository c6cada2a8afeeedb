package motor.ext.gzip.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipException;
import motor.spi.ContentCoding;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.spi.RequestWrapper;
import motor.spi.Status;

/**
 * A request whose body arrived with a {@code Content-Encoding}, seen by the application decoded: the body
 * stream yields the decoded bytes, {@code Content-Encoding} and {@code Content-Length} are gone from its
 * headers and {@link #contentLength()} is unknown (-1).
 *
 * <p>The decoded size is capped (the route's body limit unless {@code request.maxDecodedSize} says
 * otherwise): a few kilobytes of gzip can inflate to gigabytes, so the count is checked as bytes come
 * out of the decoder and passing it ends the request with 413. Data that is not valid in its coding ends
 * it with 400. A coding the server does not know gets 415 with {@code Accept-Encoding} listing those it
 * does (RFC 9110 section 15.5.16).
 */
final class DecodingRequest extends RequestWrapper {

    /**
     * More codings than this on one body is not a real client: 415. Each layer multiplies what a small
     * body can make the server inflate, so the count stays low, and every layer's output is capped.
     */
    static final int MAX_CODINGS = 2;

    private final List<ContentCoding> codings;
    private final long maxDecodedSize;
    private Headers headers;
    private DecodedBody body;

    private DecodingRequest(Request delegate, List<ContentCoding> codings, long maxDecodedSize) {
        super(delegate);
        this.codings = codings;
        this.maxDecodedSize = maxDecodedSize;
    }

    /**
     * Wraps a request whose body has a content coding.
     *
     * @return the wrapper, or null when the request needs none (no coding, or only {@code identity})
     * @throws HttpException 400 for a malformed Content-Encoding, 415 for a coding not available
     */
    static DecodingRequest wrap(Request request, Map<String, ContentCoding> available, Settings settings) {
        Headers fields = request.headers();
        if (!fields.contains("Content-Encoding")) {
            return null;
        }
        List<ContentCoding> chain = new ArrayList<>(2);
        for (String value : fields.all("Content-Encoding")) {
            for (String element : value.split(",", -1)) {
                String name = element.strip().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue; // empty list elements are allowed and ignored (RFC 9110 section 5.6.1)
                }
                if (!Headers.isToken(name)) {
                    throw new HttpException(Status.BAD_REQUEST, "malformed Content-Encoding");
                }
                if (name.equals("identity")) {
                    continue;
                }
                ContentCoding coding = available.get(name.equals("x-gzip") ? "gzip" : name);
                if (coding == null || chain.size() == MAX_CODINGS) {
                    throw unsupported(available, coding == null
                            ? "request body in a content coding this server does not decode"
                            : "request body with more than " + MAX_CODINGS + " content codings");
                }
                chain.add(coding);
            }
        }
        if (chain.isEmpty()) {
            return null;
        }
        return new DecodingRequest(request, List.copyOf(chain), settings.maxDecodedSize());
    }

    private static HttpException unsupported(Map<String, ContentCoding> available, String message) {
        HttpException e = new HttpException(Status.UNSUPPORTED_MEDIA_TYPE, message);
        e.header("Accept-Encoding", String.join(", ", new TreeSet<>(available.keySet())));
        return e;
    }

    @Override
    public Headers headers() {
        if (headers == null) {
            Headers copy = unwrap().headers().copy();
            copy.remove("Content-Encoding");
            copy.remove("Content-Length");
            headers = copy;
        }
        return headers;
    }

    @Override
    public String header(String name) {
        return headers().first(name);
    }

    @Override
    public long contentLength() {
        return unwrap().contentLength() == 0 ? 0 : -1;
    }

    @Override
    public InputStream body() {
        if (body == null) {
            long limit = maxDecodedSize >= 0 ? maxDecodedSize : unwrap().bodyLimit();
            body = new DecodedBody(unwrap(), codings, limit);
        }
        return body;
    }

    /** Frees the decoders (their native memory); the request is over. */
    void close() {
        if (body != null) {
            body.release();
        }
    }

    /** The decoded body: builds the decoder chain on first read, counts and maps failures. */
    private static final class DecodedBody extends InputStream {
        private final Request request;
        private final List<ContentCoding> codings;
        private final long limit;
        private InputStream in;
        private long count;
        private boolean ended;

        DecodedBody(Request request, List<ContentCoding> codings, long limit) {
            this.request = request;
            this.codings = codings;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (ended || len == 0) {
                return ended ? -1 : 0;
            }
            try {
                if (in == null) {
                    in = open();
                }
                // ask for at most one byte past the limit, so that passing it is seen at once
                long room = limit - count;
                int n = in.read(b, off, room >= len ? len : (int) room + 1);
                if (n < 0) {
                    ended = true;
                    return -1;
                }
                count += n;
                if (count > limit) {
                    throw new HttpException(Status.CONTENT_TOO_LARGE, "decoded request body larger than "
                            + limit + " bytes");
                }
                return n;
            } catch (ZipException | EOFException e) {
                throw new HttpException(Status.BAD_REQUEST, "request body is not valid in its Content-Encoding", e);
            }
        }

        private InputStream open() throws IOException {
            if (request.contentLength() == 0) {
                return InputStream.nullInputStream();
            }
            InputStream stream = request.body();
            // applied in the order listed, so undone in reverse; the output of every inner layer is
            // capped too, or a layer of empty DEFLATE blocks could inflate gigabytes into nothing
            try {
                for (int i = codings.size() - 1; i >= 0; i--) {
                    stream = codings.get(i).decode(stream);
                    if (i > 0) {
                        stream = new Capped(stream, limit);
                    }
                }
            } catch (IOException | RuntimeException e) {
                try {
                    stream.close(); // ends the inflaters of the layers made so far
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            return stream;
        }

        @Override
        public void close() {
            ended = true;
            release();
        }

        void release() {
            InputStream stream = in;
            in = null;
            if (stream != null) {
                try {
                    stream.close(); // ends the inflaters; the server drains or closes the connection itself
                } catch (IOException | RuntimeException e) {
                    // nothing to tell the client: the request is over
                }
            }
        }
    }

    /** An inner layer's decoded bytes, capped at the same limit as the body the handler reads. */
    private static final class Capped extends java.io.FilterInputStream {
        private final long limit;
        private long count;

        Capped(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            count += n;
            if (count > limit) {
                throw new HttpException(Status.CONTENT_TOO_LARGE, "decoded request body larger than " + limit
                        + " bytes");
            }
        }
    }
}
