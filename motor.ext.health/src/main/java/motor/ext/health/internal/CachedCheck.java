package motor.ext.health.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import motor.ext.health.HealthCheck;
import motor.ext.health.HealthResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registered check with its cache. A probe asks for {@link #result(long)}: a result younger than
 * {@code cacheFor} is reused; otherwise the run in progress is joined, or a new run starts on a virtual
 * thread. So a check runs at most once per {@code cacheFor} and never twice at once, however many probes
 * arrive; a check stuck past its timeout is reported down by every probe until it returns, without a new
 * thread per probe.
 *
 * <pre>
 *   idle ──probe, no fresh result──► running ──check returns──► idle (result cached, time noted)
 *                                      │ probes join the same run, each waiting at most timeout
 * </pre>
 */
final class CachedCheck {

    private static final Logger LOG = LoggerFactory.getLogger(CachedCheck.class);

    final String name;
    private final HealthCheck check;
    final long timeoutNanos;
    private final long cacheNanos;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private CompletableFuture<HealthResult> running;
    private HealthResult last;
    private long lastAt;
    private long runs;

    CachedCheck(String name, HealthCheck check, long timeoutNanos, long cacheNanos, LongSupplier clock) {
        this.name = name;
        this.check = check;
        this.timeoutNanos = timeoutNanos;
        this.cacheNanos = cacheNanos;
        this.clock = clock;
    }

    /**
     * {@return the cached result if fresh, else the run in progress or a new one}
     *
     * @param now the clock's time now
     */
    CompletableFuture<HealthResult> result(long now) {
        lock.lock();
        try {
            if (running != null) {
                return running;
            }
            if (last != null && now - lastAt < cacheNanos) {
                return CompletableFuture.completedFuture(last);
            }
            CompletableFuture<HealthResult> run = new CompletableFuture<>();
            running = run;
            runs++;
            Thread.ofVirtual().name("motor-health-" + name).start(() -> run(run));
            return run;
        } finally {
            lock.unlock();
        }
    }

    private void run(CompletableFuture<HealthResult> run) {
        HealthResult result;
        VirtualMachineError fatal = null;
        try {
            result = check.check();
            if (result == null) {
                result = HealthResult.down("the check returned no result");
            }
        } catch (Throwable e) {
            // every failure ends the run, Errors included (an AssertionError, say): a run left unfinished
            // would keep readiness DOWN for good and the check from ever starting again
            LOG.warn("health check {} failed", name, e);
            result = HealthResult.down(Map.of("error", e.getClass().getName()));
            fatal = e instanceof VirtualMachineError error ? error : null;
        }
        lock.lock();
        try {
            last = result;
            lastAt = clock.getAsLong();
            running = null;
        } finally {
            lock.unlock();
        }
        run.complete(result);
        if (fatal != null) {
            throw fatal; // out of memory and the like still reach the thread's handler
        }
    }

    /** {@return how many times the check has been started; for tests} */
    long runs() {
        lock.lock();
        try {
            return runs;
        } finally {
            lock.unlock();
        }
    }
}
