package motor.ext.metrics;

/**
 * A count that only goes up, such as orders placed. Thread-safe and lock-free: call it from any number
 * of handlers at once.
 */
public interface Counter {

    /** Adds one. */
    void increment();

    /**
     * Adds {@code amount}.
     *
     * @param amount how much, 0 or more
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    void add(long amount);

    /** {@return the current count} */
    long value();
}
