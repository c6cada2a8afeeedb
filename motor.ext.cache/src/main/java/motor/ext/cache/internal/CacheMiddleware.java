package motor.ext.cache.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import motor.ext.cache.CacheStore;
import motor.ext.cache.CachedResponse;
import motor.spi.Handler;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Method;
import motor.spi.Middleware;
import motor.spi.Preconditions;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Status;

/**
 * The response cache, innermost in the chain (just before the router), for the configured paths.
 *
 * <pre>
 *   GET/HEAD under a prefix, no Upgrade that can switch protocols
 *     lookup(url, Vary + forwarding fields) --fresh (or stale within max-stale)--&gt; serve: HIT / STALE
 *        |  (a single Range of a stored 200: 206; only-if-cached: 504)
 *        +--Range--&gt; handler, nothing stored: BYPASS
 *        +--HEAD--&gt; handler, nothing stored: MISS
 *        +--coalesce: a leader runs for this url? wait for it (bounded), look up again --&gt; HIT
 *        +--stale with ETag/Last-Modified--&gt; handler with If-None-Match/If-Modified-Since
 *        |        304: the stored response, refreshed with the 304's fields: REVALIDATED
 *        |        else: as a miss
 *        |        the handler fails (throws, or answers 500/502/503/504) and stale-if-error allows:
 *        |            the stored response: STALE
 *        +--miss--&gt; handler; its response goes to the client and, if storable, to the store: MISS
 *   unsafe method under a prefix, answered 2xx/3xx --&gt; the url's entries are dropped, and responses
 *        to requests for it already running are not stored
 *   anything else --&gt; passes through untouched
 * </pre>
 *
 * <p>A response is stored (RFC 9111 section 3, as a shared cache, heuristics off) when the request is
 * {@code GET} without {@code no-store}; its status is final and not 206 or 304; it has no
 * {@code no-store}, no {@code private} (not even malformed, nor set by outer middleware), no
 * {@code Set-Cookie} (not even one a session adds as the head commits), no {@code Content-Range}, and
 * is not {@code text/event-stream}; no authentication inside the cache let its request through; it states a
 * lifetime ({@code s-maxage}, {@code max-age}, {@code Expires}) or says {@code public}; its
 * {@code Vary} is not {@code *} and names at most {@link Vary#MAX_FIELDS} fields; a request with
 * credentials (see {@link #credentialed}) needs {@code public}, {@code s-maxage} or
 * {@code must-revalidate} too (section 3.5), and only such responses answer those requests from the
 * store; it can be served at some point (fresh for a while, or
 * with a validator); its body is whole, sent with {@code send} or a stream that ends within
 * {@code maxEntrySize}. What is stored is the fields the handler set (not those outer middleware set
 * before it ran) without the framing ones.
 */
final class CacheMiddleware implements Middleware {

    /** Fields never stored: framing and hop-by-hop ones the server writes for each response itself. */
    private static final String[] NOT_STORED = {"Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive",
        "Proxy-Connection", "Upgrade", "TE", "Trailer"};
    /** Fields a 304 made from a stored response carries (RFC 9110 section 15.4.5). */
    private static final String[] NOT_MODIFIED_FIELDS = {"Cache-Control", "Content-Location", "ETag", "Expires",
        "Vary"};

    private final Settings settings;
    private final Supplier<CacheStore> provided;
    private final InstantSource clock;
    private final Flights flights = new Flights();
    private final ReentrantLock storeLock = new ReentrantLock();
    private volatile CacheStore store;
    /** How long a URL whose response could not be stored is not coalesced. */
    static final long PASS_MILLIS = 5_000;
    private static final int MAX_PASSES = 4_096;
    /**
     * The longest URL remembered as not storable. With the core's defaults a key can be about 24 KiB (a
     * 16 KiB {@code Host} and an 8 KiB target); remembering thousands of such keys, made up by a client,
     * would take memory outside {@code maxSize}. A longer URL is simply coalesced as any other.
     */
    static final int MAX_PASS_KEY = 1_024;
    /** URLs whose last response could not be stored, with the time until which they are not coalesced. */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> passes = new java.util.concurrent.ConcurrentHashMap<>();
    /** Counts successful unsafe requests to cached URLs. */
    private final AtomicLong invalidationCount = new AtomicLong();
    /** URLs that an unsafe request invalidated, with the count then, for the responses still in flight. */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> invalidations =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** The count when the invalidations were last forgotten: everything begun before counts as invalidated. */
    private volatile long invalidatedAll = Long.MIN_VALUE;
    /** Bytes held by copies of streamed bodies in progress. */
    private final AtomicLong copying = new AtomicLong();

    /**
     * @param settings the settings
     * @param provided finds a store another extension provided, or returns null; asked once, at the first
     *                 request
     * @param clock    the time
     */
    CacheMiddleware(Settings settings, Supplier<CacheStore> provided, InstantSource clock) {
        this.settings = settings;
        this.provided = provided;
        this.clock = clock;
    }

    @Override
    public void handle(Request request, Response response, Handler next) throws Exception {
        String method = request.method();
        boolean head = Method.HEAD.equals(method);
        if (!head && !Method.GET.equals(method)) {
            next.handle(request, response);
            if (!isSafe(method) && response.status() >= 200 && response.status() < 400
                    && settings.paths().matches(request)) {
                invalidate(key(request)); // RFC 9111 section 4.4
            }
            return;
        }
        if (!settings.paths().matches(request)) {
            next.handle(request, response);
            return;
        }
        if (switchesProtocol(request)) {
            next.handle(request, response); // a WebSocket handshake, say: nothing to cache
            return;
        }
        String key = key(request);
        CacheControl directives = requestDirectives(request.headers());
        Found found = lookup(key, request, directives);
        if (request.headers().contains("Range")) {
            if (found != null && found.usable()) {
                // answered from the store like any other request, so that a Range cannot force the handler
                // to run; a single range of a stored 200 gets its 206 (RFC 9110 section 14.2)
                serve(found.response(), found.age(), request, response, found.stale() ? "STALE" : "HIT");
                return;
            }
            if (directives.onlyIfCached()) {
                throw new HttpException(Status.GATEWAY_TIMEOUT, "the response is not in the cache (only-if-cached)");
            }
            // otherwise ranges are the handler's to serve; a 206 is never stored
            mark(response.headers(), "BYPASS");
            next.handle(request, response);
            return;
        }
        if (found != null && found.usable()) {
            serve(found.response(), found.age(), request, response, found.stale() ? "STALE" : "HIT");
            return;
        }
        if (directives.onlyIfCached()) {
            throw new HttpException(Status.GATEWAY_TIMEOUT, "the response is not in the cache (only-if-cached)");
        }
        if (head) {
            mark(response.headers(), "MISS"); // a HEAD response has no body to store
            next.handle(request, response);
            return;
        }
        Flights.Flight flight = null;
        if (settings.coalesce() && !passing(key)) {
            // a request whose own answer would likely not be stored follows a leader but never leads:
            // no-store, credentials, or conditionals that the handler answers with a 304 on a miss
            boolean mayLead = !directives.noStore() && !credentialed(request)
                    && (found != null || !request.headers().contains("If-None-Match")
                            && !request.headers().contains("If-Modified-Since"));
            long deadline = System.nanoTime() + settings.coalesceTimeout().toNanos();
            while (true) {
                flight = mayLead ? flights.takeOff(key) : flights.follow(key);
                if (flight == null || flight.leader()) {
                    break;
                }
                long remaining = deadline - System.nanoTime();
                boolean leaderFailed = remaining > 0 && flight.await(Duration.ofNanos(remaining))
                        && flight.failed();
                flight = null;
                found = lookup(key, request, directives);
                if (found != null && found.usable()) {
                    serve(found.response(), found.age(), request, response, found.stale() ? "STALE" : "HIT");
                    return;
                }
                if (!leaderFailed || passing(key)) {
                    // the leader's response was not storable, not for this variant, or not ready in time
                    break;
                }
                // the leader's handler failed: one of its followers tries next while the others wait for
                // it again (within the same timeout), instead of all of them hitting a failing backend
            }
        }
        Flights.Flight leading = flight;
        Runnable land = leading == null ? () -> { } : () -> flights.land(key, leading);
        // what the response looked like before the handler, to answer with a stale copy if it fails
        Headers headersBefore = found != null ? response.headers().copy() : null;
        int statusBefore = response.status();
        try {
            if (found != null && found.validatable()) {
                revalidate(key, found, request, response, next, directives, land);
            } else {
                fetch(key, request, response, next, directives, land, found);
            }
        } catch (Exception failure) {
            if (leading != null && !(failure instanceof HttpException e && e.status() < 500)) {
                leading.fail(); // a 4xx it throws is the handler's answer, not a failure
            }
            if (found == null || response.committed() || !staleIfError(found.response(), directives, failure)) {
                throw failure;
            }
            response.headers().clear();
            response.headers().addAll(headersBefore);
            response.status(statusBefore);
            serve(found.response(), Freshness.currentAge(found.response(), clock.instant()), request, response,
                    "STALE");
        } finally {
            land.run();
        }
    }

    /**
     * Tells whether a stale stored response may stand in for a failed handler (RFC 5861): the failure is
     * a server error (not a 4xx the handler chose), the response or the request allows it with
     * {@code stale-if-error}, the staleness is within that, and the response does not forbid stale use
     * ({@code must-revalidate}, {@code proxy-revalidate}, {@code s-maxage}).
     */
    private boolean staleIfError(CachedResponse stored, CacheControl directives, Exception failure) {
        if (failure instanceof HttpException e && e.status() < 500) {
            return false;
        }
        return staleIfError(stored, directives);
    }

    /** As above, for a handler that answered with an error status instead of throwing. */
    private boolean staleIfError(CachedResponse stored, CacheControl directives) {
        CacheControl control = CacheControl.of(stored.headers());
        if (control.mustRevalidate() || control.sMaxAge() != CacheControl.ABSENT || control.noCache()) {
            return false;
        }
        long allowed = Math.max(control.staleIfError(), directives.staleIfError());
        if (allowed < 0) {
            return false;
        }
        long staleness = Freshness.currentAge(stored, clock.instant()) - Freshness.lifetime(stored, control);
        return staleness <= allowed * 1000;
    }

    /** Runs the handler; its response goes through to the client and, when storable, into the store. */
    private void fetch(String key, Request request, Response response, Handler next, CacheControl directives,
            Runnable land, Found found) throws Exception {
        CaptureResponse capture = new CaptureResponse(response, this, key, request, directives.noStore(),
                clock.instant(), false, land, standIn(found, directives));
        try {
            next.handle(request, capture);
            capture.finish();
        } finally {
            capture.release();
        }
        failIfKeptBack(capture);
    }

    /**
     * {@return what tells whether the handler's error status (500, 502, 503, 504: RFC 5861 section 4) is
     * replaced by the stale stored response, or null when there is none that could stand in}
     */
    private IntPredicate standIn(Found found, CacheControl directives) {
        if (found == null) {
            return null;
        }
        return status -> (status == 500 || status == 502 || status == 503 || status == 504)
                && staleIfError(found.response(), directives);
    }

    /** Turns an error status the capture kept back into the failure that lets the stale response stand in. */
    private static void failIfKeptBack(CaptureResponse capture) {
        if (capture.keptError() != 0) {
            throw new HttpException(capture.keptError(), "the handler answered with an error");
        }
    }

    /**
     * Asks the handler whether the stored response is still good, with its validators. A 304 refreshes
     * it (RFC 9111 section 4.3.4) and the client gets it from the store; a full response replaces it.
     */
    private void revalidate(String key, Found found, Request request, Response response, Handler next,
            CacheControl directives, Runnable land) throws Exception {
        CachedResponse stored = found.response();
        String etag = stored.header("ETag");
        Instant requestTime = clock.instant();
        long began = began();
        Request conditional = new ConditionalRequest(request, etag, stored.header("Last-Modified"));
        CaptureResponse capture = new CaptureResponse(response, this, key, request, directives.noStore(),
                requestTime, true, land, standIn(found, directives));
        try {
            next.handle(conditional, capture);
            capture.finish();
        } finally {
            capture.release();
        }
        failIfKeptBack(capture);
        List<Headers.Field> update = capture.notModified();
        if (update == null) {
            return; // a full response, already sent (and stored if it could be)
        }
        String newTag = first(update, "ETag");
        if (newTag != null && etag != null && !newTag.equals(etag)) {
            // the 304 validates some other response than ours: it cannot be used (section 4.3.4)
            store().remove(key);
            fetch(key, request, response, next, directives, land, found);
            return;
        }
        CachedResponse refreshed = new CachedResponse(stored.status(), merge(stored.headers(), update), stored.body(),
                stored.variantKey(), requestTime, clock.instant());
        if (!directives.noStore() && storable(refreshed.status(), refreshed.headers(), request) != null) {
            putUnlessInvalidated(key, refreshed, began);
        } else {
            store().remove(key);
        }
        land.run();
        serve(refreshed, Freshness.currentAge(refreshed, clock.instant()), request, response, "REVALIDATED");
    }

    /** Answers from a stored response, evaluating the client's own conditionals against it. */
    private void serve(CachedResponse stored, long ageMillis, Request request, Response response, String outcome)
            throws java.io.IOException {
        int precondition = Preconditions.PROCEED;
        if (stored.status() >= 200 && stored.status() < 300) {
            String lastModified = stored.header("Last-Modified");
            precondition = Preconditions.evaluate(request, stored.header("ETag"),
                    lastModified == null ? null : Preconditions.parseDate(lastModified));
        }
        if (precondition == Status.PRECONDITION_FAILED) {
            throw new HttpException(Status.PRECONDITION_FAILED, "a precondition of the request does not hold");
        }
        Headers headers = response.headers();
        if (precondition == Status.NOT_MODIFIED) {
            for (String name : NOT_MODIFIED_FIELDS) {
                List<String> values = all(stored.headers(), name);
                if (!values.isEmpty()) {
                    headers.remove(name);
                    for (String value : values) {
                        headers.add(name, value);
                    }
                }
            }
        } else {
            replay(stored.headers(), headers);
        }
        headers.set("Age", Long.toString(Math.min(ageMillis / 1000, CacheControl.MAX_DELTA)));
        mark(headers, outcome);
        if (precondition == Status.NOT_MODIFIED) {
            response.status(Status.NOT_MODIFIED); // the server completes it without a body
            return;
        }
        byte[] body = stored.body();
        if (stored.status() == Status.OK && Method.GET.equals(request.method())
                && request.headers().count("Range") == 1 && Preconditions.rangeApplies(request, stored.header("ETag"),
                        parseDate(stored.header("Last-Modified")))) {
            long[] range = singleRange(request.headers().first("Range"), body.length);
            if (range == UNSATISFIABLE) {
                // an error of its own, without the stored fields (its Cache-Control is not the 416's)
                throw new HttpException(Status.RANGE_NOT_SATISFIABLE, "the range is beyond the end of the body")
                        .header("Content-Range", "bytes */" + body.length);
            }
            if (range != null) {
                headers.set("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + body.length);
                response.status(Status.PARTIAL_CONTENT);
                response.send(Arrays.copyOfRange(body, (int) range[0], (int) range[1] + 1));
                return;
            }
            // several ranges, or one that is not understood: the whole body, which is always correct
        }
        response.status(stored.status());
        response.send(body);
    }

    /** The answer of {@link #singleRange} for a well-formed range that starts beyond the body. */
    private static final long[] UNSATISFIABLE = new long[0];

    /**
     * Reads a {@code Range} value of one byte range (RFC 9110 section 14.1.2): {@code bytes=A-B},
     * {@code bytes=A-} or {@code bytes=-N}.
     *
     * @param value  the field value
     * @param length the length of the body
     * @return the first and last positions, {@link #UNSATISFIABLE}, or null for anything else (several
     *         ranges, another unit, a malformed value), which is answered with the whole body
     */
    static long[] singleRange(String value, long length) {
        String v = value.strip();
        if (!v.regionMatches(true, 0, "bytes=", 0, 6) || v.indexOf(',') >= 0) {
            return null;
        }
        String spec = v.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String from = spec.substring(0, dash).strip();
        String to = spec.substring(dash + 1).strip();
        if (from.isEmpty()) { // the last N bytes
            long suffix = digits(to);
            if (suffix < 0) {
                return null;
            }
            return suffix == 0 || length == 0 ? UNSATISFIABLE : new long[] {Math.max(0, length - suffix), length - 1};
        }
        long first = digits(from);
        long last = to.isEmpty() ? length - 1 : digits(to);
        if (first < 0 || last < 0 || !to.isEmpty() && last < first) {
            return null;
        }
        if (first >= length) {
            return UNSATISFIABLE;
        }
        return new long[] {first, Math.min(last, length - 1)};
    }

    /** {@return the value of 1 to 18 ASCII digits, or -1} */
    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Instant parseDate(String value) {
        return value == null ? null : Preconditions.parseDate(value);
    }

    /** The stored fields replace any of the same names already set (by outer middleware, before). */
    private void replay(List<Headers.Field> fields, Headers headers) {
        List<String> replaced = new ArrayList<>(fields.size());
        for (Headers.Field field : fields) {
            String name = field.name();
            if (Headers.equalsIgnoreCase(name, "Date") || Headers.equalsIgnoreCase(name, "Age")) {
                continue; // the server writes its own Date; the Age is worked out here
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (!replaced.contains(lower)) {
                replaced.add(lower);
                headers.remove(name);
            }
            headers.add(name, field.value());
        }
    }

    // ---- looking up

    /**
     * What the store has for a request.
     *
     * @param response    the stored response whose variant matches
     * @param age         its current age, ms
     * @param usable      whether it may answer the request as it is
     * @param stale       whether it is stale (served only within the client's max-stale)
     * @param validatable whether it may be revalidated instead (it has a validator)
     */
    private record Found(CachedResponse response, long age, boolean usable, boolean stale, boolean validatable) {
    }

    private Found lookup(String key, Request request, CacheControl directives) {
        List<CachedResponse> variants = store().get(key);
        if (variants.isEmpty()) {
            return null;
        }
        CachedResponse match = null;
        for (CachedResponse variant : variants) {
            List<String> names = Vary.namesOf(variant.headers());
            if (names != Vary.UNCACHEABLE && Vary.variantKey(names, request.headers(), request.authority()).equals(variant.variantKey())
                    && (match == null || variant.responseTime().isAfter(match.responseTime()))) {
                match = variant;
            }
        }
        if (match == null) {
            return null;
        }
        Instant now = clock.instant();
        CacheControl control = CacheControl.of(match.headers());
        if (!shareable(control) && credentialed(request)) {
            // the application may answer a signed-in user differently without saying Vary: only what it
            // declared the same for everyone is used for requests with credentials
            return null;
        }
        long age = Freshness.currentAge(match, now);
        long lifetime = Freshness.lifetime(match, control);
        boolean fresh = lifetime > age;
        boolean validatable = match.header("ETag") != null || match.header("Last-Modified") != null;
        if (control.noCache() || directives.noCache()) {
            return new Found(match, age, false, !fresh, validatable);
        }
        if (directives.maxAge() >= 0 && age > directives.maxAge() * 1000) {
            return new Found(match, age, false, !fresh, validatable);
        }
        if (fresh) {
            boolean enough = directives.minFresh() < 0 || lifetime - age >= directives.minFresh() * 1000;
            return new Found(match, age, enough, false, validatable);
        }
        // stale: served only if the client accepts it and the response does not forbid it (s-maxage
        // implies proxy-revalidate, RFC 9111 section 5.2.2.10)
        boolean acceptable = directives.maxStale() >= 0 && !control.mustRevalidate()
                && control.sMaxAge() == CacheControl.ABSENT
                && (directives.maxStale() == Long.MAX_VALUE || age - lifetime <= directives.maxStale() * 1000);
        return new Found(match, age, acceptable, true, validatable);
    }

    /** The request's directives as far as they are honoured; {@code Pragma: no-cache} without them. */
    private CacheControl requestDirectives(Headers headers) {
        CacheControl directives = CacheControl.of(headers);
        if (directives == CacheControl.NONE && headers.containsToken("Pragma", "no-cache")) {
            directives = CacheControl.parse("no-cache"); // RFC 9111 section 5.4
        }
        if (!settings.clientDirectives() && directives != CacheControl.NONE) {
            return directives.noStore() ? CacheControl.parse("no-store") : CacheControl.NONE;
        }
        return directives;
    }

    // ---- storing

    /**
     * Decides whether a response may be stored, at the moment its head is complete.
     *
     * @param status  its status
     * @param fields  the fields the handler set
     * @param request the request (its credentials and Vary fields)
     * @return the variant key to store it under, or null if it may not be stored
     */
    String storable(int status, List<Headers.Field> fields, Request request) {
        if (status < 200 || status == Status.PARTIAL_CONTENT || status == Status.NOT_MODIFIED || status > 599) {
            return null;
        }
        if (first(fields, "Set-Cookie") != null || first(fields, "Content-Range") != null) {
            return null;
        }
        if (isEventStream(first(fields, "Content-Type"))) {
            return null; // a live stream of events: copying it would hold its followers until it ends
        }
        CacheControl control = CacheControl.of(fields);
        if (control.noStore() || control.isPrivate()) {
            return null;
        }
        if (!Freshness.explicit(control, first(fields, "Expires")) && !control.isPublic()) {
            return null; // no heuristic freshness (RFC 9111 section 4.2.2)
        }
        if (!shareable(control) && credentialed(request)) {
            return null; // RFC 9111 section 3.5
        }
        List<String> vary = Vary.namesOf(fields);
        if (vary == Vary.UNCACHEABLE) {
            return null;
        }
        return Vary.variantKey(vary, request.headers(), request.authority());
    }

    /**
     * Stores a complete response, unless it could never be served: without a validator it must be fresh
     * for a while and not {@code no-cache}.
     */
    void store(String key, CachedResponse response, long began) {
        if (response.body().length > settings.maxEntrySize()) {
            pass(key);
            return;
        }
        if (response.header("ETag") == null && response.header("Last-Modified") == null) {
            CacheControl control = CacheControl.of(response.headers());
            if (control.noCache() || Freshness.lifetime(response, control) <= Freshness.currentAge(response,
                    response.responseTime())) {
                pass(key);
                return;
            }
        }
        putUnlessInvalidated(key, response, began);
        passes.remove(key);
    }

    /**
     * Stores a response unless an unsafe request to its URL succeeded after the request that produced it
     * began: a slow GET that read the old state must not put it back after a PUT or DELETE dropped it.
     */
    private void putUnlessInvalidated(String key, CachedResponse response, long began) {
        if (invalidatedSince(key, began)) {
            return;
        }
        store().put(key, response);
        if (invalidatedSince(key, began)) {
            store().remove(key); // the invalidation came in between: it wins
        }
    }

    /** {@return the invalidation count now, which a request notes when the handler starts for it} */
    long began() {
        return invalidationCount.get();
    }

    /** Drops a URL's entries after a successful unsafe request, and remembers when, for those in flight. */
    void invalidate(String key) {
        long count = invalidationCount.incrementAndGet();
        if (key.length() > MAX_PASS_KEY || invalidations.size() >= MAX_PASSES) {
            // bounded: past that, every response in flight counts as produced before an invalidation
            invalidations.clear();
            invalidatedAll = count;
        } else {
            invalidations.merge(key, count, Math::max);
        }
        store().remove(key);
    }

    /** {@return whether the URL was invalidated after the handler began (at invalidation count {@code began})} */
    private boolean invalidatedSince(String key, long began) {
        if (invalidatedAll > began) {
            return true;
        }
        Long at = invalidations.get(key);
        return at != null && at > began;
    }

    /** {@return whether a Content-Type value names {@code text/event-stream}, in any case, with any parameters} */
    static boolean isEventStream(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return type.equalsIgnoreCase("text/event-stream");
    }

    /**
     * {@return whether a response says it may be shared even with requests that carry credentials:
     * {@code public}, {@code s-maxage} or {@code must-revalidate} (RFC 9111 section 3.5)}
     */
    private static boolean shareable(CacheControl control) {
        return control.isPublic() || control.sMaxAge() != CacheControl.ABSENT || control.mustRevalidate();
    }

    /**
     * {@return whether the request carries credentials: {@code Authorization}, a principal that
     * authentication established, or (unless configured otherwise) a {@code Cookie}}
     */
    boolean credentialed(Request request) {
        Headers headers = request.headers();
        return headers.contains("Authorization") || request.principal().isPresent()
                || settings.cookieCredentials() && headers.contains("Cookie");
    }

    /**
     * {@return the fields of {@code current} that are not in {@code before} (each field of {@code before}
     * cancels one equal field), without those never stored and the outcome header}
     */
    List<Headers.Field> added(Headers current, Headers before) {
        boolean[] used = new boolean[before.size()];
        List<Headers.Field> fields = new ArrayList<>(current.size());
        outer:
        for (int i = 0; i < current.size(); i++) {
            String name = current.name(i);
            String value = current.value(i);
            for (int j = 0; j < used.length; j++) {
                if (!used[j] && Headers.equalsIgnoreCase(before.name(j), name) && before.value(j).equals(value)) {
                    used[j] = true;
                    continue outer;
                }
            }
            if (!isNotStored(name)) {
                fields.add(new Headers.Field(name, value));
            }
        }
        return fields;
    }

    private boolean isNotStored(String name) {
        for (String excluded : NOT_STORED) {
            if (Headers.equalsIgnoreCase(excluded, name)) {
                return true;
            }
        }
        return settings.header() != null && Headers.equalsIgnoreCase(settings.header(), name);
    }

    /** The fields of a 304 replace those of the same name in the stored response (RFC 9111 section 3.2). */
    private static List<Headers.Field> merge(List<Headers.Field> stored, List<Headers.Field> update) {
        List<Headers.Field> merged = new ArrayList<>(stored.size() + update.size());
        for (Headers.Field field : stored) {
            if (first(update, field.name()) == null) {
                merged.add(field);
            }
        }
        merged.addAll(update);
        return merged;
    }

    /** Puts the outcome header on a response, when one is configured. */
    void mark(Headers headers, String outcome) {
        if (settings.header() != null) {
            headers.set(settings.header(), outcome);
        }
    }

    /**
     * Remembers for {@link #PASS_MILLIS} that a URL's response could not be stored, so that requests for
     * it are not held back waiting for one another meanwhile: an uncacheable route under a cached path
     * would otherwise make every burst wait for a leader and then run the handler anyway.
     *
     * @param key the URL
     */
    void pass(String key) {
        if (key.length() > MAX_PASS_KEY) {
            return; // bounded: MAX_PASSES keys of at most MAX_PASS_KEY characters
        }
        if (passes.size() >= MAX_PASSES) {
            passes.clear(); // bounded: forgetting only costs some waiting
        }
        passes.put(key, clock.millis() + PASS_MILLIS);
    }

    boolean passing(String key) {
        Long until = passes.get(key);
        if (until == null) {
            return false;
        }
        if (until > clock.millis()) {
            return true;
        }
        passes.remove(key, until);
        return false;
    }

    /**
     * Reserves room for bytes of a streamed body being copied; all copies in progress together stay
     * within {@code maxSize}.
     *
     * @param bytes how many more bytes
     * @return whether there was room
     */
    boolean reserve(long bytes) {
        long now = copying.addAndGet(bytes);
        if (now > settings.maxSize()) {
            copying.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** Gives back reserved room. */
    void unreserve(long bytes) {
        if (bytes != 0) {
            copying.addAndGet(-bytes);
        }
    }

    /** {@return the bytes of streamed bodies being copied now, for tests} */
    long copying() {
        return copying.get();
    }

    /** {@return the largest body stored} */
    long maxEntrySize() {
        return settings.maxEntrySize();
    }

    InstantSource clock() {
        return clock;
    }

    /** {@return the store: the one another extension provided, or an in-memory one} */
    CacheStore store() {
        CacheStore current = store;
        if (current != null) {
            return current;
        }
        storeLock.lock();
        try {
            if (store == null) {
                CacheStore found = provided.get();
                store = found != null ? found : new MemoryStore(settings.maxSize(), settings.maxVariants());
            }
            return store;
        } finally {
            storeLock.unlock();
        }
    }

    Flights flights() {
        return flights;
    }

    /** {@return the URL a request is filed under: scheme, authority (lower case), path and query as sent} */
    static String key(Request request) {
        String query = request.rawQuery();
        String target = query == null ? request.path() : request.path() + "?" + query;
        return CacheStore.key(request.scheme(), request.authority(), target);
    }

    private static boolean isSafe(String method) {
        return Method.GET.equals(method) || Method.HEAD.equals(method) || Method.OPTIONS.equals(method)
                || "TRACE".equals(method);
    }

    static String first(List<Headers.Field> fields, String name) {
        for (Headers.Field field : fields) {
            if (Headers.equalsIgnoreCase(field.name(), name)) {
                return field.value();
            }
        }
        return null;
    }

    private static List<String> all(List<Headers.Field> fields, String name) {
        List<String> values = null;
        for (Headers.Field field : fields) {
            if (Headers.equalsIgnoreCase(field.name(), name)) {
                if (values == null) {
                    values = new ArrayList<>(2);
                }
                values.add(field.value());
            }
        }
        return values == null ? List.of() : values;
    }

    /**
     * {@return whether the request asks to switch to a protocol the application may accept} An offer of
     * {@code h2c} alone is not one: the JDK's HttpClient adds it to every cleartext HTTP/1.1 request
     * unless told to speak HTTP/1.1 only, and an HTTP/1.1 server that declines answers it as a plain GET,
     * which the cache must then treat like any other.
     */
    static boolean switchesProtocol(Request request) {
        // without the connection option no protocol is switched (RFC 9110 section 7.8; the WebSocket
        // handshake requires it too), and an HTTP/1.0 server ignores Upgrade: such a request is an
        // ordinary one, which a stray Upgrade field must not turn into a way to make the handler run
        if (!request.headers().containsToken("Connection", "upgrade") || "HTTP/1.0".equals(request.protocol())) {
            return false;
        }
        for (String value : request.headers().all("Upgrade")) {
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                String token = value.substring(start, end).strip();
                if (!token.isEmpty() && !token.equalsIgnoreCase("h2c")) {
                    return true;
                }
                start = end + 1;
            }
        }
        return false;
    }
}
