package motor.ext.sse;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import motor.ext.sse.SseEmitter.CloseReason;
import motor.ext.sse.internal.EventEncoder;
import motor.ext.sse.internal.StreamEmitter;
import motor.spi.event.EventBus;
import motor.spi.event.Subscription;

/**
 * Sends every event published to it to every stream that joined it: a chat room, a price feed, a
 * notification channel.
 *
 * <pre>{@code
 * SseBroadcaster prices = new SseBroadcaster();
 * routes.get("/prices", (request, response) -> Sse.stream(request, response, prices::join));
 * ...
 * prices.publish(SseEvent.of("price", "12.50"));
 * }</pre>
 *
 * <p><b>A slow or dead subscriber never stalls the others.</b> {@link #publish} does no I/O: it encodes
 * the event once and appends it to each subscriber's queue. Each subscriber's own handler thread, waiting
 * in {@link #join}, takes events from its queue and writes them to its client. A subscriber whose queue
 * reaches the limit (its client reads slower than events come) is dropped: its stream ends with
 * {@link CloseReason#TOO_SLOW} and its queue is discarded, and the client, reconnecting with
 * {@code Last-Event-ID}, can catch up from the application's own history. A dead client is found by the
 * first write that fails.
 *
 * <p>Thread-safe; publish from any thread.
 */
public final class SseBroadcaster {

    /** The default limit of events queued for one subscriber. */
    public static final int DEFAULT_MAX_QUEUED = 256;

    private final int maxQueued;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    /** Creates a broadcaster that queues up to {@value #DEFAULT_MAX_QUEUED} events per subscriber. */
    public SseBroadcaster() {
        this(DEFAULT_MAX_QUEUED);
    }

    /**
     * Creates a broadcaster.
     *
     * @param maxQueued how many published events may wait for one subscriber before it is dropped as too
     *                  slow; 1 or more
     * @throws IllegalArgumentException if {@code maxQueued} is less than 1
     */
    public SseBroadcaster(int maxQueued) {
        if (maxQueued < 1) {
            throw new IllegalArgumentException("maxQueued must be 1 or more, not " + maxQueued);
        }
        this.maxQueued = maxQueued;
    }

    /**
     * Joins the stream to this broadcaster and delivers the published events to it, on the calling thread,
     * until the stream ends (client gone, dropped as too slow, closed, server stopping) or the broadcaster
     * is {@linkplain #close() closed}; then leaves. Events published before the call are not delivered.
     * Usable as a {@link Sse.Producer}: {@code Sse.stream(request, response, broadcaster::join)}.
     *
     * @param emitter the stream
     * @throws InterruptedException if the thread is interrupted while it waits; the stream leaves first
     */
    public void join(SseEmitter emitter) throws InterruptedException {
        Subscriber subscriber = subscribe(emitter);
        deliver(subscriber);
    }

    /**
     * Joins like {@link #join(SseEmitter)}, but first runs {@code catchUp} on the calling thread, to send
     * what the client missed from the application's own history (after its
     * {@link SseEmitter#lastEventId()}). The stream has joined before {@code catchUp} starts, so an event
     * published meanwhile is queued and follows the catch-up, never lost; it may then arrive twice, once in
     * the history and once from the queue, so a client or the catch-up should tell by the id. A catch-up
     * that takes longer than the queue allows gets the stream dropped as too slow.
     *
     * @param emitter the stream
     * @param catchUp sends the missed events
     * @throws Exception what {@code catchUp} throws, or {@link InterruptedException}; the stream leaves first
     */
    public void join(SseEmitter emitter, Sse.Producer catchUp) throws Exception {
        Objects.requireNonNull(catchUp, "catchUp");
        Subscriber subscriber = subscribe(emitter);
        try {
            catchUp.produce(emitter);
        } catch (Exception | Error e) {
            leave(subscriber);
            throw e;
        }
        deliver(subscriber);
    }

    private Subscriber subscribe(SseEmitter emitter) {
        Subscriber subscriber = new Subscriber(emitter);
        emitter.onClose(subscriber.onClose);
        subscribers.add(subscriber);
        return subscriber;
    }

    /** Writes the subscriber's queue to its stream until either ends, then leaves. */
    private void deliver(Subscriber subscriber) throws InterruptedException {
        SseEmitter emitter = subscriber.emitter;
        try {
            while (emitter.isOpen()) {
                Entry entry = subscriber.take();
                if (entry == null) {
                    return;
                }
                boolean sent = emitter instanceof StreamEmitter stream ? stream.write(entry.bytes)
                        : emitter.send(entry.event);
                if (!sent) {
                    return;
                }
            }
        } finally {
            leave(subscriber);
        }
    }

    private void leave(Subscriber subscriber) {
        subscribers.remove(subscriber);
        subscriber.stop();
        if (subscriber.emitter instanceof StreamEmitter stream) {
            // the stream may go on, and join another broadcaster: it must not keep this one
            stream.removeOnClose(subscriber.onClose);
        }
    }

    /**
     * Queues an event for every subscriber and returns without waiting for any of them. A subscriber whose
     * queue is full is dropped.
     *
     * @param event the event
     * @return how many subscribers it was queued for
     * @throws IllegalArgumentException if its id is longer than a subscriber's server accepts back in
     *                                  {@code Last-Event-ID} ({@code sse.maxLastEventIdLength}); it is then
     *                                  queued for none
     */
    public int publish(SseEvent event) {
        if (event.id() != null) {
            for (Subscriber subscriber : subscribers) {
                if (subscriber.emitter instanceof StreamEmitter stream) {
                    stream.checkId(event);
                }
            }
        }
        Entry entry = new Entry(event, EventEncoder.encode(event));
        int queued = 0;
        for (Subscriber subscriber : subscribers) {
            if (subscriber.offer(entry)) {
                queued++;
            }
        }
        return queued;
    }

    /** {@return how many streams have joined and not yet left} */
    public int subscribers() {
        return subscribers.size();
    }

    /**
     * Publishes an event for each event of {@code type} on the server's event bus, until the returned
     * subscription is closed (close it when the extension stops: {@code context.onStop(subscription)}).
     * The listener runs on the bus's publishing thread and only queues, so it returns quickly.
     *
     * @param bus     the event bus, {@code context.events()}
     * @param type    the event class to forward
     * @param toEvent turns a bus event into the event to send, or into {@code null} to skip it
     * @param <E>     the bus event type
     * @return the subscription to the bus
     */
    public <E> Subscription forward(EventBus bus, Class<E> type, Function<? super E, SseEvent> toEvent) {
        Objects.requireNonNull(toEvent, "toEvent");
        return bus.subscribe(type, e -> {
            SseEvent event = toEvent.apply(e);
            if (event != null) {
                publish(event);
            }
        });
    }

    /**
     * Makes every current subscriber leave: their {@link #join} calls return, so their producers return and
     * their streams end. Events still queued for them are discarded. Streams may join again afterwards.
     */
    public void close() {
        for (Subscriber subscriber : subscribers) {
            subscriber.stop();
        }
    }

    /** An event, encoded once for every subscriber. */
    private record Entry(SseEvent event, byte[] bytes) {
    }

    /** One joined stream's queue, filled by publishers and drained by the stream's own thread. */
    private final class Subscriber {
        private final SseEmitter emitter;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition ready = lock.newCondition();
        private final ArrayDeque<Entry> queue = new ArrayDeque<>();
        /** What the stream runs when it ends: wakes the delivering thread. */
        private final Consumer<CloseReason> onClose = reason -> stop();
        private boolean stopped;

        Subscriber(SseEmitter emitter) {
            this.emitter = emitter;
        }

        /** Queues an entry; drops the subscriber when the queue is full. Never blocks on I/O. */
        boolean offer(Entry entry) {
            lock.lock();
            try {
                if (stopped) {
                    return false;
                }
                if (queue.size() < maxQueued) {
                    queue.add(entry);
                    ready.signal();
                    return true;
                }
                stopped = true;
                queue.clear();
                ready.signal();
            } finally {
                lock.unlock();
            }
            subscribers.remove(this);
            if (emitter instanceof StreamEmitter stream) {
                stream.close(CloseReason.TOO_SLOW);
            } else {
                emitter.close();
            }
            return false;
        }

        /** {@return the next entry, waiting for one; null once stopped} */
        Entry take() throws InterruptedException {
            lock.lock();
            try {
                while (queue.isEmpty() && !stopped) {
                    ready.await();
                }
                return stopped ? null : queue.poll();
            } finally {
                lock.unlock();
            }
        }

        void stop() {
            lock.lock();
            try {
                stopped = true;
                queue.clear();
                ready.signal();
            } finally {
                lock.unlock();
            }
        }
    }
}
