package motor.ext.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import motor.spi.Handler;
import motor.spi.HttpException;
import motor.spi.Status;
import motor.test.TestRequest;
import motor.test.TestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A burst of misses for one URL runs the handler once. The leader's handler is held on a latch until
 * every follower is seen waiting, so the test does not depend on timing; every wait is bounded.
 */
class CoalescingTest {

    private static final int FOLLOWERS = 50;

    private final ManualClock clock = new ManualClock();
    private final MemoryStore store = new MemoryStore(1 << 20, 8);
    private final AtomicInteger runs = new AtomicInteger();
    private final CountDownLatch leaderStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdownNow();
    }

    private CacheMiddleware cache(Duration timeout) {
        Settings settings = new Settings(new PathPrefixes(List.of("/")), 1 << 20, 1 << 16, 8, "X-Cache", true,
                timeout, true, true);
        return new CacheMiddleware(settings, () -> store, clock);
    }

    /** The first run blocks until released and answers as {@code first}; later runs answer at once. */
    private Handler handler(Handler first, Handler later) {
        return (request, response) -> {
            if (runs.incrementAndGet() == 1) {
                leaderStarted.countDown();
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the leader");
                }
                first.handle(request, response);
            } else {
                later.handle(request, response);
            }
        };
    }

    private Future<TestResponse> request(CacheMiddleware cache, Handler handler, String... headers) {
        return executor.submit(() -> {
            TestResponse response = new TestResponse();
            cache.handle(TestRequest.builder("GET", "/slow").headers(headers).build(), response, handler);
            return response;
        });
    }

    /** Waits, bounded, until {@code count} requests wait for a leader. */
    private static void awaitWaiting(CacheMiddleware cache, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cache.flights().waiting() < count) {
            if (System.nanoTime() > deadline) {
                fail("only " + cache.flights().waiting() + " of " + count + " requests waited");
            }
            Thread.sleep(1);
        }
    }

    /** Starts the leader, then the followers, and waits (bounded) until all of them wait. */
    private List<Future<TestResponse>> burst(CacheMiddleware cache, Handler handler) throws Exception {
        List<Future<TestResponse>> all = new ArrayList<>();
        all.add(request(cache, handler));
        assertTrue(leaderStarted.await(10, TimeUnit.SECONDS), "the leader's handler started");
        for (int i = 0; i < FOLLOWERS; i++) {
            all.add(request(cache, handler));
        }
        awaitWaiting(cache, FOLLOWERS);
        return all;
    }

    @Test
    void aBurstRunsTheHandlerOnce() throws Exception {
        CacheMiddleware cache = cache(Duration.ofSeconds(30));
        Handler answer = (request, response) -> {
            response.headers().set("Cache-Control", "max-age=60");
            response.send("slow answer");
        };
        List<Future<TestResponse>> all = burst(cache, handler(answer, answer));
        release.countDown();
        int hits = 0;
        for (Future<TestResponse> future : all) {
            TestResponse response = future.get(30, TimeUnit.SECONDS);
            assertEquals("slow answer", response.text());
            if ("HIT".equals(response.headers().first("X-Cache"))) {
                hits++;
            }
        }
        assertEquals(1, runs.get());
        assertEquals(FOLLOWERS, hits);
        assertEquals(0, cache.flights().inFlight());
    }

    @Test
    void whenTheLeaderFailsTheFollowersRunThemselves() throws Exception {
        CacheMiddleware cache = cache(Duration.ofSeconds(30));
        Handler failing = (request, response) -> {
            throw new IOException("backend down");
        };
        Handler answer = (request, response) -> {
            response.headers().set("Cache-Control", "no-store");
            response.send("fine now");
        };
        List<Future<TestResponse>> all = burst(cache, handler(failing, answer));
        release.countDown();
        try {
            all.get(0).get(30, TimeUnit.SECONDS);
            fail("the leader's failure reaches its own client");
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof IOException, e.toString());
        }
        for (Future<TestResponse> future : all.subList(1, all.size())) {
            assertEquals("fine now", future.get(30, TimeUnit.SECONDS).text());
        }
        assertEquals(1 + FOLLOWERS, runs.get());
        assertEquals(0, cache.flights().inFlight());
    }

    @Test
    void whenTheLeaderFailsOneFollowerTriesNextAndTheOthersWaitForIt() throws Exception {
        CacheMiddleware cache = cache(Duration.ofSeconds(30));
        Handler failing = (request, response) -> {
            throw new IOException("backend down");
        };
        Handler answer = (request, response) -> {
            // the next try leads a flight of its own and holds on until the other followers wait for it
            // (or, wrongly, run the handler themselves)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(cache.flights().inFlight() == 1 && cache.flights().waiting() >= FOLLOWERS - 1)
                    && runs.get() == 2 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            response.headers().set("Cache-Control", "max-age=60");
            response.send("back again");
        };
        List<Future<TestResponse>> all = burst(cache, handler(failing, answer));
        release.countDown();
        ExecutionException e = assertThrows(ExecutionException.class, () -> all.get(0).get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IOException, e.toString());
        int hits = 0;
        for (Future<TestResponse> future : all.subList(1, all.size())) {
            TestResponse response = future.get(30, TimeUnit.SECONDS);
            assertEquals("back again", response.text());
            if ("HIT".equals(response.headers().first("X-Cache"))) {
                hits++;
            }
        }
        assertEquals(2, runs.get(), "not one run per follower against a backend that just failed");
        assertEquals(FOLLOWERS - 1, hits);
        assertEquals(0, cache.flights().inFlight());
    }

    @Test
    void aClientErrorTheLeaderThrowsIsAnAnswerNotAFailure() throws Exception {
        CacheMiddleware cache = cache(Duration.ofSeconds(30));
        AtomicInteger ledAfterwards = new AtomicInteger();
        Handler notFound = (request, response) -> {
            if (runs.get() > 1 && cache.flights().inFlight() > 0) {
                ledAfterwards.incrementAndGet();
            }
            throw new HttpException(Status.NOT_FOUND, "no such thing");
        };
        List<Future<TestResponse>> all = burst(cache, handler(notFound, notFound));
        release.countDown();
        for (Future<TestResponse> future : all) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof HttpException, e.toString());
        }
        assertEquals(1 + FOLLOWERS, runs.get());
        assertEquals(0, ledAfterwards.get(), "the followers ran on their own, not one after another");
    }

    @Test
    void whenTheLeadersResponseIsNotStorableTheFollowersRunThemselves() throws Exception {
        CacheMiddleware cache = cache(Duration.ofSeconds(30));
        Handler personal = (request, response) -> {
            response.headers().set("Cache-Control", "private, max-age=60");
            response.send("private answer");
        };
        List<Future<TestResponse>> all = burst(cache, handler(personal, personal));
        release.countDown();
        for (Future<TestResponse> future : all) {
            TestResponse response = future.get(30, TimeUnit.SECONDS);
            assertEquals("private answer", response.text());
            assertEquals("MISS", response.headers().first("X-Cache"));
        }
        assertEquals(1 + FOLLOWERS, runs.get());
    }

    @Test
    void followersStopWaitingAfterTheTimeout() throws Exception {
        CacheMiddleware cache = cache(Duration.ofMillis(20));
        Handler answer = (request, response) -> {
            response.headers().set("Cache-Control", "max-age=60");
            response.send("answer");
        };
        Handler handler = handler(answer, answer);
        Future<TestResponse> leader = request(cache, handler);
        assertTrue(leaderStarted.await(10, TimeUnit.SECONDS));
        // the leader is held until the end: every follower gives up waiting and runs the handler itself
        List<Future<TestResponse>> followers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            followers.add(request(cache, handler));
        }
        for (Future<TestResponse> future : followers) {
            assertEquals("answer", future.get(30, TimeUnit.SECONDS).text());
        }
        assertTrue(runs.get() >= 2, "a follower ran the handler while the leader was still held");
        assertTrue(!leader.isDone());
        release.countDown();
        assertEquals("answer", leader.get(30, TimeUnit.SECONDS).text());
    }

    @Test
    void requestsWithCredentialsOrNoStoreFollowButNeverLead() throws Exception {
        CacheMiddleware cache = cache(Duration.ofSeconds(30));
        Handler answer = (request, response) -> {
            response.headers().set("Cache-Control", "public, max-age=60");
            response.send("shared");
        };
        Handler handler = handler(answer, answer);
        // a request with a cookie finds no leader: it runs the handler without leading
        Future<TestResponse> signedIn = request(cache, handler, "Cookie", "sid=1");
        assertTrue(leaderStarted.await(10, TimeUnit.SECONDS));
        assertEquals(0, cache.flights().inFlight(), "it did not lead");
        release.countDown();
        assertEquals("shared", signedIn.get(30, TimeUnit.SECONDS).text());
        assertEquals(1, runs.get());
        assertEquals("HIT", result(cache, "Cache-Control", "no-store").headers().first("X-Cache"));
        assertEquals("HIT", result(cache, "If-None-Match", "\"x\"").headers().first("X-Cache"));
        assertEquals("HIT", result(cache, "Authorization", "Bearer x").headers().first("X-Cache"));
    }

    private static TestResponse result(CacheMiddleware cache, String... headers) throws Exception {
        TestResponse response = new TestResponse();
        cache.handle(TestRequest.builder("GET", "/slow").headers(headers).build(), response,
                (request, r) -> fail("the stored response answers"));
        return response;
    }

    @Test
    void aConditionalRequestThatMissesDoesNotLead() throws Exception {
        CacheMiddleware cache = cache(Duration.ofSeconds(30));
        Handler answer = (request, response) -> {
            response.headers().set("Cache-Control", "max-age=60");
            response.send("stored");
        };
        Future<TestResponse> conditional = request(cache, handler(answer, answer), "If-None-Match", "\"old\"");
        assertTrue(leaderStarted.await(10, TimeUnit.SECONDS));
        assertEquals(0, cache.flights().inFlight());
        release.countDown();
        assertEquals("stored", conditional.get(30, TimeUnit.SECONDS).text());
    }

    @Test
    void aNoStoreRequestWaitsForARunningLeader() throws Exception {
        CacheMiddleware cache = cache(Duration.ofSeconds(30));
        Handler answer = (request, response) -> {
            response.headers().set("Cache-Control", "max-age=60");
            response.send("stored");
        };
        Handler handler = handler(answer, answer);
        Future<TestResponse> leader = request(cache, handler);
        assertTrue(leaderStarted.await(10, TimeUnit.SECONDS));
        Future<TestResponse> follower = request(cache, handler, "Cache-Control", "no-store");
        awaitWaiting(cache, 1);
        release.countDown();
        assertEquals("stored", leader.get(30, TimeUnit.SECONDS).text());
        assertEquals("HIT", follower.get(30, TimeUnit.SECONDS).headers().first("X-Cache"));
        assertEquals(1, runs.get());
    }

    @Test
    void aUrlWhoseResponseWasNotStorableIsNotCoalescedForAWhile() throws Exception {
        CacheMiddleware cache = cache(Duration.ofSeconds(30));
        Handler personal = (request, response) -> {
            response.headers().set("Cache-Control", "private");
            response.send("private");
        };
        TestResponse first = new TestResponse();
        cache.handle(TestRequest.builder("GET", "/slow").build(), first, personal);
        // the next request is held inside its handler: it did not lead, so nobody would wait for it
        Future<TestResponse> held = request(cache, handler(personal, personal));
        assertTrue(leaderStarted.await(10, TimeUnit.SECONDS));
        assertEquals(0, cache.flights().inFlight());
        release.countDown();
        assertEquals("private", held.get(30, TimeUnit.SECONDS).text());

        clock.advance(Duration.ofMillis(CacheMiddleware.PASS_MILLIS + 1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        Future<TestResponse> later = executor.submit(() -> {
            TestResponse response = new TestResponse();
            cache.handle(TestRequest.builder("GET", "/slow").build(), response, (request, r) -> {
                started.countDown();
                assertTrue(go.await(30, TimeUnit.SECONDS));
                personal.handle(request, r);
            });
            return response;
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertEquals(1, cache.flights().inFlight(), "once the time is over, a miss leads again");
        go.countDown();
        later.get(30, TimeUnit.SECONDS);
    }

    @Test
    void differentVariantsDoNotShareTheLeadersAnswer() throws Exception {
        CacheMiddleware cache = cache(Duration.ofSeconds(30));
        Handler answer = (request, response) -> {
            response.headers().set("Cache-Control", "max-age=60");
            response.headers().set("Vary", "Accept-Language");
            response.send("in " + request.header("Accept-Language"));
        };
        Handler handler = handler(answer, answer);
        Future<TestResponse> leader = request(cache, handler, "Accept-Language", "en");
        assertTrue(leaderStarted.await(10, TimeUnit.SECONDS));
        Future<TestResponse> french = request(cache, handler, "Accept-Language", "fr");
        awaitWaiting(cache, 1);
        release.countDown();
        assertEquals("in en", leader.get(30, TimeUnit.SECONDS).text());
        assertEquals("in fr", french.get(30, TimeUnit.SECONDS).text());
        assertEquals(2, runs.get());
    }
}
