package motor.core.internal.server;

/**
 * A monotonic time source in nanoseconds, injected so that timeout decisions can be tested with a clock
 * that a test advances by hand.
 */
@FunctionalInterface
interface Clock {

    /** The system's monotonic clock. */
    Clock SYSTEM = System::nanoTime;

    /** {@return the current time in nanoseconds, from an arbitrary origin} */
    long nanos();
}
