package motor.ext.gzip.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.Map;
import motor.ext.gzip.AcceptEncoding;
import motor.spi.ContentCoding;
import motor.spi.Headers;
import motor.spi.Response;
import motor.spi.ResponseWrapper;
import motor.spi.Status;

/**
 * A response that is compressed, or not, at the moment its head is decided: when the handler sends a
 * whole body, or when a streamed body outgrows the minimum size, is flushed, or ends.
 *
 * <p>Streamed bodies are held back until they reach the minimum size (at most 64 KiB of it), so that a
 * small streamed body is sent as it is, with a length, and a large one is compressed chunk by chunk: each
 * {@code flush()} of the handler becomes a sync flush of the compressor and reaches the client decodable.
 *
 * <pre>
 *   send(bytes) ----------------------------------&gt; decide(length) -&gt; compressed or plain send
 *   output() -&gt; HOLDING --(over the size, flush)--&gt; decide(unknown) -&gt; STREAMING (encoder or plain)
 *                   \--(close, handler returns)---&gt; decide(held length) -&gt; as send(bytes)
 * </pre>
 */
final class EncodingResponse extends ResponseWrapper {

    private static final int MAX_HELD = 64 * 1024;

    private final AcceptEncoding accept;
    private final Map<String, String> strippedTags;
    private final CodingMiddleware owner;
    private final boolean head;
    private Held output;
    private boolean decided;

    EncodingResponse(Response delegate, AcceptEncoding accept, Map<String, String> strippedTags,
            CodingMiddleware owner, boolean head) {
        super(delegate);
        this.accept = accept;
        this.strippedTags = strippedTags;
        this.owner = owner;
        this.head = head;
    }

    /**
     * A file body: for {@code GET} it streams through {@link #output()} and is compressed as it goes. For
     * {@code HEAD} the file is neither read nor compressed: the head gets what {@code GET}'s would (the
     * coding, {@code Vary}, the suffixed {@code ETag}) and, since the compressed length is not known
     * without the work, no {@code Content-Length}, which is what a long compressed {@code GET} sends too.
     */
    @Override
    public void send(FileChannel file, long position, long count) throws IOException {
        if (!head || output != null) {
            super.send(file, position, count);
            return;
        }
        String coding = decide(count);
        if (coding == null) {
            unwrap().send(file, position, count);
            return;
        }
        markEncoded(coding);
        OutputStream out = unwrap().output();
        out.flush(); // commits a streamed head, which for HEAD carries no length
        out.close();
    }

    @Override
    public void send(byte[] body) throws IOException {
        if (output != null) {
            throw new IllegalStateException("the body is being streamed through output()");
        }
        sendWhole(body, body.length);
    }

    @Override
    public OutputStream output() throws IOException {
        if (output == null) {
            if (unwrap().committed()) {
                return unwrap().output(); // the delegate says whether that is allowed
            }
            output = new Held();
        }
        return output;
    }

    /** Completes the body when the handler returns: a held body is sent, a streamed one finished. */
    void finish() throws IOException {
        if (output != null) {
            output.close();
        } else if (!unwrap().committed() && unwrap().status() == Status.NOT_MODIFIED) {
            decide(0); // a 304 the server completes: its ETag and Vary still need the variant's
        }
    }

    /** Frees the compressor after a failure; the server answers or closes. */
    void abandon() {
        if (output != null) {
            output.release();
        }
    }

    private void sendWhole(byte[] body, int length) throws IOException {
        String coding = decide(length);
        if (coding != null) {
            ContentCoding encoder = owner.coding(coding);
            byte[] encoded;
            if (encoder instanceof DeflateCoding deflate) {
                encoded = deflate.encode(body, 0, length);
            } else {
                DeflateCoding.ByteSink sink = new DeflateCoding.ByteSink(Math.max(64, length / 3));
                try (OutputStream out = encoder.encode(sink)) {
                    out.write(body, 0, length);
                }
                encoded = sink.toByteArray();
            }
            if (encoded.length < length) {
                markEncoded(coding);
                unwrap().send(encoded);
                return;
            }
            // compression did not pay: send as it is (Vary stays, since another body might)
        }
        unwrap().send(length == body.length ? body : java.util.Arrays.copyOf(body, length));
    }

    /**
     * Decides once whether to compress, and adds {@code Vary}. Returns the coding, or null for none.
     *
     * @param length the body's length, or -1 when unknown
     */
    private String decide(long length) {
        if (decided) {
            return null;
        }
        decided = true;
        Headers headers = unwrap().headers();
        int status = unwrap().status();
        Settings settings = owner.settings();
        if (status == Status.NOT_MODIFIED) {
            // a 304 carries the Vary the 200 would have (RFC 9110 section 15.4.5); it rarely has a type
            String type = headers.first("Content-Type");
            if ((type == null || settings.types().matches(type)) && !headers.containsToken("Cache-Control", "no-transform")) {
                addVary(headers);
            }
            restoreTag(headers);
            return null;
        }
        if (status < 200 || status == Status.NO_CONTENT || status == Status.RESET_CONTENT
                || status == Status.PARTIAL_CONTENT
                || headers.contains("Content-Encoding") || headers.contains("Content-Range")) {
            return null;
        }
        String type = headers.first("Content-Type");
        if (type == null || !settings.types().matches(type) || headers.containsToken("Cache-Control", "no-transform")) {
            return null;
        }
        if (length < 0) {
            length = declaredLength(headers);
        }
        if (length >= 0 && length < settings.minSize()) {
            return null;
        }
        addVary(headers);
        if (accept == null) {
            return null; // no Accept-Encoding: plain, as clients that send none are often unable to decode
        }
        String coding = accept.select(owner.available());
        return coding == null || coding.equals(AcceptEncoding.IDENTITY) ? null : coding;
    }

    private void markEncoded(String coding) {
        Headers headers = unwrap().headers();
        headers.set("Content-Encoding", coding);
        headers.remove("Content-Length");
        headers.remove("Accept-Ranges"); // ranges are of the unencoded bytes, and 206 is never encoded
        String etag = headers.first("ETag");
        if (etag != null) {
            headers.set("ETag", ETags.withSuffix(etag, coding));
        }
    }

    /** A 304 for a tag the client had with a coding suffix gets the suffix back, and Vary. */
    private void restoreTag(Headers headers) {
        String etag = headers.first("ETag");
        if (strippedTags == null || etag == null) {
            return;
        }
        String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
        String coding = strippedTags.get(bare);
        if (coding != null) {
            headers.set("ETag", ETags.withSuffix(etag, coding));
            addVary(headers);
        }
    }

    private static void addVary(Headers headers) {
        String vary = headers.first("Vary");
        if (vary == null) {
            headers.set("Vary", "Accept-Encoding");
        } else if (!headers.containsToken("Vary", "Accept-Encoding") && !headers.containsToken("Vary", "*")) {
            headers.set("Vary", String.join(", ", headers.all("Vary")) + ", Accept-Encoding");
        }
    }

    private static long declaredLength(Headers headers) {
        String value = headers.first("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The body stream: holds the start of the body until the decision, then writes through. */
    private final class Held extends OutputStream {
        private byte[] held;
        private int count;
        private OutputStream target;
        private DeflateEncoder ownEncoder;
        private Detachable detachable;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                throw new IOException("response body already closed");
            }
            if (target != null) {
                target.write(b, off, len);
                return;
            }
            int limit = (int) Math.min(MAX_HELD, Math.max(0, owner.settings().minSize()));
            if (count + len <= limit) {
                if (held == null) {
                    held = new byte[Math.min(limit, Math.max(256, len * 2))];
                }
                if (count + len > held.length) {
                    held = java.util.Arrays.copyOf(held, Math.min(limit, Math.max(count + len, held.length * 2)));
                }
                System.arraycopy(b, off, held, count, len);
                count += len;
                return;
            }
            start();
            target.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (closed) {
                return;
            }
            if (target == null) {
                start();
            }
            target.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (target == null) {
                sendWhole(held == null ? new byte[0] : held, count);
            } else {
                target.close();
            }
        }

        /** Decides for a body of unknown length and writes out what was held. */
        private void start() throws IOException {
            String coding = decide(-1);
            if (coding != null) {
                markEncoded(coding); // before output(), which may write the head
            }
            OutputStream out = unwrap().output();
            if (coding == null) {
                target = out;
            } else if (owner.coding(coding) instanceof DeflateCoding deflate) {
                ownEncoder = (DeflateEncoder) deflate.encode(out);
                target = ownEncoder;
            } else {
                // a plugin's encoder writes through a stream that can be cut off, so that after a
                // failure it can be closed (freeing native memory) without finishing the body
                detachable = new Detachable(out);
                target = owner.coding(coding).encode(detachable);
            }
            if (count > 0) {
                target.write(held, 0, count);
            }
            held = null;
        }

        void release() {
            closed = true;
            if (ownEncoder != null) {
                ownEncoder.release();
            } else if (detachable != null) {
                detachable.detached = true;
                try {
                    target.close();
                } catch (IOException | RuntimeException e) {
                    // the response is failing already; the encoder's resources are what matters here
                }
            }
        }
    }

    /** Passes writes on until detached; closing it never closes the response's stream once detached. */
    private static final class Detachable extends java.io.FilterOutputStream {
        private boolean detached;

        Detachable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (!detached) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!detached) {
                out.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (!detached) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (!detached) {
                out.close();
            }
        }
    }
}
