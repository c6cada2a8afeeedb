package motor.ext.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import motor.core.Server;
import motor.ext.metrics.Metrics;
import motor.spi.HttpException;
import motor.spi.Routes;
import motor.spi.extension.ConfigException;
import motor.test.Curl;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The endpoint in a real server on a loopback port, read with the JDK HttpClient and curl. */
class MetricsServerTest {

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void routes(Routes r) {
        r.get("/hello", (req, res) -> res.send("hello"));
        r.post("/echo", (req, res) -> res.send(req.bodyBytes()));
        r.get("/fail", (req, res) -> {
            throw new HttpException(503, "busy");
        });
        r.get("/order", (req, res) -> {
            Metrics.of(req).counter("orders_total", "Orders placed", "kind", req.query().first("kind")).increment();
            res.status(204);
        });
    }

    private TestServer start(Map<String, Object> metrics, Server.Builder builder) throws Exception {
        server = TestServer.start(builder.discoverExtensions(false).extension(new MetricsExtension())
                .config(Map.of("metrics", metrics)).routes(MetricsServerTest::routes));
        return server;
    }

    private TestServer start(Map<String, Object> metrics) throws Exception {
        return start(metrics, Server.builder());
    }

    private Scrape scrape(String path) throws Exception {
        HttpResponse<String> response = server.get(path);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        return Scrape.parse(response.body());
    }

    /**
     * Scrapes until {@code series} reaches {@code expected}: a response reaches the client a moment before
     * the server's event for it is published. Bounded: gives up after ten seconds.
     */
    private Scrape scrapeUntil(String series, double expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Scrape scrape = scrape("/metrics");
        while (scrape.valueOr(series, 0) < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
            scrape = scrape("/metrics");
        }
        return scrape;
    }

    @Test
    void requestsAreCountedByMethodAndStatus() throws Exception {
        start(Map.of());
        assertEquals(200, server.get("/hello").statusCode());
        assertEquals(200, server.get("/hello").statusCode());
        assertEquals(404, server.get("/missing").statusCode());
        assertEquals(503, server.get("/fail").statusCode());
        HttpResponse<String> echo = server.send(server.request("/echo")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x".repeat(1000))));
        assertEquals(200, echo.statusCode());
        try (motor.test.RawClient raw = server.raw()) {
            // refused before a request exists: counted without a method, and not as in flight
            raw.send("GET /hello HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n");
            assertEquals(400, raw.read().status());
        }
        Scrape scrape = scrapeUntil("http_requests_total{method=\"POST\",code=\"200\"}", 1);
        assertEquals(1, scrape.value("http_requests_total{method=\"other\",code=\"400\"}"));
        assertEquals(2, scrape.value("http_requests_total{method=\"GET\",code=\"200\"}"));
        assertEquals(1, scrape.value("http_requests_total{method=\"GET\",code=\"404\"}"));
        assertEquals(1, scrape.value("http_requests_total{method=\"GET\",code=\"503\"}"));
        assertTrue(scrape.value("http_response_body_bytes_total") >= 1010);
        assertTrue(scrape.value("http_connections_opened_total") >= 1);
        assertTrue(scrape.value("http_connections_open") >= 1, "the client's connection is open");
        assertEquals(1, scrape.value("http_requests_in_flight"), "the scrape itself");
        scrape.assertHistogram("http_request_duration_seconds");
        assertTrue(scrape.value("jvm_memory_used_bytes{area=\"heap\"}") > 0);
    }

    @Test
    void totalsAddUpExactlyUnderConcurrentLoadWhileScraping() throws Exception {
        start(Map.of("jvm", false));
        int clients = 40;
        int perClient = 25;
        List<Future<Integer>> scrapes = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                threads.submit(() -> {
                    for (int i = 0; i < perClient; i++) {
                        HttpResponse<String> echo = server.send(server.request("/echo")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("hello")));
                        assertEquals(200, echo.statusCode());
                    }
                    return null;
                });
            }
            for (int s = 0; s < 20; s++) {
                scrapes.add(threads.submit(() -> {
                    Scrape.parse(server.get("/metrics").body()); // well formed while counters move
                    return 1;
                }));
            }
        }
        for (Future<Integer> s : scrapes) {
            assertEquals(1, s.get());
        }
        // the load is POST, the scrapes GET: the POST count must be exact, neither lost nor doubled
        Scrape scrape = scrapeUntil("http_requests_total{method=\"POST\",code=\"200\"}", clients * perClient);
        assertEquals(clients * perClient, scrape.value("http_requests_total{method=\"POST\",code=\"200\"}"));
        double gets = scrape.value("http_requests_total{method=\"GET\",code=\"200\"}");
        assertTrue(gets >= 20, "the scrapes during the load: " + gets);
        assertTrue(scrape.value("http_request_duration_seconds_count") >= clients * perClient + 20);
        assertTrue(scrape.value("http_response_body_bytes_total") >= clients * perClient * 5L, "5 bytes per echo");
        assertTrue(scrape.value("http_requests_in_flight") >= 1, "the scrape itself");
        scrape.assertHistogram("http_request_duration_seconds");
    }

    @Test
    void applicationCountersAppearNextToTheServers() throws Exception {
        start(Map.of("path", "/internal/metrics"));
        assertEquals(204, server.get("/order?kind=gift").statusCode());
        assertEquals(204, server.get("/order?kind=gift").statusCode());
        assertEquals(204, server.get("/order?kind=a%22b%0Ac").statusCode());
        Scrape scrape = scrape("/internal/metrics");
        assertEquals(2, scrape.value("orders_total{kind=\"gift\"}"));
        assertEquals(1, scrape.value("orders_total{kind=\"a\\\"b\\nc\"}"));
        assertEquals(404, server.get("/metrics").statusCode(), "the default path is not served");
    }

    @Test
    void servedOnlyOnTheNamedListener() throws Exception {
        start(Map.of("listener", "admin"), Server.builder().listen("admin", new InetSocketAddress("127.0.0.1", 0)));
        int adminPort = -1;
        for (SocketAddress address : server.server().addresses()) {
            if (address instanceof InetSocketAddress inet && inet.getPort() != server.port()) {
                adminPort = inet.getPort();
            }
        }
        assertTrue(adminPort > 0);
        assertEquals(404, server.get("/metrics").statusCode(), "not on the public listener");
        assertHidden("/metrics");
        assertEquals(200, server.get("/hello").statusCode());
        HttpResponse<String> admin = server.client().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                .timeout(java.time.Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, admin.statusCode());
        Scrape.parse(admin.body());
    }

    @Test
    void aListenerNameNoListenerHasStopsTheStart() {
        motor.spi.extension.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                motor.spi.extension.ConfigException.class, () -> start(Map.of("listener", "admn")));
        assertTrue(e.getMessage().contains("metrics.listener") && e.getMessage().contains("\"admn\""), e.getMessage());
    }

    /**
     * A refused client must not learn that the endpoint exists: every method, and an encoded spelling of
     * the path, get the 404 of a path without a route (no 405 with an Allow field, no other message).
     */
    private void assertHidden(String path) throws Exception {
        HttpResponse<String> nothing = server.get("/no-such-path");
        assertEquals(404, nothing.statusCode());
        String message = "no resource at this path";
        assertTrue(nothing.body().contains(message), "[" + nothing.body() + "] " + nothing.headers().map());
        for (String method : List.of("GET", "POST", "PUT", "DELETE", "OPTIONS")) {
            for (String target : List.of(path, path.replace("m", "%6D"))) {
                HttpResponse<String> response = server.send(server.request(target)
                        .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()));
                assertEquals(404, response.statusCode(), method + " " + target);
                assertTrue(response.headers().firstValue("Allow").isEmpty(), method + " " + target);
                assertTrue(response.body().contains(message), method + " " + target + ": " + response.body());
            }
        }
    }

    @Test
    void allowListsClientAddresses() throws Exception {
        start(Map.of("allow", List.of("10.0.0.0/8")));
        assertEquals(404, server.get("/metrics").statusCode(), "127.0.0.1 is not allowed");
        assertHidden("/metrics");
        server.close();
        start(Map.of("allow", List.of("10.0.0.0/8", "127.0.0.0/8")));
        assertEquals(200, server.get("/metrics").statusCode());
    }

    @Test
    void curlReadsTheExposition() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        start(Map.of());
        Curl.Result result = Curl.run("--include", server.uri("/metrics").toString());
        assertEquals(0, result.exit(), result.err());
        assertEquals(200, result.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", result.header("Content-Type"));
        Scrape.parse(result.body());
        Curl.Result head = Curl.run("--head", server.uri("/metrics").toString());
        assertEquals(0, head.exit(), head.err());
        assertEquals(200, head.status());
    }

    @Test
    void wrongSettingsStopTheStart() {
        for (Map<String, Object> bad : List.of(
                Map.<String, Object>of("path", "metrics"),
                Map.<String, Object>of("path", "/m/{x}"),
                Map.<String, Object>of("allow", List.of("localhost")),
                Map.<String, Object>of("allow", List.of("10.0.0.0/40")),
                Map.<String, Object>of("listener", " "),
                Map.<String, Object>of("jvm", "sometimes"),
                Map.<String, Object>of("paht", "/m"))) {
            ConfigException e = assertThrows(ConfigException.class, () -> start(bad), bad.toString());
            assertTrue(e.getMessage().contains(bad.keySet().iterator().next()), e.getMessage());
        }
    }
}
