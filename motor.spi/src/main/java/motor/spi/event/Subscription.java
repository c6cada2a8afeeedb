package motor.spi.event;

/** A listener's registration; closing it stops delivery. Closing twice does nothing. */
public interface Subscription extends AutoCloseable {

    /** Unsubscribes. */
    @Override
    void close();
}
