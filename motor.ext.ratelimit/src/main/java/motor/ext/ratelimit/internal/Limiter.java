package motor.ext.ratelimit.internal;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One rate limit over many keys, as a token bucket kept in the form of the generic cell rate algorithm:
 * per key a single number, the time at which the bucket would be full again (the "theoretical arrival
 * time"), updated with a compare-and-set. A request is admitted when admitting it would not push that time
 * more than {@code capacity} emission intervals past now.
 *
 * <p>Keys whose bucket is full again carry no information and are dropped by {@link #sweep()}. The table
 * holds at most {@code maxKeys} keys; when it is full even after a sweep, requests with new keys are
 * admitted without being counted (the limiter fails open rather than refusing clients it cannot track),
 * and {@link #untracked()} counts them.
 */
final class Limiter {

    /**
     * What the limiter decided for one request.
     *
     * @param allowed    whether the request may proceed
     * @param remaining  requests the key could still make at once
     * @param resetNanos time until the key's bucket is full again
     * @param retryNanos when refused, the time until one request would be admitted
     */
    record Decision(boolean allowed, long remaining, long resetNanos, long retryNanos) {
    }

    private final long interval; // nanoseconds per request at the sustained rate
    private final long capacity;
    private final long tolerance; // capacity * interval
    private final int maxKeys;
    private final LongSupplier clock;
    private final Map<String, AtomicLong> table = new ConcurrentHashMap<>();
    private final AtomicLong untracked = new AtomicLong();
    /** When a new key last set off a sweep; {@code Long.MIN_VALUE} before the first time. */
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE);

    /**
     * How often new keys set off a sweep, so that idle keys are forgotten even without a sweeper thread
     * (as for {@code RateLimit.perClient}): one scan per half minute at most, paid by a request.
     */
    private static final long SWEEP_EVERY = 30_000_000_000L;

    /**
     * How long a full table is left unswept after a sweep. Sweeping is a scan of the whole table: without
     * this pause, a table filled with busy keys would be scanned for every request with a new key, which a
     * client sending many new keys could use to burn the server's CPU.
     */
    private static final long FULL_SWEEP_PAUSE = 1_000_000_000L;

    /**
     * @param limit    requests per window at the sustained rate, at least 1
     * @param window   the window
     * @param capacity the burst: requests admitted at once from a full bucket, at least 1
     * @param maxKeys  the most keys tracked
     * @param clock    a monotonic clock in nanoseconds
     */
    Limiter(long limit, Duration window, long capacity, int maxKeys, LongSupplier clock) {
        this.interval = Math.max(1, window.toNanos() / limit);
        this.capacity = capacity;
        this.tolerance = Math.multiplyExact(capacity, interval);
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    Decision acquire(String key) {
        long now = clock.getAsLong();
        AtomicLong state = table.get(key);
        if (state == null) {
            boolean full = table.size() >= maxKeys;
            long last = lastSweep.get();
            if ((last == Long.MIN_VALUE || now - last >= (full ? FULL_SWEEP_PAUSE : SWEEP_EVERY))
                    && lastSweep.compareAndSet(last, now)) {
                sweep(now);
            }
            if (full && table.size() >= maxKeys) {
                untracked.incrementAndGet();
                return new Decision(true, capacity - 1, interval, 0);
            }
            // a fresh key starts from a full bucket: its time is "now"
            state = table.computeIfAbsent(key, k -> new AtomicLong(now));
        }
        while (true) {
            long stored = state.get();
            long tat = Math.max(stored, now);
            long next = tat + interval;
            long ahead = next - now;
            if (ahead > tolerance) {
                long retry = ahead - tolerance;
                return new Decision(false, 0, tat - now, retry);
            }
            if (state.compareAndSet(stored, next)) {
                long remaining = (tolerance - ahead) / interval;
                return new Decision(true, remaining, ahead, 0);
            }
        }
    }

    /** Drops the keys whose bucket is full again; they would start from a full bucket anyway. */
    void sweep() {
        sweep(clock.getAsLong());
    }

    private void sweep(long now) {
        Iterator<Map.Entry<String, AtomicLong>> entries = table.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, AtomicLong> entry = entries.next();
            if (entry.getValue().get() <= now) {
                // a request that raced the sweep may lose its count: one request more for that key, at most
                entries.remove();
            }
        }
    }

    /**
     * Gives back the token a request took with {@link #acquire}, for a request that another limit refused:
     * a refused request costs the client nothing. Nothing happens for a key that is not tracked.
     *
     * @param key the key the request was counted under
     */
    void refund(String key) {
        AtomicLong state = table.get(key);
        if (state != null) {
            state.addAndGet(-interval);
        }
    }

    /** {@return the time one request adds to a bucket, in nanoseconds} */
    long interval() {
        return interval;
    }

    /** {@return the keys tracked now} */
    int size() {
        return table.size();
    }

    /** {@return requests admitted without counting because the table was full} */
    long untracked() {
        return untracked.get();
    }

    /** {@return the burst} */
    long capacity() {
        return capacity;
    }
}
