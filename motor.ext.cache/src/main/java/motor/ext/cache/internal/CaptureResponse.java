package motor.ext.cache.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.function.IntPredicate;
import motor.ext.cache.CachedResponse;
import motor.spi.Headers;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.ResponseWrapper;
import motor.spi.Status;

/**
 * The handler's response on a miss or a revalidation: it goes through to the client as it is, and is
 * copied into the store when it may be stored. The decision is taken when the head is complete (a whole
 * body sent, the stream opened, or the handler returned without a body); a streamed body is copied as it
 * passes, up to {@code maxEntrySize}, and stored when the stream closes.
 *
 * <p>On a revalidation a {@code 304} from the handler is not the client's answer: it is kept back (the
 * fields the handler set are taken off the response again) and {@link #notModified()} hands its fields
 * to the cache, which answers from the refreshed stored response.
 *
 * <pre>
 *   send(body) / output() / finish() --304 and revalidating--&gt; kept back
 *                    \--otherwise--&gt; decide: storable? mark MISS -&gt; [copy] -&gt; client -&gt; [store] -&gt; land
 * </pre>
 */
final class CaptureResponse extends ResponseWrapper {

    /**
     * The request attribute the cookies extension's session middleware puts on every request
     * ({@code motor.ext.cookies.Sessions.ATTRIBUTE}): where it is present, the session cookie of a session
     * the handler created is added only as the head commits, after the cache has seen the head.
     */
    static final String SESSION_ATTRIBUTE = "motor.ext.cookies.session";

    private final CacheMiddleware cache;
    private final String key;
    private final Request request;
    private final boolean noStore;
    private final java.time.Instant requestTime;
    private final boolean revalidating;
    private final Runnable land;
    private final Headers before;
    private final int statusBefore;
    /** Whether authentication had established a principal before the cache ran the handler. */
    private final boolean principalBefore;
    /** The cache's invalidation count when the handler began: a later invalidation keeps this out. */
    private final long began;
    /** Tells whether an error status may be replaced by the stale stored response; null if none may. */
    private final IntPredicate staleStandsIn;

    private boolean decided;
    /** The fields to store, once {@link #decide} found the response storable. */
    private List<Headers.Field> captured;
    private List<Headers.Field> kept304;
    /** The error status kept back because the stale stored response stands in for it, or 0. */
    private int keptError;
    private OutputStream stream;

    CaptureResponse(Response delegate, CacheMiddleware cache, String key, Request request, boolean noStore,
            java.time.Instant requestTime, boolean revalidating, Runnable land,
            IntPredicate staleStandsIn) {
        super(delegate);
        this.staleStandsIn = staleStandsIn;
        this.cache = cache;
        this.key = key;
        this.request = request;
        this.noStore = noStore;
        this.requestTime = requestTime;
        this.revalidating = revalidating;
        this.land = land;
        this.before = delegate.headers().copy();
        this.statusBefore = delegate.status();
        this.principalBefore = request.principal().isPresent();
        this.began = cache.began();
    }

    @Override
    public void send(byte[] body) throws IOException {
        if (decided || stream != null) {
            super.send(body); // a second body: the response underneath refuses it
            return;
        }
        if (keepBack()) {
            return;
        }
        String variant = decide();
        if (variant != null && request.attributes().containsKey(SESSION_ATTRIBUTE)) {
            // outer middleware may add a session cookie as the head commits: only what went out without
            // one is stored, and the followers wait until then
            super.send(body);
            if (headers().contains("Set-Cookie")) {
                cache.pass(key);
            } else {
                cache.store(key, response(variant, body), began);
            }
            land.run();
            return;
        }
        if (variant != null) {
            cache.store(key, response(variant, body), began);
        }
        land.run();
        super.send(body);
        if (variant != null && headers().contains("Set-Cookie")) {
            // some other outer middleware added a cookie as the head committed: the body went to that
            // client alone, so the stored copy goes
            cache.store().remove(key);
            cache.pass(key);
        }
    }

    @Override
    public OutputStream output() throws IOException {
        if (stream != null) {
            return stream;
        }
        if (keepBack()) {
            stream = OutputStream.nullOutputStream();
            return stream;
        }
        if (decided) {
            return super.output(); // after send(): the response underneath refuses it
        }
        String variant = decide();
        OutputStream out = super.output();
        if (variant != null && headers().contains("Set-Cookie")) {
            // outer middleware (the session's) added a cookie as the head commits: this body is for one client
            variant = null;
            cache.pass(key);
        }
        if (variant == null) {
            land.run();
            stream = out;
        } else {
            stream = new Copy(out, variant);
        }
        return stream;
    }

    /**
     * Sends a file region. One too big to store (or a response that may not be stored) goes to the
     * response underneath, keeping the server's zero-copy path; a small one passes through
     * {@link #output()} and is copied as any stream.
     */
    @Override
    public void send(FileChannel file, long position, long count) throws IOException {
        if (stream == null && !decided && keepBack()) {
            return;
        }
        if (stream == null && !decided && count > cache.maxEntrySize()) {
            if (decide() != null) {
                cache.pass(key); // storable, but too big
            }
            land.run();
            unwrap().send(file, position, count);
            return;
        }
        super.send(file, position, count);
    }

    /** Gives back what a stream's copy held, if the handler failed before it ended; safe to call twice. */
    void release() {
        if (stream instanceof Copy copy) {
            copy.drop();
        }
    }

    /**
     * Completes the capture when the handler has returned normally: a stream still open is closed (which
     * stores its copy), and a response without a body is decided on.
     *
     * @throws IOException if closing the stream fails
     */
    void finish() throws IOException {
        if (kept304 != null || keptError != 0) {
            return;
        }
        if (stream != null) {
            stream.close();
            return;
        }
        if (keepBack() || decided || unwrap().committed()) {
            return;
        }
        String variant = decide();
        if (variant != null) {
            cache.store(key, response(variant, new byte[0]), began);
        }
        land.run();
    }

    /** {@return the error status kept back for the stale stored response to stand in, or 0} */
    int keptError() {
        return keptError;
    }

    /** {@return the fields of the 304 kept back on a revalidation, or null if the handler sent another} */
    List<Headers.Field> notModified() {
        return kept304;
    }

    /** On a revalidation, keeps a 304 from the client: its fields are taken off the response again. */
    private boolean keepBack() {
        if (kept304 != null || keptError != 0) {
            return true;
        }
        if (decided) {
            return false;
        }
        int status = status();
        if (revalidating && status == Status.NOT_MODIFIED) {
            kept304 = cache.added(headers(), before);
        } else if (staleStandsIn != null && staleStandsIn.test(status)) {
            keptError = status; // an error answer (RFC 5861): the stale stored response goes instead
        } else {
            return false;
        }
        Headers headers = headers();
        headers.clear();
        headers.addAll(before);
        unwrap().status(statusBefore);
        return true;
    }

    /** Decides once whether the response is stored, and marks it; returns its variant key or null. */
    private String decide() {
        decided = true;
        String variant = null;
        if (!noStore) {
            List<Headers.Field> fields = cache.added(headers(), before);
            variant = cache.storable(status(), fields, request);
            if (variant != null && !principalBefore && request.principal().isPresent()) {
                // authentication inside the cache (Auth.require on the route) let this request through: a
                // stored copy would answer later requests without that check
                variant = null;
            }
            if (variant != null) {
                captured = fields;
                // the whole head counts: a cookie outer middleware set before the handler ran would go
                // to one client only, and the stored copy would lack it
                if (headers().contains("Set-Cookie")) {
                    variant = null;
                }
                // likewise a no-store or private that outer middleware set before the handler ran and the
                // handler left in place: the response goes out saying so, and a shared copy would belie it
                CacheControl whole = CacheControl.of(headers());
                if (whole.noStore() || whole.isPrivate()) {
                    variant = null;
                }
            }
            int status = status();
            if (variant == null && status != Status.NOT_MODIFIED && status != Status.PARTIAL_CONTENT
                    && !cache.credentialed(request)) {
                cache.pass(key); // not an answer to this client's conditions: the URL's answers are not stored
            }
        }
        cache.mark(headers(), "MISS");
        return variant;
    }

    private CachedResponse response(String variant, byte[] body) {
        return new CachedResponse(status(), captured, body, variant, requestTime, cache.clock().instant());
    }

    /**
     * Passes the body on and keeps a copy while it fits in an entry and in the cache's budget for copies
     * in progress (so that many concurrent streamed misses cannot hold more than that between them).
     */
    private final class Copy extends OutputStream {
        private final OutputStream out;
        private final String variant;
        private ByteArrayOutputStream copy = new ByteArrayOutputStream(1024);
        private long reserved;
        private boolean closed;

        Copy(OutputStream out, String variant) {
            this.out = out;
            this.variant = variant;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            if (keep(1)) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (keep(len)) {
                copy.write(b, off, len);
            }
        }

        /** Reserves room for {@code more} bytes of copy; drops the copy (and lets followers go) if none. */
        private boolean keep(int more) {
            if (copy == null) {
                return false;
            }
            boolean tooBig = copy.size() + (long) more > cache.maxEntrySize();
            if (tooBig || !cache.reserve(more)) {
                if (tooBig) {
                    cache.pass(key);
                }
                drop();
                land.run();
                return false;
            }
            reserved += more;
            return true;
        }

        void drop() {
            copy = null;
            cache.unreserve(reserved);
            reserved = 0;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                out.close();
                if (copy != null) {
                    cache.store(key, response(variant, copy.toByteArray()), began);
                }
            } finally {
                drop();
                land.run();
            }
        }
    }
}
