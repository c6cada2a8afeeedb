package motor.ext.proxy.internal;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One upstream server of a proxy and what the proxy knows of its health: requests in progress, failures
 * in a row (passive health) and the verdict of the active checks.
 */
final class Upstream {

    final int index;
    final URI uri;
    /** The scheme and authority, such as {@code http://10.0.0.5:8080}, to which paths are appended. */
    final String origin;
    /** The upstream's own path without its trailing slash, prepended to forwarded paths; may be empty. */
    final String basePath;
    final int weight;
    final AtomicInteger inFlight = new AtomicInteger();

    private final ReentrantLock lock = new ReentrantLock();
    private int failuresInRow;
    private long outUntil;
    private boolean out;
    private volatile boolean checkedHealthy = true;
    private int checkFailures;
    private int checkSuccesses;
    /** Smooth weighted round-robin state, guarded by the pool's lock. */
    long current;

    Upstream(int index, URI uri, int weight) {
        this.index = index;
        this.uri = uri;
        this.origin = uri.getScheme() + "://" + uri.getRawAuthority();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.weight = weight;
    }

    /**
     * {@return whether requests may go to this upstream at {@code now}}
     *
     * @param now the clock's time in nanoseconds
     */
    boolean available(long now) {
        if (!checkedHealthy) {
            return false;
        }
        lock.lock();
        try {
            return !out || now - outUntil >= 0;
        } finally {
            lock.unlock();
        }
    }

    /** Records an exchange that got a response head. */
    void succeeded() {
        lock.lock();
        try {
            failuresInRow = 0;
            out = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records a failure to connect or to get a response head.
     *
     * @param now         the clock's time in nanoseconds
     * @param maxFailures failures in a row that take the upstream out; 0 for never
     * @param cooldown    how long it stays out, in nanoseconds
     * @return whether this failure took the upstream out
     */
    boolean failed(long now, int maxFailures, long cooldown) {
        lock.lock();
        try {
            failuresInRow++;
            if (maxFailures > 0 && failuresInRow >= maxFailures) {
                boolean wasIn = !out || now - outUntil >= 0;
                out = true;
                outUntil = now + cooldown;
                failuresInRow = 0;
                return wasIn;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records the result of an active check.
     *
     * @param ok             whether the check succeeded
     * @param unhealthyAfter failures in a row that take the upstream out
     * @param healthyAfter   successes in a row that put it back
     * @return whether the verdict changed
     */
    boolean checked(boolean ok, int unhealthyAfter, int healthyAfter) {
        lock.lock();
        try {
            boolean before = checkedHealthy;
            if (ok) {
                checkFailures = 0;
                checkSuccesses++;
                if (!checkedHealthy && checkSuccesses >= healthyAfter) {
                    checkedHealthy = true;
                    // a recovered upstream starts afresh: a passive cool-down no longer applies
                    out = false;
                    failuresInRow = 0;
                }
            } else {
                checkSuccesses = 0;
                checkFailures++;
                if (checkedHealthy && checkFailures >= unhealthyAfter) {
                    checkedHealthy = false;
                }
            }
            return before != checkedHealthy;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "upstream #" + index;
    }
}
