package motor.ext.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How requests spread over three upstreams under each balance. */
class ProxyBalancingTest {

    private static final Upstreams.Control[] CONTROLS = {new Upstreams.Control(), new Upstreams.Control(),
        new Upstreams.Control()};
    private static final String[] IDS = {"A", "B", "C"};
    private static final TestServer[] UPSTREAMS = new TestServer[3];
    private static List<URI> uris;

    @BeforeAll
    static void start() throws Exception {
        for (int i = 0; i < 3; i++) {
            UPSTREAMS[i] = Upstreams.start(IDS[i], CONTROLS[i]);
        }
        uris = List.of(Upstreams.uri(UPSTREAMS[0]), Upstreams.uri(UPSTREAMS[1]), Upstreams.uri(UPSTREAMS[2]));
    }

    @AfterAll
    static void stop() {
        for (int i = 0; i < 3; i++) {
            CONTROLS[i].release.countDown();
            UPSTREAMS[i].close();
        }
    }

    private static Map<String, Integer> spread(TestServer proxy, int requests) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = proxy.get("/status/200");
            assertEquals(200, response.statusCode(), response.body());
            counts.merge(response.headers().firstValue("X-Upstream").orElseThrow(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void roundRobinGivesEachUpstreamItsTurn() throws Exception {
        try (TestServer proxy = Upstreams.proxy(Upstreams.route("/", uris))) {
            assertEquals(Map.of("A", 10, "B", 10, "C", 10), spread(proxy, 30));
        }
    }

    @Test
    void weightsSetTheShares() throws Exception {
        try (TestServer proxy = Upstreams.proxy(Upstreams.route("/", uris, "weights", List.of(2, 1, 1)))) {
            assertEquals(Map.of("A", 20, "B", 10, "C", 10), spread(proxy, 40));
        }
    }

    @Test
    void randomReachesEveryUpstream() throws Exception {
        try (TestServer proxy = Upstreams.proxy(Upstreams.route("/", uris, "balance", "random"))) {
            // the chance that one of three gets none of 60 is below 1e-10
            assertEquals(Set.of("A", "B", "C"), spread(proxy, 60).keySet());
        }
    }

    @Test
    void leastRequestsAvoidsTheUpstreamThatIsBusy() throws Exception {
        try (TestServer proxy = Upstreams.proxy(Upstreams.route("/", uris.subList(0, 2), "balance", "least-requests"))) {
            CompletableFuture<HttpResponse<String>> held = proxy.client().sendAsync(proxy.request("/hold").build(),
                    HttpResponse.BodyHandlers.ofString());
            int busy = -1;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (busy < 0 && System.nanoTime() - end < 0) {
                for (int i = 0; i < 2; i++) {
                    if (CONTROLS[i].holding.getCount() == 0) {
                        busy = i;
                    }
                }
                Thread.sleep(10);
            }
            assertTrue(busy >= 0, "the held request reached an upstream");
            Map<String, Integer> counts = spread(proxy, 8);
            assertEquals(Map.of(IDS[1 - busy], 8), counts, "while one is busy, the other gets everything");
            CONTROLS[busy].release.countDown();
            HttpResponse<String> response = held.get(15, TimeUnit.SECONDS);
            assertEquals("released", response.body());
            assertEquals(Set.of("A", "B"), spread(proxy, 4).keySet(), "idle again: ties are shared");
        }
    }

    @Test
    void manyConcurrentExchangesEachGetTheirOwnAnswer() throws Exception {
        try (TestServer proxy = Upstreams.proxy(Upstreams.route("/", uris, "balance", "least-requests"))) {
            List<CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 300; i++) {
                HttpRequest.Builder request = proxy.request("/echo/n?i=" + i);
                if (i % 3 == 0) {
                    request.POST(HttpRequest.BodyPublishers.ofString("body " + i));
                }
                answers.add(proxy.client().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
            }
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                HttpResponse<String> response = answers.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
                Map<String, List<String>> seen = Upstreams.parse(response.body());
                assertEquals("/echo/n?i=" + i, Upstreams.one(seen, "target"));
                assertEquals(i % 3 == 0 ? String.valueOf(("body " + i).length()) : "0", Upstreams.one(seen, "length"));
                counts.merge(Upstreams.one(seen, "id"), 1, Integer::sum);
            }
            assertEquals(Set.of("A", "B", "C"), counts.keySet(), "all upstreams served: " + counts);
        }
    }

    @Test
    void ipHashKeepsEachClientOnOneUpstream() throws Exception {
        try (TestServer proxy = Upstreams.proxy(Upstreams.route("/", uris, "balance", "ip-hash"))) {
            Set<String> used = new HashSet<>();
            for (int c = 1; c <= 24; c++) {
                InetAddress local = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) c});
                try (HttpClient client = HttpClient.newBuilder().localAddress(local)
                        .connectTimeout(Duration.ofSeconds(10)).proxy(HttpClient.Builder.NO_PROXY).build()) {
                    String first = null;
                    for (int i = 0; i < 3; i++) {
                        HttpResponse<String> response = client.send(HttpRequest.newBuilder(proxy.uri("/echo/x"))
                                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                        assertEquals("127.0.0." + c, Upstreams.one(Upstreams.parse(response.body()),
                                "h.x-forwarded-for"));
                        String id = response.headers().firstValue("X-Upstream").orElseThrow();
                        if (first == null) {
                            first = id;
                        }
                        assertEquals(first, id, "client 127.0.0." + c + " moved");
                    }
                    used.add(first);
                }
            }
            assertNotEquals(1, used.size(), "24 clients did not all land on one upstream: " + used);
        }
    }
}
