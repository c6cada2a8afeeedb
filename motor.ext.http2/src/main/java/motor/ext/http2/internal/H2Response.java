package motor.ext.http2.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import motor.ext.http2.internal.hpack.HeaderField;
import motor.spi.ErrorPage;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Method;
import motor.spi.Response;
import motor.spi.Status;
import motor.spi.transport.Upgrade;

/**
 * A response sent on one HTTP/2 stream: the head as a HEADERS frame (with {@code :status}, lower-case
 * names, no connection-specific fields, {@code date} and {@code server} added), the body as DATA frames
 * within the peer's frame size and flow-control windows, END_STREAM on the last frame. As on HTTP/1.1, a
 * streamed body is held back until 16 KiB are written or the handler flushes, so that a short body still
 * goes out with a {@code content-length}.
 */
final class H2Response implements Response {

    private static final byte[] EMPTY = new byte[0];
    private static final int BUFFER = 16 * 1024;

    private final Http2Connection connection;
    private final Stream stream;
    private final boolean headRequest;
    private final Headers headers = new Headers(4);

    private int status = Status.OK;
    private boolean committed;
    private boolean sent;
    private long bodyBytes;
    private BodyOutput output;
    /** A handler asked to switch protocols, which HTTP/2 cannot do: the stream is reset HTTP_1_1_REQUIRED. */
    boolean http11Required;

    H2Response(Http2Connection connection, Stream stream, String method) {
        this.connection = connection;
        this.stream = stream;
        this.headRequest = Method.HEAD.equals(method);
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
        if (sent || output != null) {
            throw new IllegalStateException("the response body was already sent");
        }
        sent = true;
        commitWhole(body, body.length);
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
        connection.writeHeaders(stream, fields(status, headers, -1, false), false);
    }

    @Override
    public boolean committed() {
        return committed;
    }

    /**
     * HTTP/2 has no protocol switch (WebSocket over HTTP/2, RFC 8441, is not offered): the stream is reset
     * with HTTP_1_1_REQUIRED, which tells the client to retry over HTTP/1.1.
     */
    @Override
    public void upgrade(Upgrade upgrade) {
        Objects.requireNonNull(upgrade, "upgrade");
        if (committed) {
            throw new IllegalStateException("the response is committed");
        }
        http11Required = true;
        throw new HttpException(Status.HTTP_VERSION_NOT_SUPPORTED, "switching protocols needs HTTP/1.1");
    }

    long bodyBytes() {
        return bodyBytes;
    }

    /** {@return whether the whole response has been queued} */
    boolean complete() {
        return committed && (output == null ? sent : output.closed);
    }

    /** Completes the response after the handler returned. */
    void finish() throws IOException {
        if (status == Status.SWITCHING_PROTOCOLS) {
            throw new IllegalStateException("status 101 without upgrade()");
        }
        if (output != null) {
            output.close();
        } else if (!sent) {
            sent = true;
            commitWhole(EMPTY, 0);
        }
    }

    /** Replaces whatever the handler started (nothing may be committed) with an error response. */
    void sendError(int status, Headers extra, ErrorPage page) throws IOException {
        this.status = status;
        headers.clear();
        if (extra != null) {
            headers.addAll(extra);
        }
        headers.set("Content-Type", page.contentType());
        if (output != null) {
            output.closed = true;
        }
        output = null;
        sent = true;
        commitWhole(page.body(), page.body().length);
    }

    /** The content-length the handler set, or -1. */
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
    private void commitWhole(byte[] body, int length) throws IOException {
        committed = true;
        if (Status.bodyless(status)) {
            connection.writeHeaders(stream, fields(status, headers, -1, true), true);
        } else if (status == Status.RESET_CONTENT) {
            connection.writeHeaders(stream, fields(status, headers, 0, true), true);
        } else if (headRequest) {
            long declared = declaredLength();
            long announced = length == 0 && declared >= 0 ? declared : length;
            connection.writeHeaders(stream, fields(status, headers, announced, true), true);
        } else {
            connection.writeHeaders(stream, fields(status, headers, length, true), length == 0);
            if (length > 0) {
                connection.writeData(stream, body, 0, length, true);
                bodyBytes = length;
            }
        }
    }

    /** Commits a streamed body; returns whether body bytes go on the wire. */
    private boolean commitStreaming() throws IOException {
        committed = true;
        long declared = declaredLength();
        if (Status.bodyless(status)) {
            connection.writeHeaders(stream, fields(status, headers, -1, true), true);
            return false;
        }
        if (status == Status.RESET_CONTENT) {
            connection.writeHeaders(stream, fields(status, headers, 0, true), true);
            return false;
        }
        if (headRequest) {
            connection.writeHeaders(stream, fields(status, headers, declared, true), true);
            return false;
        }
        connection.writeHeaders(stream, fields(status, headers, declared, true), false);
        return true;
    }

    /**
     * The header list of a response head: {@code :status} first, then the handler's fields with lower-case
     * names (RFC 9113 8.2.2), without the connection-specific ones and without {@code content-length},
     * which {@code contentLength} decides; {@code date} and {@code server} unless the handler set them.
     */
    private List<HeaderField> fields(int status, Headers headers, long contentLength, boolean finalHead) {
        List<HeaderField> fields = new ArrayList<>(headers.size() + 4);
        fields.add(new HeaderField(":status", Integer.toString(status), false));
        boolean date = false;
        boolean server = false;
        for (int i = 0, n = headers.size(); i < n; i++) {
            String name = headers.name(i).toLowerCase(Locale.ROOT);
            switch (name) {
                case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" -> {
                    continue;
                }
                case "content-length" -> {
                    continue;
                }
                case "date" -> date = true;
                case "server" -> server = true;
                default -> {
                }
            }
            fields.add(new HeaderField(name, headers.value(i), false));
        }
        if (finalHead) {
            if (contentLength >= 0) {
                fields.add(new HeaderField("content-length", Long.toString(contentLength), false));
            }
            if (!date) {
                fields.add(new HeaderField("date", HttpDate.now(), false));
            }
            String serverHeader = connection.config.serverHeader();
            if (!server && !serverHeader.isEmpty()) {
                fields.add(new HeaderField("server", serverHeader, false));
            }
        }
        return fields;
    }

    /** A streamed body: held back until it overflows its buffer or is flushed, then sent in DATA frames. */
    private final class BodyOutput extends OutputStream {
        private byte[] buffer;
        private int count;
        /** Whether the head went out; then whether body bytes go on the wire at all. */
        private boolean started;
        private boolean onWire;
        private long declared = -1;
        private long written;
        boolean closed;
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
            if (buffer == null) {
                buffer = new byte[BUFFER];
            }
            if (count + len <= buffer.length) {
                System.arraycopy(b, off, buffer, count, len);
                count += len;
                return;
            }
            if (!started) {
                start();
            }
            emitBuffer(false);
            if (len >= buffer.length) {
                emit(b, off, len, false);
            } else {
                System.arraycopy(b, off, buffer, 0, len);
                count = len;
            }
        }

        @Override
        public void flush() throws IOException {
            if (closed) {
                return;
            }
            if (!started) {
                start();
            }
            emitBuffer(false);
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (!started) {
                sent = true;
                commitWhole(buffer == null ? EMPTY : buffer, count);
                count = 0;
                return;
            }
            if (onWire) {
                long total = written + count;
                if (declared >= 0 && total != declared) {
                    // the head promised another length: the client must not take this body as complete
                    count = 0;
                    connection.reset(stream, motor.ext.http2.internal.frame.Http2.INTERNAL_ERROR);
                    throw new IOException("response body of " + total + " bytes does not match its"
                            + " content-length of " + declared);
                }
                emitBuffer(true);
            }
        }

        private void start() throws IOException {
            started = true;
            onWire = commitStreaming();
            declared = declaredLength();
        }

        private void emitBuffer(boolean end) throws IOException {
            int n = count;
            count = 0;
            if (n > 0 || end) {
                emit(buffer == null ? EMPTY : buffer, 0, n, end);
            }
        }

        private void emit(byte[] b, int off, int len, boolean end) throws IOException {
            if (!onWire) {
                return;
            }
            if (declared >= 0 && written + len > declared) {
                connection.reset(stream, motor.ext.http2.internal.frame.Http2.INTERNAL_ERROR);
                throw new IOException("response body longer than its content-length of " + declared);
            }
            connection.writeData(stream, b, off, len, end);
            written += len;
            bodyBytes += len;
        }
    }
}
