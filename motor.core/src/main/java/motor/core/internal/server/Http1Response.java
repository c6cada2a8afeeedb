package motor.core.internal.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.Objects;
import motor.core.internal.server.Http1Connection.Framing;
import motor.spi.ErrorPage;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Method;
import motor.spi.Response;
import motor.spi.Status;
import motor.spi.transport.Upgrade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A response written to an HTTP/1.1 connection. It decides the framing when it commits: a length when
 * the whole body is known, chunked when it streams to an HTTP/1.1 client, close-delimited for an
 * HTTP/1.0 client, none for HEAD and the bodyless statuses.
 */
final class Http1Response implements Response {

    private static final Logger LOG = LoggerFactory.getLogger(Http1Response.class);
    private static final byte[] EMPTY = new byte[0];
    private static final int STREAM_BUFFER = 8192;

    private final Http1Connection connection;
    private final Http1Request request;
    private final boolean headRequest;
    private final Headers headers = new Headers(4);

    private int status = Status.OK;
    private boolean committed;
    private boolean sent;
    private boolean keepAlive;
    private long bodyBytes;
    private BodyOutput output;
    private Upgrade upgrade;

    Http1Response(Http1Connection connection, Http1Request request) {
        this.connection = connection;
        this.request = request;
        this.headRequest = request.method() == Method.HEAD;
        request.response(this);
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public Response status(int status) {
        if (committed) {
            throw new IllegalStateException("the response is committed");
        }
        if (status != Status.SWITCHING_PROTOCOLS && (status < 200 || status > 599)) {
            throw new IllegalArgumentException("a final status is from 200 to 599 (or 101 to upgrade): " + status);
        }
        this.status = status;
        return this;
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public void send(byte[] body) throws IOException {
        Objects.requireNonNull(body, "body");
        claimBody();
        commitWhole(body, 0, body.length);
    }

    /** Marks the whole body as sent, refusing a second body and a body on a 101. */
    private void claimBody() {
        if (sent || output != null) {
            throw new IllegalStateException("the response body was already sent");
        }
        if (status == Status.SWITCHING_PROTOCOLS) {
            throw new IllegalStateException("a 101 response has no body; use upgrade()");
        }
        sent = true;
    }

    @Override
    public void send(FileChannel file, long position, long count) throws IOException {
        Objects.requireNonNull(file, "file");
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("negative file region: position " + position + ", count " + count);
        }
        claimBody();
        if (commitKnown(count)) {
            try {
                connection.writeFile(file, position, count);
            } catch (IOException e) {
                // the head promised count bytes: the only honest end is to close
                connection.mustClose = true;
                throw e;
            }
            bodyBytes = count;
        }
    }

    @Override
    public OutputStream output() {
        if (sent) {
            throw new IllegalStateException("the response body was already sent");
        }
        if (output == null) {
            output = new BodyOutput();
        }
        return output;
    }

    @Override
    public void interim(int status, Headers headers) throws IOException {
        if (committed) {
            throw new IllegalStateException("the response is committed");
        }
        if (status < 102 || status > 199) {
            throw new IllegalArgumentException("an interim status is from 102 to 199: " + status);
        }
        if (connection.requestIsHttp10) {
            return;
        }
        connection.writeInterim(status, headers);
    }

    @Override
    public boolean committed() {
        return committed;
    }

    @Override
    public void upgrade(Upgrade upgrade) {
        Objects.requireNonNull(upgrade, "upgrade");
        if (status != Status.SWITCHING_PROTOCOLS) {
            throw new IllegalStateException("set status 101 before upgrading");
        }
        if (committed || sent || output != null) {
            throw new IllegalStateException("the response is committed");
        }
        if (connection.requestIsHttp10) {
            // RFC 9110 section 7.8: a server must ignore Upgrade in an HTTP/1.0 request
            throw new HttpException(Status.BAD_REQUEST, "an HTTP/1.0 request cannot switch protocols");
        }
        this.upgrade = upgrade;
    }

    Upgrade upgrade() {
        return upgrade;
    }

    long bodyBytes() {
        return bodyBytes;
    }

    /** {@return whether the whole response has been handed to the connection} */
    boolean complete() {
        return committed && (output == null ? sent : output.closed);
    }

    boolean keepAlive() {
        return keepAlive;
    }

    boolean transportFailed() {
        return connection.brokenTransport;
    }

    /** Completes the response after the handler returned. */
    void finish() throws IOException {
        if (upgrade != null) {
            if (status != Status.SWITCHING_PROTOCOLS) {
                throw new IllegalStateException("the status changed from 101 after upgrade()");
            }
            if (connection.mustClose) {
                throw new IllegalStateException("the connection cannot switch protocols: its request framing"
                        + " failed");
            }
            request.consumeForUpgrade();
            committed = true;
            keepAlive = true;
            connection.writeHead(status, headers, -1, Framing.NONE, true, null);
            return;
        }
        if (status == Status.SWITCHING_PROTOCOLS) {
            throw new IllegalStateException("status 101 without upgrade()");
        }
        if (output != null) {
            output.close();
        } else if (!sent) {
            sent = true;
            commitWhole(EMPTY, 0, 0);
        }
    }

    /** Replaces whatever the handler started (nothing may be committed) with an error response. */
    void sendError(int status, Headers extra, ErrorPage page) throws IOException {
        this.status = status;
        this.upgrade = null;
        headers.clear();
        if (extra != null) {
            headers.addAll(extra);
        }
        headers.set("Content-Type", page.contentType());
        if (output != null) {
            output.discard();
        }
        output = null;
        sent = true;
        commitWhole(page.body(), 0, page.body().length);
    }

    /** Gives up on a committed response: the connection closes after it. */
    void abandon() {
        connection.mustClose = true;
        if (output != null) {
            output.discard();
        }
    }

    private boolean bodyless() {
        return Status.bodyless(status);
    }

    private boolean decideKeepAlive(Framing framing) {
        return request.head().keepAlive()
                && framing != Framing.CLOSE
                && !connection.mustClose
                && !connection.runtime().draining()
                && !request.continueWithheld()
                && request.declaredRemaining() <= connection.settings().maxDrainBytes()
                && !headers.containsToken("Connection", "close");
    }

    /** The Content-Length the handler set, or -1. */
    private long declaredLength() {
        String value = headers.first("Content-Length");
        if (value == null || value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Commits with the whole body known. */
    private void commitWhole(byte[] body, int off, int len) throws IOException {
        if (commitKnown(len)) {
            connection.writeRaw(body, off, len);
            bodyBytes = len;
        }
    }

    /**
     * Commits the head of a body of known length; returns whether the body goes on the wire (not for
     * HEAD, 205 or the bodyless statuses, nor when it is empty).
     */
    private boolean commitKnown(long len) throws IOException {
        Framing framing;
        long length;
        if (bodyless()) {
            framing = Framing.NONE;
            length = -1;
        } else if (status == Status.RESET_CONTENT) {
            // RFC 9110 section 15.3.6: no content, said with Content-Length: 0
            framing = Framing.LENGTH;
            length = 0;
        } else {
            framing = Framing.LENGTH;
            long declared = declaredLength();
            length = headRequest && len == 0 && declared >= 0 ? declared : len;
        }
        keepAlive = decideKeepAlive(framing);
        committed = true;
        connection.writeHead(status, headers, length, framing, keepAlive, null);
        return len > 0 && framing == Framing.LENGTH && status != Status.RESET_CONTENT && !headRequest;
    }

    /** Commits a streamed body of unknown length; returns the framing chosen. */
    private Framing commitStreaming() throws IOException {
        long declared = declaredLength();
        Framing framing;
        if (bodyless() || status == Status.RESET_CONTENT) {
            framing = Framing.NONE;
        } else if (headRequest) {
            framing = declared >= 0 ? Framing.LENGTH : Framing.NONE;
        } else if (declared >= 0) {
            framing = Framing.LENGTH;
        } else if (!connection.requestIsHttp10) {
            framing = Framing.CHUNKED;
        } else {
            framing = Framing.CLOSE;
        }
        keepAlive = decideKeepAlive(framing);
        committed = true;
        // a 205 says "no content" with Content-Length: 0 and drops whatever is written
        Framing onWire = status == Status.RESET_CONTENT ? Framing.LENGTH : framing;
        long length = status == Status.RESET_CONTENT ? 0 : declared;
        connection.writeHead(status, headers, length, onWire, keepAlive, null);
        return framing;
    }

    /**
     * The stream of a streamed body. Until it overflows its buffer or is flushed it holds the body back,
     * so that a short body still goes out with a Content-Length and in one write with its head.
     */
    private final class BodyOutput extends OutputStream {
        private byte[] buffer;
        private int count;
        private Framing framing;
        private long declared;
        private long written;
        private boolean closed;
        private boolean overflowWarned;
        private final byte[] one = new byte[1];

        @Override
        public void write(int b) throws IOException {
            one[0] = (byte) b;
            write(one, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                throw new IOException("the response body stream is closed");
            }
            if (len == 0) {
                return;
            }
            if (framing == null) {
                if (buffer == null) {
                    buffer = connection.bodyBuffer != null ? connection.bodyBuffer
                            : (connection.bodyBuffer = new byte[STREAM_BUFFER]);
                }
                if (count + len <= buffer.length) {
                    System.arraycopy(b, off, buffer, count, len);
                    count += len;
                    return;
                }
                start();
            }
            emit(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (closed) {
                return;
            }
            if (framing == null) {
                start();
            }
            connection.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (framing == null) {
                sent = true;
                commitWhole(buffer == null ? EMPTY : buffer, 0, count);
                count = 0;
                return;
            }
            switch (framing) {
                case CHUNKED -> connection.writeLastChunk();
                case LENGTH -> {
                    if (written != declared && !headRequest) {
                        LOG.warn("request {}: body of {} bytes does not match its Content-Length of {}; closing",
                                request.id(), written, declared);
                        connection.mustClose = true;
                    }
                }
                case CLOSE -> connection.mustClose = true;
                default -> {
                }
            }
        }

        void discard() {
            closed = true;
            count = 0;
        }

        /** Commits the head and sends what was held back. */
        private void start() throws IOException {
            framing = commitStreaming();
            declared = declaredLength();
            int held = count;
            count = 0;
            if (held > 0) {
                emit(buffer, 0, held);
            }
        }

        private void emit(byte[] b, int off, int len) throws IOException {
            switch (framing) {
                case NONE -> {
                    return;
                }
                case LENGTH -> {
                    if (headRequest) {
                        return;
                    }
                    if (written + len > declared) {
                        connection.mustClose = true;
                        if (!overflowWarned) {
                            overflowWarned = true;
                            throw new IOException("response body longer than its Content-Length of " + declared);
                        }
                        return;
                    }
                    connection.writeRaw(b, off, len);
                }
                case CHUNKED -> connection.writeChunk(b, off, len);
                case CLOSE -> connection.writeRaw(b, off, len);
                default -> throw new IllegalStateException(framing.name());
            }
            written += len;
            bodyBytes += len;
        }
    }
}
