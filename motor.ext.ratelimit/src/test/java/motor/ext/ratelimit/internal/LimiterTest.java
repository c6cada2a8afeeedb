package motor.ext.ratelimit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket on a clock the test moves by hand. */
class LimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    private Limiter limiter(long limit, Duration window, long burst, int maxKeys) {
        return new Limiter(limit, window, burst, maxKeys, now::get);
    }

    @Test
    void aFullBucketAdmitsTheBurstThenRefusesUntilATokenReturns() {
        Limiter limiter = limiter(10, Duration.ofSeconds(10), 3, 100); // one token per second, 3 at once
        Limiter.Decision first = limiter.acquire("a");
        assertTrue(first.allowed());
        assertEquals(2, first.remaining());
        assertEquals(1 * SECOND, first.resetNanos(), "full again one interval after one request");
        assertEquals(1, limiter.acquire("a").remaining());
        Limiter.Decision third = limiter.acquire("a");
        assertTrue(third.allowed());
        assertEquals(0, third.remaining());
        assertEquals(3 * SECOND, third.resetNanos());
        Limiter.Decision refused = limiter.acquire("a");
        assertFalse(refused.allowed());
        assertEquals(1 * SECOND, refused.retryNanos());
        assertEquals(3 * SECOND, refused.resetNanos());
        // another key has its own bucket
        assertTrue(limiter.acquire("b").allowed());
        // refusals do not consume: after one interval exactly one more is admitted
        now.addAndGet(SECOND);
        assertTrue(limiter.acquire("a").allowed());
        assertFalse(limiter.acquire("a").allowed());
        // after a long pause the bucket is full, not fuller
        now.addAndGet(60 * SECOND);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.acquire("a").allowed(), "request " + i);
        }
        assertFalse(limiter.acquire("a").allowed());
    }

    @Test
    void theSustainedRateIsTheLimitPerWindow() {
        Limiter limiter = limiter(100, Duration.ofMinutes(1), 100, 100);
        int admitted = 0;
        // ten minutes of a client asking every 100 ms: 100 at once, then one per 600 ms
        for (int i = 0; i < 6000; i++) {
            if (limiter.acquire("a").allowed()) {
                admitted++;
            }
            now.addAndGet(SECOND / 10);
        }
        assertEquals(100 + 999, admitted, "the burst, then 600 s / 0.6 s less the last interval");
    }

    @Test
    void sweepingForgetsKeysWhoseBucketsAreFull() {
        Limiter limiter = limiter(2, Duration.ofSeconds(2), 2, 100);
        limiter.acquire("a");
        limiter.acquire("b");
        limiter.acquire("b");
        assertEquals(2, limiter.size());
        now.addAndGet(SECOND);
        limiter.sweep();
        assertEquals(1, limiter.size(), "a is full again after one interval, b is not");
        now.addAndGet(SECOND);
        limiter.sweep();
        assertEquals(0, limiter.size());
    }

    @Test
    void aRefundGivesBackTheToken() {
        Limiter limiter = limiter(10, Duration.ofSeconds(10), 2, 100);
        assertTrue(limiter.acquire("a").allowed());
        limiter.refund("a");
        assertTrue(limiter.acquire("a").allowed());
        assertTrue(limiter.acquire("a").allowed());
        assertFalse(limiter.acquire("a").allowed());
        limiter.refund("unknown"); // nothing to give back
        assertEquals(1, limiter.size());
    }

    @Test
    void aFullTableOfBusyKeysIsNotScannedAgainForEveryNewKey() {
        AtomicLong clockReads = new AtomicLong();
        Limiter limiter = new Limiter(1, Duration.ofHours(1), 1, 100, () -> {
            clockReads.incrementAndGet();
            return now.get();
        });
        for (int i = 0; i < 100; i++) {
            assertTrue(limiter.acquire("busy" + i).allowed());
        }
        clockReads.set(0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(limiter.acquire("new" + i).allowed());
        }
        // one clock read per request, and at most one sweep (one more read) while the clock stands still
        assertTrue(clockReads.get() <= 1001, "clock reads: " + clockReads.get());
        assertEquals(1000, limiter.untracked());
        // once time has moved on, a full table is swept again and makes room
        now.addAndGet(2 * 3600 * SECOND);
        assertTrue(limiter.acquire("later").allowed());
        assertEquals(1, limiter.size());
    }

    @Test
    void idleKeysAreForgottenAsNewKeysArriveWithoutASweeperThread() {
        // RateLimit.perClient has no sweeper thread: its table must not keep every client it ever saw
        Limiter limiter = limiter(10, Duration.ofSeconds(10), 10, 100_000);
        for (int i = 0; i < 50; i++) {
            assertTrue(limiter.acquire("client" + i).allowed());
        }
        assertEquals(50, limiter.size());
        now.addAndGet(31 * SECOND); // every bucket is full again, and the last sweep is long past
        assertTrue(limiter.acquire("newcomer").allowed());
        assertEquals(1, limiter.size());
    }

    @Test
    void aFullTableAdmitsNewKeysWithoutCountingThem() {
        Limiter limiter = limiter(1, Duration.ofHours(1), 1, 2);
        assertTrue(limiter.acquire("a").allowed());
        assertTrue(limiter.acquire("b").allowed());
        assertTrue(limiter.acquire("c").allowed());
        assertTrue(limiter.acquire("c").allowed(), "c is not tracked: the table is full");
        assertEquals(2, limiter.untracked());
        assertFalse(limiter.acquire("a").allowed(), "tracked keys are still limited");
        assertEquals(2, limiter.size());
    }

    @Test
    void concurrentRequestsNeverExceedTheBurst() throws Exception {
        Limiter limiter = limiter(50, Duration.ofHours(1), 50, 100);
        AtomicLong admitted = new AtomicLong();
        Thread[] threads = new Thread[200];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = Thread.ofVirtual().start(() -> {
                if (limiter.acquire("shared").allowed()) {
                    admitted.incrementAndGet();
                }
            });
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertEquals(50, admitted.get());
    }
}
