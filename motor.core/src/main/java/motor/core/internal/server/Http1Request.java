package motor.core.internal.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import motor.core.internal.http1.ChunkedDecoder;
import motor.core.internal.http1.PathDecoder;
import motor.core.internal.http1.RequestHead;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Parameters;
import motor.spi.Request;
import motor.spi.Status;

/**
 * A request read from an HTTP/1.1 connection. The head is parsed already; the body streams from the
 * connection's read buffer and socket as the handler reads it.
 */
final class Http1Request implements Request, motor.core.internal.routing.RouteLimited {

    private final Http1Connection connection;
    private final RequestHead head;
    private final long sequence;

    private Http1Response response;
    private List<String> segments;
    private Parameters query;
    private Map<String, Object> attributes;
    private String id;
    private long bodyLimit;
    /** The lowest limit middleware set before routing; the route's limit cannot raise it. */
    private long lowered = Long.MAX_VALUE;
    private boolean routed;
    private Body body;
    private boolean continueSent;

    Http1Request(Http1Connection connection, RequestHead head, long sequence) {
        this.connection = connection;
        this.head = head;
        this.sequence = sequence;
        this.bodyLimit = connection.settings().maxBodySize();
    }

    void response(Http1Response response) {
        this.response = response;
    }

    RequestHead head() {
        return head;
    }

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String target() {
        return head.target();
    }

    @Override
    public String path() {
        return head.path();
    }

    @Override
    public List<String> pathSegments() {
        if (segments == null) {
            String path = head.path();
            segments = path.startsWith("/") ? PathDecoder.decode(path) : List.of();
        }
        return segments;
    }

    @Override
    public String rawQuery() {
        return head.query();
    }

    @Override
    public Parameters query() {
        if (query == null) {
            query = Parameters.parse(head.query());
        }
        return query;
    }

    @Override
    public String pathParameter(String name) {
        return null;
    }

    @Override
    public Map<String, String> pathParameters() {
        return Map.of();
    }

    @Override
    public Headers headers() {
        return head.headers();
    }

    @Override
    public Headers trailers() {
        return body instanceof ChunkedBody chunked ? chunked.decoder.trailers() : new Headers(1);
    }

    @Override
    public String protocol() {
        return head.protocol();
    }

    @Override
    public String scheme() {
        return connection.secure() ? "https" : "http";
    }

    @Override
    public String authority() {
        return head.authority();
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return connection.localAddress();
    }

    @Override
    public String listener() {
        return connection.listener();
    }

    @Override
    public javax.net.ssl.SSLSession sslSession() {
        return connection.transport().sslSession();
    }

    @Override
    public long contentLength() {
        return head.contentLength();
    }

    @Override
    public long bodyLimit() {
        return bodyLimit;
    }

    @Override
    public void bodyLimit(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("body limit must be 0 or more: " + maxBytes);
        }
        if (body != null && body.started) {
            throw new IllegalStateException("the body is already being read");
        }
        bodyLimit = maxBytes;
        if (!routed) {
            lowered = Math.min(lowered, maxBytes);
        }
    }

    /**
     * {@inheritDoc} A lower limit that middleware set before routing still holds
     * ({@link Request#bodyLimit(long)} promises middleware may lower it).
     */
    @Override
    public void routeLimit(long routeLimit) {
        routed = true;
        bodyLimit(Math.min(routeLimit, lowered));
    }

    @Override
    public InputStream body() {
        if (body == null) {
            long length = head.contentLength();
            body = length < 0 ? new ChunkedBody() : new FixedBody(length);
        }
        return body;
    }

    @Override
    public Map<String, Object> attributes() {
        if (attributes == null) {
            attributes = new HashMap<>(8);
        }
        return attributes;
    }

    @Override
    public String id() {
        if (id == null) {
            id = Long.toString(connection.id(), 36) + "-" + sequence;
        }
        return id;
    }

    /** The most framing bytes (sizes, line ends, trailers) a chunked body may add to its data. */
    private long framingLimit() {
        return Math.max(64 * 1024, bodyLimit);
    }

    /**
     * Gets the rest of the body out of the way before a protocol switch: sends 100 Continue first when the
     * client waits for it (RFC 9110 section 7.8), then discards the body within the drain budget.
     *
     * @throws HttpException 413 if the rest of the body is larger than the budget
     */
    void consumeForUpgrade() throws IOException {
        if (bodyComplete()) {
            return;
        }
        if (head.expectContinue() && !continueSent) {
            continueSent = true;
            connection.writeContinue();
        }
        if (!finishBody()) {
            connection.mustClose = true;
            throw new HttpException(Status.CONTENT_TOO_LARGE, "request body too large to discard before switching"
                    + " protocols");
        }
    }

    /** {@return the body bytes still to come when the client declared a length; 0 if chunked or done} */
    long declaredRemaining() {
        if (head.contentLength() <= 0) {
            return 0;
        }
        return body == null ? head.contentLength() : ((FixedBody) body).remaining;
    }

    /** {@return whether every byte of the body has been consumed} */
    boolean bodyComplete() {
        if (head.contentLength() == 0) {
            return true;
        }
        return body != null && body.complete();
    }

    /** {@return whether the client was asked for nothing but waits to be told to send its body} */
    boolean continueWithheld() {
        return head.expectContinue() && !continueSent && !bodyComplete();
    }

    /**
     * Consumes what the handler left of the body so that the next request can be read, within the
     * drain budget. Returns false when the connection must close instead.
     */
    boolean finishBody() {
        if (bodyComplete()) {
            return true;
        }
        if (continueWithheld()) {
            return false; // the client may or may not send the body now: its framing is unknowable
        }
        long budget = connection.settings().maxDrainBytes();
        if (head.contentLength() > 0) {
            long left = body == null ? head.contentLength() : ((FixedBody) body).remaining;
            if (left > budget) {
                return false;
            }
        }
        Watch watch = connection.watch();
        watch.bodyReading = true;
        try {
            Body stream = (Body) body();
            stream.draining = true;
            long start = stream.wireBytes();
            byte[] scratch = new byte[4096];
            while (stream.wireBytes() - start <= budget) {
                int n = stream.read(scratch, 0, scratch.length);
                if (n < 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException | HttpException e) {
            return false;
        } finally {
            watch.bodyReading = false;
        }
    }

    /** The common part of the two body framings. */
    private abstract class Body extends InputStream {
        boolean started;
        boolean draining;
        private final byte[] one = new byte[1];

        abstract boolean complete();

        /** Bytes of the body consumed from the wire so far, framing included. */
        abstract long wireBytes();

        /** Before the first read: check the limit, send 100 Continue if the client waits for it. */
        final void start() throws IOException {
            if (started) {
                return;
            }
            started = true;
            if (head.contentLength() > bodyLimit && !draining) {
                connection.mustClose = true;
                throw new HttpException(Status.CONTENT_TOO_LARGE, "request body larger than " + bodyLimit + " bytes");
            }
            if (head.expectContinue() && !continueSent && !draining) {
                if (response.committed()) {
                    // 100 cannot follow a final response, and the client sends nothing without it
                    connection.mustClose = true;
                    throw new IOException("the client waits for 100 Continue, which cannot follow a response"
                            + " that has begun; read the body before responding");
                }
                continueSent = true;
                connection.writeContinue();
            }
            Watch watch = connection.watch();
            watch.phaseBytes = 0;
            watch.bodyBlockedNanos = 0;
            watch.bodyReading = true;
        }

        @Override
        public final int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        /** Reads more bytes into the connection's buffer; fails on end of stream. */
        final void fill() throws IOException {
            int n;
            try {
                n = connection.fill();
            } catch (IOException e) {
                throw ended(e);
            }
            if (n < 0) {
                throw ended(null);
            }
        }

        /** Reads from the socket straight into the caller's array. */
        final int direct(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                connection.flush();
                n = connection.transport().read(b, off, len);
            } catch (IOException e) {
                throw ended(e);
            }
            if (n < 0) {
                throw ended(null);
            }
            return n;
        }

        /**
         * Explains why the body ended early: throws 408 after a body timeout or 400 when the client stopped
         * sending, and returns an I/O failure for the caller to throw.
         */
        private IOException ended(IOException cause) {
            connection.mustClose = true;
            if (connection.watch().expired == Watch.BODY_TIMEOUT) {
                throw new HttpException(Status.REQUEST_TIMEOUT, "request body not received in time");
            }
            if (cause != null) {
                connection.brokenTransport = true; // reset by the client: nothing can be answered
                return cause;
            }
            throw new HttpException(Status.BAD_REQUEST, "request body ended before it was complete");
        }

        final HttpException tooLarge() {
            connection.mustClose = true;
            return new HttpException(Status.CONTENT_TOO_LARGE, "request body larger than " + bodyLimit + " bytes");
        }
    }

    /** A body delimited by Content-Length (or empty). */
    private final class FixedBody extends Body {
        long remaining;

        FixedBody(long length) {
            this.length = length;
            this.remaining = length;
        }

        private final long length;

        @Override
        boolean complete() {
            return remaining == 0;
        }

        @Override
        long wireBytes() {
            return length - remaining;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (remaining == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            start();
            int want = (int) Math.min(len, remaining);
            int n;
            Http1Connection c = connection;
            if (c.inPos < c.inEnd) {
                n = Math.min(want, c.inEnd - c.inPos);
                System.arraycopy(c.in, c.inPos, b, off, n);
                c.inPos += n;
            } else if (want >= 2048) {
                n = direct(b, off, want);
            } else {
                fill();
                n = Math.min(want, c.inEnd - c.inPos);
                System.arraycopy(c.in, c.inPos, b, off, n);
                c.inPos += n;
            }
            remaining -= n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(remaining, connection.inEnd - connection.inPos);
        }
    }

    /** A chunked body, decoded in place from the connection's buffer. */
    private final class ChunkedBody extends Body {
        final ChunkedDecoder decoder = new ChunkedDecoder(connection.bareLf(),
                connection.settings().maxHeaderSize(), connection.settings().maxHeaderCount());

        @Override
        boolean complete() {
            return decoder.done();
        }

        @Override
        long wireBytes() {
            return decoder.wireBytes();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (decoder.done()) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            start();
            Http1Connection c = connection;
            try {
                while (true) {
                    long remaining = decoder.remaining();
                    if (remaining > 0) {
                        int want = (int) Math.min(len, remaining);
                        if (!draining && decoder.total() + want > bodyLimit) {
                            want = (int) Math.max(1, bodyLimit - decoder.total() + 1);
                        }
                        int n;
                        if (c.inPos < c.inEnd) {
                            n = Math.min(want, c.inEnd - c.inPos);
                            System.arraycopy(c.in, c.inPos, b, off, n);
                            c.inPos += n;
                        } else if (want >= 2048) {
                            n = direct(b, off, want);
                        } else {
                            fill();
                            continue;
                        }
                        decoder.consume(n);
                        if (!draining && decoder.total() > bodyLimit) {
                            throw tooLarge();
                        }
                        return n;
                    }
                    if (c.inPos < c.inEnd) {
                        c.inPos = decoder.advance(c.in, c.inPos, c.inEnd);
                        if (!draining && decoder.wireBytes() - decoder.total() > framingLimit()) {
                            // many tiny chunks: the framing around the data must stay within reason too
                            throw tooLarge();
                        }
                        if (decoder.done()) {
                            return -1;
                        }
                    } else {
                        fill();
                    }
                }
            } catch (HttpException e) {
                c.mustClose = true;
                throw e;
            }
        }
    }

    @Override
    public <T> java.util.Optional<T> service(Class<T> type) {
        return connection.composition().registry().service(type);
    }
}
