package motor.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import motor.spi.Headers;
import motor.spi.Response;
import motor.spi.Status;
import motor.spi.transport.Upgrade;

/**
 * A {@link Response} that keeps what a handler or middleware did to it, for unit tests without a socket:
 * the status, the headers, the body sent or written, the interim responses and the upgrade asked for.
 *
 * <p>It follows the server's rules where a test can tell: the status is 101 or from 200 to 599 and
 * cannot change once the response is committed; a body is sent once, either whole with
 * {@link #send(byte[])} or through {@link #output()}, not both; {@code send} commits, and so do
 * {@code flush()} and {@code close()} on the output stream (the server also commits when its buffer
 * fills, so do not rely on a large unflushed body leaving a response uncommitted). Headers changed after
 * the commit would not reach the client: {@link #committedHeaders()} shows what would have.
 *
 * <p>Like the server's, an instance belongs to one thread and is not thread-safe.
 */
public final class TestResponse implements Response {

    /**
     * An interim response sent with {@link Response#interim}.
     *
     * @param status  its status, 102 to 199
     * @param headers a copy of its headers
     */
    public record Interim(int status, Headers headers) {
    }

    private final Headers headers = new Headers();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final List<Interim> interims = new ArrayList<>();
    private int status = Status.OK;
    private Headers committedHeaders;
    private boolean sent;
    private Output output;
    private Upgrade upgrade;

    /** Creates a response with status 200, no headers and no body. */
    public TestResponse() {
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public Response status(int status) {
        if (committed()) {
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
    public void send(byte[] bytes) {
        Objects.requireNonNull(bytes, "body");
        if (sent || output != null) {
            throw new IllegalStateException("the response body was already sent");
        }
        if (status == Status.SWITCHING_PROTOCOLS) {
            throw new IllegalStateException("a 101 response has no body; use upgrade()");
        }
        sent = true;
        commit();
        body.writeBytes(bytes);
    }

    @Override
    public OutputStream output() {
        if (sent) {
            throw new IllegalStateException("the response body was already sent");
        }
        if (output == null) {
            output = new Output();
        }
        return output;
    }

    @Override
    public void interim(int status, Headers headers) {
        if (committed()) {
            throw new IllegalStateException("the response is committed");
        }
        if (status < 102 || status > 199 || status == Status.SWITCHING_PROTOCOLS) {
            throw new IllegalArgumentException("an interim status is from 102 to 199, 101 excepted: " + status);
        }
        interims.add(new Interim(status, headers.copy()));
    }

    @Override
    public boolean committed() {
        return committedHeaders != null;
    }

    @Override
    public void upgrade(Upgrade upgrade) {
        Objects.requireNonNull(upgrade, "upgrade");
        if (status != Status.SWITCHING_PROTOCOLS) {
            throw new IllegalStateException("set status 101 before upgrading");
        }
        if (committed() || sent || output != null) {
            throw new IllegalStateException("the response is committed");
        }
        this.upgrade = upgrade;
    }

    /** {@return the body so far: what was sent, or written to the output stream, flushed or not} */
    public byte[] body() {
        return body.toByteArray();
    }

    /** {@return the body so far as UTF-8 text} */
    public String text() {
        return body.toString(StandardCharsets.UTF_8);
    }

    /** {@return whether the body is complete: sent whole, or its output stream closed} */
    public boolean complete() {
        return sent || (output != null && output.closed);
    }

    /** {@return the headers as they were when the response committed, or {@code null} if it has not} */
    public Headers committedHeaders() {
        return committedHeaders == null ? null : committedHeaders.copy();
    }

    /** {@return the interim responses sent, in order} */
    public List<Interim> interims() {
        return List.copyOf(interims);
    }

    /** {@return the protocol switch asked for with {@link #upgrade(Upgrade)}, or {@code null}} */
    public Upgrade upgrade() {
        return upgrade;
    }

    @Override
    public String toString() {
        return status + " " + headers + " " + body.size() + " bytes";
    }

    private void commit() {
        if (committedHeaders == null) {
            committedHeaders = headers.copy();
        }
    }

    /** The body stream: keeps every byte; commits on flush and close. */
    private final class Output extends OutputStream {
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                throw new IOException("the response body stream is closed");
            }
            body.write(b, off, len);
        }

        @Override
        public void flush() {
            if (!closed) {
                commit();
            }
        }

        @Override
        public void close() {
            commit();
            closed = true;
        }
    }
}
