package motor.core.internal.event;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import motor.spi.event.EventBus;
import motor.spi.event.Subscription;
import motor.spi.event.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event bus: one {@link Topic} per event class, each holding its listeners in an array that is
 * replaced, never changed, when someone subscribes or unsubscribes. Publishing reads the array once and
 * calls each listener; with no listeners it does nothing and a publisher that checks
 * {@link Topic#active()} first does not even build the event.
 */
public final class LocalEventBus implements EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(LocalEventBus.class);

    private final ConcurrentHashMap<Class<?>, LocalTopic<?>> topics = new ConcurrentHashMap<>();

    @Override
    public <E> Subscription subscribe(Class<E> type, Consumer<? super E> listener) {
        Objects.requireNonNull(listener, "listener");
        return topic(type).add(listener);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <E> LocalTopic<E> topic(Class<E> type) {
        return (LocalTopic<E>) topics.computeIfAbsent(type, LocalTopic::new);
    }

    /** The listeners of one event class. */
    public static final class LocalTopic<E> implements Topic<E> {

        private static final Consumer<?>[] NONE = new Consumer<?>[0];

        private final Class<E> type;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile Consumer<? super E>[] listeners;

        @SuppressWarnings("unchecked")
        LocalTopic(Class<?> type) {
            this.type = (Class<E>) type;
            this.listeners = (Consumer<? super E>[]) NONE;
        }

        @Override
        public boolean active() {
            return listeners.length != 0;
        }

        @Override
        public void publish(E event) {
            Consumer<? super E>[] current = listeners;
            for (Consumer<? super E> listener : current) {
                try {
                    listener.accept(event);
                } catch (RuntimeException | LinkageError e) {
                    LOG.error("listener {} failed on {}", listener, type.getSimpleName(), e);
                }
            }
        }

        Subscription add(Consumer<? super E> listener) {
            lock.lock();
            try {
                Consumer<? super E>[] grown = Arrays.copyOf(listeners, listeners.length + 1);
                grown[grown.length - 1] = listener;
                listeners = grown;
            } finally {
                lock.unlock();
            }
            return new Subscription() {
                private boolean closed;

                @Override
                public void close() {
                    if (!closed) {
                        closed = true;
                        remove(listener);
                    }
                }
            };
        }

        @SuppressWarnings("unchecked")
        private void remove(Consumer<? super E> listener) {
            lock.lock();
            try {
                Consumer<? super E>[] current = listeners;
                for (int i = 0; i < current.length; i++) {
                    if (current[i] == listener) {
                        Consumer<? super E>[] shrunk = (Consumer<? super E>[]) new Consumer<?>[current.length - 1];
                        System.arraycopy(current, 0, shrunk, 0, i);
                        System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                        listeners = shrunk;
                        return;
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
