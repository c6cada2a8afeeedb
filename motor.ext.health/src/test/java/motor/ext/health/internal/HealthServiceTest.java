package motor.ext.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import motor.ext.health.Health;
import motor.ext.health.HealthResult;
import org.junit.jupiter.api.Test;

/** Readiness without a server: the lifecycle states, caching, timeouts, failures and the JSON body. */
class HealthServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A clock the test moves by hand. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final HealthService service = new HealthService(Duration.ofSeconds(5), Duration.ofSeconds(1), nanos::get);

    @Test
    void theLifecycleDecidesFirst() {
        service.register("ok", HealthResult::up);
        assertEquals("UP", service.probe().status(), "installed into a running server: no start events came");
        service.state(HealthService.State.STARTING);
        HealthService.Report starting = service.probe();
        assertEquals("STARTING", starting.status());
        assertFalse(starting.ready());
        service.state(HealthService.State.RUNNING);
        assertTrue(service.ready());
        service.state(HealthService.State.STOPPING);
        assertEquals("STOPPING", service.probe().status());
        assertFalse(service.ready());
    }

    @Test
    void oneFailingCheckMakesTheWholeDown() {
        service.state(HealthService.State.RUNNING);
        assertTrue(service.ready(), "no checks: ready");
        service.register("db", () -> HealthResult.up(Map.of("pool", "3/10")));
        service.register("queue", () -> HealthResult.down("broker unreachable"));
        service.register("cache", () -> {
            throw new IllegalStateException("secret host name in here");
        });
        service.register("lazy", () -> null);
        HealthService.Report report = service.probe();
        assertEquals("DOWN", report.status());
        assertEquals(List.of("cache", "db", "lazy", "queue"), new ArrayList<>(report.checks().keySet()), "by name");
        assertTrue(report.checks().get("db").healthy());
        assertEquals(Map.of("error", "java.lang.IllegalStateException"), report.checks().get("cache").details());
        assertFalse(report.checks().get("lazy").healthy());
        String body = HealthExtension.json(report, true);
        assertFalse(body.contains("secret"), "exception messages stay in the log");
        JsonNode json = parse(body);
        assertEquals("DOWN", json.get("status").asText());
        assertEquals("3/10", json.get("checks").get("db").get("details").get("pool").asText());
        assertEquals("broker unreachable", json.get("checks").get("queue").get("details").get("reason").asText());
        JsonNode hidden = parse(HealthExtension.json(report, false));
        assertEquals("DOWN", hidden.get("checks").get("queue").get("status").asText());
        assertTrue(hidden.get("checks").get("queue").get("details") == null, "details hidden");
    }

    @Test
    void resultsAreCachedForCacheFor() {
        service.state(HealthService.State.RUNNING);
        service.register("db", HealthResult::up);
        assertTrue(service.ready());
        assertTrue(service.ready());
        assertEquals(1, service.check("db").runs());
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertTrue(service.ready());
        assertEquals(1, service.check("db").runs());
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertTrue(service.ready());
        assertEquals(2, service.check("db").runs());
    }

    @Test
    void aProbeStormRunsTheCheckOnce() throws Exception {
        service.state(HealthService.State.RUNNING);
        CountDownLatch release = new CountDownLatch(1);
        service.register("slow", () -> {
            release.await(10, TimeUnit.SECONDS);
            return HealthResult.up();
        });
        List<Future<Boolean>> probes = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                probes.add(threads.submit(service::ready));
            }
            // every probe joins the one run; none can finish before the release
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (service.check("slow") == null || service.check("slow").runs() == 0) {
                assertTrue(System.nanoTime() < deadline, "the check started");
                Thread.sleep(1);
            }
            release.countDown();
        }
        for (Future<Boolean> probe : probes) {
            assertTrue(probe.get());
        }
        assertEquals(1, service.check("slow").runs());
    }

    @Test
    void aStuckCheckIsDownAfterItsTimeoutAndIsNotStartedAgain() throws Exception {
        HealthService real = new HealthService(Duration.ofMillis(50), Duration.ZERO, System::nanoTime);
        real.state(HealthService.State.RUNNING);
        CountDownLatch release = new CountDownLatch(1);
        real.register("stuck", () -> {
            release.await(10, TimeUnit.SECONDS);
            return HealthResult.up();
        });
        real.register("fine", Duration.ofSeconds(5), Duration.ZERO, HealthResult::up);
        HealthService.Report first = real.probe();
        assertEquals("DOWN", first.status());
        assertEquals(Map.of("reason", "no answer within 50 ms"), first.checks().get("stuck").details());
        assertTrue(first.checks().get("fine").healthy());
        assertFalse(real.ready());
        assertEquals(1, real.check("stuck").runs(), "joined, not started again");
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean ready = false;
        while (!ready && System.nanoTime() < deadline) {
            ready = real.ready();
        }
        assertTrue(ready, "up once the check returns");
    }

    @Test
    void aCheckThatThrowsAnErrorIsDownOnceAndRunsAgainLater() throws Exception {
        // an AssertionError (a check written with assert, a test library) or any other Error must not leave
        // the run unfinished: readiness would be DOWN for good and the check never started again
        HealthService real = new HealthService(Duration.ofSeconds(5), Duration.ZERO, System::nanoTime);
        real.state(HealthService.State.RUNNING);
        AtomicLong calls = new AtomicLong();
        real.register("flaky", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new AssertionError("pool invariant broken");
            }
            return HealthResult.up();
        });
        HealthService.Report first = real.probe();
        assertEquals("DOWN", first.status());
        assertEquals(Map.of("error", "java.lang.AssertionError"), first.checks().get("flaky").details(),
                "reported at once, not after the timeout");
        assertTrue(real.ready(), "the next probe runs the check again");
        assertEquals(2, real.check("flaky").runs());
    }

    @Test
    void registrationsAreCheckedAndCanBeRemoved() {
        Health.Registration registration = service.register("db", () -> HealthResult.down("x"));
        assertThrows(IllegalArgumentException.class, () -> service.register("db", HealthResult::up));
        for (String bad : new String[] {"", "a b", "a\"b", "x".repeat(65), "é"}) {
            assertThrows(IllegalArgumentException.class, () -> service.register(bad, HealthResult::up), bad);
        }
        assertThrows(IllegalArgumentException.class,
                () -> service.register("t", Duration.ZERO, Duration.ZERO, HealthResult::up));
        assertThrows(IllegalArgumentException.class,
                () -> service.register("t", Duration.ofSeconds(1), Duration.ofSeconds(-1), HealthResult::up));
        assertFalse(service.ready());
        registration.close();
        registration.close();
        assertTrue(service.ready());
        service.register("db", HealthResult::up); // the name is free again
    }

    @Test
    void detailsAreEscapedInJson() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("quote\"key", "line\nbreak \u001b[31m \\ \u2028 é");
        HealthService.Report report = new HealthService.Report("UP", true,
                Map.of("n", HealthResult.up(details)));
        String body = HealthExtension.json(report, true);
        assertFalse(body.contains("\n") || body.contains("\u001b"), body);
        JsonNode json = parse(body);
        assertEquals("line\nbreak \u001b[31m \\ \u2028 é", json.get("checks").get("n").get("details").get("quote\"key").asText());
        assertThrows(NullPointerException.class, () -> HealthResult.up(java.util.Collections.singletonMap("a", null)));
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
