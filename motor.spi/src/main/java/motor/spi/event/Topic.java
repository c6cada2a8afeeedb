package motor.spi.event;

/**
 * The publishing side of one event type, obtained from {@link EventBus#topic}.
 *
 * @param <E> the event type
 */
public interface Topic<E> {

    /** {@return whether anyone listens: check before building an event} */
    boolean active();

    /**
     * Delivers {@code event} to every current listener, synchronously.
     *
     * @param event the event
     */
    void publish(E event);
}
