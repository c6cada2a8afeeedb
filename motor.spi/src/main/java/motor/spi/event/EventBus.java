package motor.spi.event;

import java.util.function.Consumer;

/**
 * Synchronous publish/subscribe between the server and extensions, by event type.
 *
 * <p>Listeners run on the publishing thread, in subscription order, and should return quickly: a
 * listener that needs to do slow work hands it to its own executor. An exception from a listener is
 * logged and does not reach the publisher or the other listeners. Events are dispatched by their exact
 * class; the core events are the records in this package.
 *
 * <p>To publish without cost when nobody listens, publishers keep the {@link Topic} of their event type
 * and build the event only when {@link Topic#active()} says someone is subscribed.
 */
public interface EventBus {

    /**
     * Subscribes to events of exactly {@code type}.
     *
     * @param type     the event class
     * @param listener the listener
     * @param <E>      the event type
     * @return the subscription; closing it unsubscribes
     */
    <E> Subscription subscribe(Class<E> type, Consumer<? super E> listener);

    /**
     * Returns the publishing side for one event type. Keep it: it is the cheap way to publish.
     *
     * @param type the event class
     * @param <E>  the event type
     * @return the topic
     */
    <E> Topic<E> topic(Class<E> type);

    /**
     * Publishes an event to the listeners of its class.
     *
     * @param event the event
     */
    @SuppressWarnings("unchecked")
    default void publish(Object event) {
        ((Topic<Object>) topic(event.getClass())).publish(event);
    }
}
