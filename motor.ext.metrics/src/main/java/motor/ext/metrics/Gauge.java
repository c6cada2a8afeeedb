package motor.ext.metrics;

/**
 * A value that goes up and down, such as items in a queue. Thread-safe: concurrent {@link #add} calls
 * are all counted.
 */
public interface Gauge {

    /**
     * Sets the value.
     *
     * @param value the value; any double, including infinities and NaN
     */
    void set(double value);

    /**
     * Adds {@code delta} (negative to subtract).
     *
     * @param delta the change
     */
    void add(double delta);

    /** {@return the current value} */
    double value();
}
