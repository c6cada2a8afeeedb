package motor.ext.cache.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request coalescing: the first request that misses on a URL becomes its <em>leader</em> and runs the
 * handler; requests for the same URL that arrive meanwhile wait for it, at most the configured time,
 * and then look in the store again. The leader always lands (in a {@code finally}), whether its response
 * was stored, not storable, or the handler threw, so a waiter never waits longer than the leader runs
 * or its timeout, whichever is first; one that finds nothing stored runs the handler itself.
 *
 * <pre>
 *   miss -&gt; takeOff(url) --leader--&gt; handler -&gt; store? -&gt; land(url) ---&gt; waiters wake
 *                     \--follower--&gt; await(timeout) -&gt; look up again -&gt; hit, or run the handler itself
 * </pre>
 */
final class Flights {

    /** One leader's run, which followers wait on. */
    static class Flight {
        private final CountDownLatch landed = new CountDownLatch(1);
        private final boolean leader;
        private volatile boolean failed;

        private Flight(boolean leader) {
            this.leader = leader;
        }

        /** Records, before landing, that the leader's handler failed. */
        void fail() {
            failed = true;
        }

        /** {@return whether the leader's handler failed; meaningful once landed} */
        boolean failed() {
            return failed;
        }

        /** {@return whether the caller leads, and must {@link Flights#land} the flight} */
        boolean leader() {
            return leader;
        }

        /**
         * Waits for the leader.
         *
         * @param timeout the most to wait
         * @return whether it landed in time
         * @throws InterruptedException if the waiting thread is interrupted
         */
        boolean await(Duration timeout) throws InterruptedException {
            return landed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private final ConcurrentHashMap<String, Flight> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * Joins the flight for a URL, starting it if there is none.
     *
     * @param key the URL
     * @return the flight; {@link Flight#leader()} says whether the caller leads it
     */
    Flight takeOff(String key) {
        Flight mine = new Flight(true);
        Flight running = inFlight.putIfAbsent(key, mine);
        if (running == null) {
            return mine;
        }
        // followers share the leader's latch through a view that does not lead
        return new Follower(running);
    }

    /**
     * Joins the flight for a URL as a follower, if one is running; never leads. For requests whose own
     * response would probably not be stored (it asked for {@code no-store}, or carries credentials), so
     * that they cannot make the others wait for nothing.
     *
     * @param key the URL
     * @return the running flight to wait on, or null
     */
    Flight follow(String key) {
        Flight running = inFlight.get(key);
        return running == null ? null : new Follower(running);
    }

    /**
     * Ends the leader's flight and wakes its followers.
     *
     * @param key    the URL
     * @param flight the flight {@link #takeOff} returned to the leader
     */
    void land(String key, Flight flight) {
        inFlight.remove(key, flight);
        flight.landed.countDown();
    }

    /** {@return how many URLs have a leader running, for tests} */
    int inFlight() {
        return inFlight.size();
    }

    /** {@return how many requests are waiting for a leader now} */
    int waiting() {
        return waiting.get();
    }

    /** A follower's handle on a leader's flight. */
    private final class Follower extends Flight {
        private final Flight leaderFlight;

        Follower(Flight leaderFlight) {
            super(false);
            this.leaderFlight = leaderFlight;
        }

        @Override
        boolean failed() {
            return leaderFlight.failed();
        }

        @Override
        boolean await(Duration timeout) throws InterruptedException {
            waiting.incrementAndGet();
            try {
                return leaderFlight.await(timeout);
            } finally {
                waiting.decrementAndGet();
            }
        }
    }
}
