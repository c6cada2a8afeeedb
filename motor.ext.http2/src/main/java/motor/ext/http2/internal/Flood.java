package motor.ext.http2.internal;

/**
 * Counts events of one kind in fixed windows of time, to refuse a peer that sends too many of them (the
 * rapid reset, SETTINGS, PING and empty frame floods). Not thread-safe: the connection's reader uses it.
 */
final class Flood {

    private final int limit;
    private final long windowNanos;
    private long windowStart;
    private int count;

    /**
     * @param limit       most events per window
     * @param windowNanos the window's length
     * @param now         the current time, in nanoseconds
     */
    Flood(int limit, long windowNanos, long now) {
        this.limit = limit;
        this.windowNanos = windowNanos;
        this.windowStart = now;
    }

    /**
     * Counts one event.
     *
     * @param now the current time, in nanoseconds
     * @return whether the limit is now exceeded
     */
    boolean add(long now) {
        if (now - windowStart >= windowNanos) {
            windowStart = now;
            count = 0;
        }
        return ++count > limit;
    }
}
