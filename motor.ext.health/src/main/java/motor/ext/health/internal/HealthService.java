package motor.ext.health.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import motor.ext.health.Health;
import motor.ext.health.HealthCheck;
import motor.ext.health.HealthResult;

/**
 * The checks of one server and the readiness state the server's lifecycle sets.
 *
 * <pre>
 *  INSTALLED ──ServerStarting──► STARTING ──ServerStarted──► RUNNING ──ServerStopping──► STOPPING
 * </pre>
 * Readiness fails in {@code STARTING} and {@code STOPPING} whatever the checks say. {@code INSTALLED} only
 * lasts while a probe cannot arrive, unless the extension was installed into a server that is already
 * running (a plugin reload, which publishes no start events): a probe then finds the server running.
 */
final class HealthService implements Health {

    /** Where the server is in its life, as the events told. */
    enum State { INSTALLED, STARTING, RUNNING, STOPPING }

    /** What one probe found: the overall status, and each check's result by name. */
    record Report(String status, boolean ready, Map<String, HealthResult> checks) {
    }

    private final Map<String, CachedCheck> checks = new ConcurrentHashMap<>();
    private final Duration defaultTimeout;
    private final Duration defaultCacheFor;
    private final LongSupplier clock;
    private volatile State state = State.INSTALLED;

    HealthService(Duration timeout, Duration cacheFor, LongSupplier clock) {
        this.defaultTimeout = timeout;
        this.defaultCacheFor = cacheFor;
        this.clock = clock;
    }

    void state(State state) {
        this.state = state;
    }

    State state() {
        return state;
    }

    @Override
    public Registration register(String name, HealthCheck check) {
        return register(name, defaultTimeout, defaultCacheFor, check);
    }

    @Override
    public Registration register(String name, Duration timeout, Duration cacheFor, HealthCheck check) {
        Objects.requireNonNull(check, "check");
        if (!validName(name)) {
            throw new IllegalArgumentException("a check name is 1 to 64 letters, digits, _ . -, not \"" + name + "\"");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("timeout of " + name + " must be from 1ns to 5m: " + timeout);
        }
        if (cacheFor.isNegative() || cacheFor.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("cacheFor of " + name + " must be from 0 to 1d: " + cacheFor);
        }
        CachedCheck cached = new CachedCheck(name, check, timeout.toNanos(), cacheFor.toNanos(), clock);
        if (checks.putIfAbsent(name, cached) != null) {
            throw new IllegalArgumentException("a health check named " + name + " is already registered");
        }
        return () -> checks.remove(name, cached);
    }

    static boolean validName(String name) {
        if (name == null || name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean ready() {
        return probe().ready();
    }

    /** Runs a readiness probe: the lifecycle first, then every check, in parallel, each within its timeout. */
    Report probe() {
        State now = state;
        if (now == State.STARTING || now == State.STOPPING) {
            return new Report(now.name(), false, Map.of());
        }
        Map<String, CachedCheck> snapshot = new TreeMap<>(checks);
        long start = clock.getAsLong();
        Map<String, CompletableFuture<HealthResult>> pending = new LinkedHashMap<>();
        for (CachedCheck check : snapshot.values()) {
            pending.put(check.name, check.result(start));
        }
        Map<String, HealthResult> results = new LinkedHashMap<>();
        boolean up = true;
        for (CachedCheck check : snapshot.values()) {
            HealthResult result = await(pending.get(check.name), start + check.timeoutNanos, check.timeoutNanos);
            results.put(check.name, result);
            up &= result.healthy();
        }
        // a stop that began while the checks ran wins
        State after = state;
        if (after == State.STOPPING) {
            return new Report(after.name(), false, results);
        }
        return new Report(up ? "UP" : "DOWN", up, results);
    }

    private HealthResult await(CompletableFuture<HealthResult> future, long deadline, long timeoutNanos) {
        try {
            long left = deadline - clock.getAsLong();
            return left > 0 ? future.get(left, TimeUnit.NANOSECONDS) : future.getNow(timedOut(timeoutNanos));
        } catch (TimeoutException e) {
            return timedOut(timeoutNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthResult.down("interrupted");
        } catch (ExecutionException e) {
            return HealthResult.down(Map.of("error", e.getCause().getClass().getName()));
        }
    }

    private static HealthResult timedOut(long timeoutNanos) {
        return HealthResult.down("no answer within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
    }

    /** {@return the registered check of this name; for tests} */
    CachedCheck check(String name) {
        return checks.get(name);
    }
}
