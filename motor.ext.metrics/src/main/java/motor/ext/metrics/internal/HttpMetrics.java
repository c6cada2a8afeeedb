package motor.ext.metrics.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import motor.spi.event.ConnectionClosed;
import motor.spi.event.ConnectionOpened;
import motor.spi.event.RequestStarted;
import motor.spi.event.ResponseCompleted;

/**
 * The server's own metrics, fed by its events on the connection threads and read by scrapes. The hot
 * path takes no lock and allocates nothing once a method/status pair has been seen: a
 * {@link LongAdder} per (method, status) created on first use, one per histogram bucket, and a few for
 * the totals.
 *
 * <p>Label cardinality is bounded by construction: methods are the nine of RFC 9110 and RFC 5789 plus
 * {@code other}, statuses the 500 codes from 100 to 599; no label carries a path (the events have no
 * route template, and raw paths would let clients create series at will).
 */
final class HttpMetrics implements Collector {

    static final String REQUESTS = "http_requests_total";
    static final String DURATION = "http_request_duration_seconds";
    static final String BYTES = "http_response_body_bytes_total";
    static final String IN_FLIGHT = "http_requests_in_flight";
    static final String OPEN = "http_connections_open";
    static final String OPENED = "http_connections_opened_total";

    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "CONNECT", "TRACE", "other");
    private static final int OTHER = METHODS.size() - 1;
    private static final int CODES = 500;

    /** Upper bounds of the duration buckets, in nanoseconds, and as the {@code le} label says them. */
    static final long[] BOUNDS = {5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L, 250_000_000L,
            500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L};
    private static final String[] LE = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5",
            "10", "+Inf"};

    private final AtomicReferenceArray<LongAdder> requests = new AtomicReferenceArray<>(METHODS.size() * CODES);
    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder durationNanos = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder started = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder opened = new LongAdder();
    private final LongAdder closed = new LongAdder();

    /** The server's clock ({@code System.nanoTime}, as the events' durations are measured). */
    private final LongSupplier clock;
    /** When this instance was made: before it subscribes, so that nothing it sees begin began earlier. */
    private final long createdAt;

    HttpMetrics() {
        this(System::nanoTime);
    }

    /**
     * Creates the collector.
     *
     * @param clock the clock the server measures durations with; read when a connection or request ends
     */
    HttpMetrics(LongSupplier clock) {
        this.clock = clock;
        this.createdAt = clock.getAsLong();
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /**
     * {@return whether something that ends now after {@code durationNanos} began before this instance}
     * A plugin reload installs the extension into a running server: the connections and requests already
     * under way end under its eyes without having been seen to begin, and counting those ends would pull the
     * open-connection and in-flight gauges below the truth for good.
     */
    private boolean beganBefore(long durationNanos) {
        return clock.getAsLong() - durationNanos < createdAt;
    }

    @Override
    public List<String> names() {
        return List.of(REQUESTS, DURATION, DURATION + "_bucket", DURATION + "_sum", DURATION + "_count", BYTES,
                IN_FLIGHT, OPEN, OPENED);
    }

    void connectionOpened(ConnectionOpened event) {
        opened.increment();
    }

    void connectionClosed(ConnectionClosed event) {
        if (!beganBefore(event.durationNanos())) {
            closed.increment();
        }
    }

    void requestStarted(RequestStarted event) {
        started.increment();
    }

    void responseCompleted(ResponseCompleted event) {
        if (event.method() != null && !event.method().isEmpty() && !beganBefore(event.durationNanos())) {
            // an answer given before a request existed (a malformed head) has no method and had no
            // RequestStarted either
            completed.increment();
        }
        int status = event.status();
        if (status >= 100 && status < 600) {
            int index = methodIndex(event.method()) * CODES + status - 100;
            LongAdder adder = requests.get(index);
            if (adder == null) {
                requests.compareAndSet(index, null, new LongAdder());
                adder = requests.get(index);
            }
            adder.increment();
        }
        long nanos = Math.max(0, event.durationNanos());
        int bucket = 0;
        while (bucket < BOUNDS.length && nanos > BOUNDS[bucket]) {
            bucket++;
        }
        buckets[bucket].increment();
        durationNanos.add(nanos);
        bytes.add(Math.max(0, event.bodyBytes()));
    }

    static int methodIndex(String method) {
        if (method == null) {
            return OTHER;
        }
        return switch (method) {
            case "GET" -> 0;
            case "HEAD" -> 1;
            case "POST" -> 2;
            case "PUT" -> 3;
            case "DELETE" -> 4;
            case "PATCH" -> 5;
            case "OPTIONS" -> 6;
            case "CONNECT" -> 7;
            case "TRACE" -> 8;
            default -> OTHER;
        };
    }

    @Override
    public void write(StringBuilder out) {
        Exposition.header(out, REQUESTS, "HTTP requests answered, by method and status code", "counter");
        for (int m = 0; m < METHODS.size(); m++) {
            for (int c = 0; c < CODES; c++) {
                LongAdder adder = requests.get(m * CODES + c);
                if (adder != null) {
                    Exposition.sample(out, REQUESTS, "method=\"" + METHODS.get(m) + "\",code=\"" + (c + 100) + "\"",
                            adder.sum());
                }
            }
        }
        Exposition.header(out, DURATION, "Time from the end of the request head to the end of the response",
                "histogram");
        long cumulative = 0;
        for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i].sum();
            Exposition.sample(out, DURATION + "_bucket", "le=\"" + LE[i] + "\"", cumulative);
        }
        Exposition.sample(out, DURATION + "_sum", "", durationNanos.sum() / 1e9);
        Exposition.sample(out, DURATION + "_count", "", cumulative);
        Exposition.header(out, BYTES, "Response body bytes sent, after content coding", "counter");
        Exposition.sample(out, BYTES, "", bytes.sum());
        Exposition.header(out, IN_FLIGHT, "Requests being handled", "gauge");
        // completions first: read in this order, a request counted as completed was counted as started
        long done = completed.sum();
        Exposition.sample(out, IN_FLIGHT, "", Math.max(0, started.sum() - done));
        Exposition.header(out, OPEN, "Connections open now", "gauge");
        long closedNow = closed.sum();
        Exposition.sample(out, OPEN, "", Math.max(0, opened.sum() - closedNow));
        Exposition.header(out, OPENED, "Connections accepted", "counter");
        Exposition.sample(out, OPENED, "", opened.sum());
    }
}
