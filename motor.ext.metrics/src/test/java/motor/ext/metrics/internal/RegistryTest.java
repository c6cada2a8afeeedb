package motor.ext.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import motor.ext.metrics.Counter;
import motor.ext.metrics.Gauge;
import motor.ext.metrics.Metrics;
import motor.spi.event.ConnectionClosed;
import motor.spi.event.ConnectionOpened;
import motor.spi.event.RequestStarted;
import motor.spi.event.ResponseCompleted;
import org.junit.jupiter.api.Test;

/** The registry, the exposition text and the HTTP collector, without a server. */
class RegistryTest {

    @Test
    void namesFollowThePrometheusRules() {
        for (String good : List.of("a", "_x", "http_requests_total", "A9_b")) {
            assertTrue(Metrics.isValidName(good), good);
        }
        for (String bad : List.of("", "9a", "a-b", "a.b", "a b", "a:b", "é", "a\n")) {
            assertFalse(Metrics.isValidName(bad), bad);
        }
        assertFalse(Metrics.isValidName(null));
        assertTrue(Metrics.isValidLabelName("_a"));
        assertFalse(Metrics.isValidLabelName("__name__"));
        assertFalse(Metrics.isValidLabelName("1a"));
    }

    @Test
    void countersAndGaugesAreWrittenWithTheirLabels() {
        Registry registry = new Registry();
        Counter gifts = registry.counter("orders_total", "Orders placed", "kind", "gift");
        Counter plain = registry.counter("orders_total", "Orders placed", "kind", "plain \"x\"\\\n");
        gifts.increment();
        gifts.add(4);
        plain.increment();
        assertSame(gifts, registry.counter("orders_total", "Orders placed", "kind", "gift"));
        Gauge queue = registry.gauge("queue_items", "Items waiting\nnow \\ later");
        queue.set(2.5);
        queue.add(-1);
        registry.gauge("pool_size", "Pool", () -> 7);
        registry.gauge("broken", "Throws", () -> {
            throw new IllegalStateException();
        });
        // a plugin whose dependency is missing fails only when called, with a LinkageError; an assert fails
        // with an AssertionError: either must cost that series, not the whole scrape
        registry.gauge("unlinked", "Throws an Error", () -> {
            throw new NoClassDefFoundError("com/example/Pool");
        });
        registry.gauge("asserted", "Throws an Error", () -> {
            throw new AssertionError("pool invariant");
        });
        String text = registry.scrape();
        Scrape scrape = Scrape.parse(text);
        assertEquals(5, scrape.value("orders_total{kind=\"gift\"}"));
        assertEquals(1, scrape.value("orders_total{kind=\"plain \\\"x\\\"\\\\\\n\"}"));
        assertEquals(1.5, scrape.value("queue_items"));
        assertEquals(7, scrape.value("pool_size"));
        assertTrue(Double.isNaN(scrape.value("broken")));
        assertTrue(Double.isNaN(scrape.value("unlinked")));
        assertTrue(Double.isNaN(scrape.value("asserted")));
        assertEquals("counter", scrape.types.get("orders_total"));
        assertEquals("gauge", scrape.types.get("queue_items"));
        assertEquals("Items waiting\\nnow \\\\ later", scrape.helps.get("queue_items"));
        assertTrue(text.startsWith("# HELP orders_total Orders placed\n# TYPE orders_total counter\n"
                + "orders_total{kind=\"gift\"} 5\n"), text);
    }

    @Test
    void clashesAndBadArgumentsAreRefused() {
        Registry registry = new Registry();
        registry.add(new HttpMetrics());
        registry.counter("jobs_total", "Jobs", "queue", "a");
        registry.gauge("level", "Level", () -> 1);
        assertThrows(IllegalArgumentException.class, () -> registry.gauge("jobs_total", "Jobs"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("jobs_total", "Jobs", "other", "a"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("jobs_total", "Jobs"));
        assertThrows(IllegalArgumentException.class, () -> registry.gauge("level", "Level", () -> 2));
        assertThrows(IllegalArgumentException.class, () -> registry.gauge("level", "Level"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("http_requests_total", "mine"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("http_request_duration_seconds_count", "x"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("bad-name", "x"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("x_total", "x", "only-name"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("x_total", "x", "a", "1", "a", "2"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("x_total", "x", "__a", "1"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("x_total", "x").add(-1));
        Scrape.parse(registry.scrape());
    }

    @Test
    void seriesAreBounded() {
        Registry registry = new Registry();
        for (int i = 0; i < Registry.MAX_SERIES; i++) {
            registry.counter("per_user_total", "A misuse", "user", "u" + i);
        }
        assertThrows(IllegalArgumentException.class, () -> registry.counter("per_user_total", "A misuse", "user", "one more"));
        registry.counter("per_user_total", "A misuse", "user", "u1").increment(); // existing ones still work
        // a name fed from user input is refused past the bound too, and leaves nothing behind: no empty
        // family in the scrape, no name taken
        for (int i = 0; i < 100; i++) {
            String name = "per_user_" + i + "_total";
            assertThrows(IllegalArgumentException.class, () -> registry.counter(name, "A misuse"));
            assertThrows(IllegalArgumentException.class, () -> registry.gauge(name, "A misuse", () -> 1));
        }
        String text = registry.scrape();
        assertFalse(text.contains("per_user_0_total"), "no family without series");
        assertEquals(1, text.lines().filter(line -> line.startsWith("# TYPE")).count());
    }

    @Test
    void concurrentIncrementsAreAllCounted() throws Exception {
        Registry registry = new Registry();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 50; t++) {
                threads.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        registry.counter("hits_total", "Hits", "shard", "s" + (i % 3)).increment();
                        registry.gauge("level", "Level").add(1);
                    }
                });
            }
        }
        Scrape scrape = Scrape.parse(registry.scrape());
        double total = 0;
        for (int s = 0; s < 3; s++) {
            total += scrape.value("hits_total{shard=\"s" + s + "\"}");
        }
        assertEquals(50_000, total);
        assertEquals(50_000, scrape.value("level"));
    }

    @Test
    void httpMetricsFromEvents() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        HttpMetrics http = new HttpMetrics(now::get);
        now.set(100_000_000_000L); // the events below began well after the install
        InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 1);
        http.connectionOpened(new ConnectionOpened(1, remote, remote));
        http.connectionOpened(new ConnectionOpened(2, remote, remote));
        http.connectionClosed(new ConnectionClosed(2, 0, 10));
        String[][] requests = {{"GET", "200", "1000000"}, {"GET", "200", "5000000"}, {"GET", "404", "5000001"},
                {"BREW", "501", "20000000000"}, {"PATCH", "204", "0"}};
        for (String[] r : requests) {
            http.requestStarted(new RequestStarted(1, "id", r[0], "/"));
            http.responseCompleted(new ResponseCompleted(1, "id", remote, r[0], "/", "HTTP/1.1",
                    Integer.parseInt(r[1]), 10, Long.parseLong(r[2])));
        }
        http.requestStarted(new RequestStarted(1, "still", "GET", "/slow"));
        // an answer the server gives before a request exists: counted, but not as a finished request
        http.responseCompleted(new ResponseCompleted(3, null, remote, null, null, null, 400, 5, 0));
        Registry registry = new Registry();
        registry.add(http);
        Scrape scrape = Scrape.parse(registry.scrape());
        assertEquals(2, scrape.value("http_requests_total{method=\"GET\",code=\"200\"}"));
        assertEquals(1, scrape.value("http_requests_total{method=\"GET\",code=\"404\"}"));
        assertEquals(1, scrape.value("http_requests_total{method=\"other\",code=\"501\"}"));
        assertEquals(1, scrape.value("http_requests_total{method=\"PATCH\",code=\"204\"}"));
        assertEquals(1, scrape.value("http_requests_total{method=\"other\",code=\"400\"}"));
        assertEquals(6, scrape.value("http_request_duration_seconds_count"));
        assertEquals(4, scrape.value("http_request_duration_seconds_bucket{le=\"0.005\"}"), "5 ms is in le=0.005");
        assertEquals(5, scrape.value("http_request_duration_seconds_bucket{le=\"0.01\"}"));
        assertEquals(5, scrape.value("http_request_duration_seconds_bucket{le=\"10\"}"));
        assertEquals(6, scrape.value("http_request_duration_seconds_bucket{le=\"+Inf\"}"));
        assertEquals(20.011000001, scrape.value("http_request_duration_seconds_sum"), 1e-9);
        scrape.assertHistogram("http_request_duration_seconds");
        assertEquals(55, scrape.value("http_response_body_bytes_total"));
        assertEquals(1, scrape.value("http_requests_in_flight"));
        assertEquals(1, scrape.value("http_connections_open"));
        assertEquals(2, scrape.value("http_connections_opened_total"));
    }

    @Test
    void installedWhileTheServerRunsTheGaugesIgnoreWhatBeganBefore() {
        // a plugin reload installs a fresh extension into a running server: connections and requests that
        // began before end under its eyes, and must not pull its gauges below the truth for good
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000_000L);
        HttpMetrics http = new HttpMetrics(now::get);
        InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 1);
        now.addAndGet(5_000);
        // began 10 µs ago, before the install: ends only
        http.connectionClosed(new ConnectionClosed(1, 3, 10_000));
        http.connectionClosed(new ConnectionClosed(2, 3, 10_000));
        http.responseCompleted(new ResponseCompleted(1, "1-3", remote, "GET", "/", "HTTP/1.1", 200, 1, 10_000));
        // began after the install: both ends
        http.connectionOpened(new ConnectionOpened(3, remote, remote));
        http.connectionOpened(new ConnectionOpened(4, remote, remote));
        http.requestStarted(new RequestStarted(3, "3-1", "GET", "/"));
        http.requestStarted(new RequestStarted(4, "4-1", "GET", "/"));
        http.responseCompleted(new ResponseCompleted(3, "3-1", remote, "GET", "/", "HTTP/1.1", 200, 1, 1_000));
        Registry registry = new Registry();
        registry.add(http);
        Scrape scrape = Scrape.parse(registry.scrape());
        assertEquals(2, scrape.value("http_connections_open"));
        assertEquals(1, scrape.value("http_requests_in_flight"));
        assertEquals(2, scrape.value("http_requests_total{method=\"GET\",code=\"200\"}"),
                "every answer given while installed is counted");
        assertEquals(2, scrape.value("http_connections_opened_total"));
    }

    @Test
    void numbersAndEscapes() {
        StringBuilder b = new StringBuilder();
        Exposition.number(b.append(' '), Double.POSITIVE_INFINITY);
        Exposition.number(b.append(' '), Double.NEGATIVE_INFINITY);
        Exposition.number(b.append(' '), Double.NaN);
        Exposition.number(b.append(' '), 3.0);
        Exposition.number(b.append(' '), -0.25);
        Exposition.number(b.append(' '), 1e20);
        assertEquals(" +Inf -Inf NaN 3 -0.25 1.0E20", b.toString());
        assertEquals("a=\"x\\\\y\\\"z\\n\"", Exposition.labels("a", "x\\y\"z\n"));
    }

    @Test
    void randomLabelValuesAndHelpTextsKeepTheFormat() {
        java.util.Random random = new java.util.Random(42);
        Registry registry = new Registry();
        List<String> values = new java.util.ArrayList<>();
        for (int round = 0; round < 500; round++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(20);
            for (int i = 0; i < length; i++) {
                b.append(random.nextBoolean() ? "\"\\\n\r{}=, #".charAt(random.nextInt(10)) : (char) (0x20 + random.nextInt(0x60)));
            }
            String value = b.toString();
            if (!values.contains(value)) {
                values.add(value);
                registry.counter("fuzz_total", "help with \\ and \n and \r", "v", value).increment();
            }
        }
        Scrape scrape = Scrape.parse(registry.scrape());
        assertEquals(values.size(), scrape.samples.size());
        assertEquals("help with \\\\ and \\n and  ", scrape.helps.get("fuzz_total"));
    }

    @Test
    void jvmMetricsParse() {
        Registry registry = new Registry();
        registry.add(new JvmMetrics());
        Scrape scrape = Scrape.parse(registry.scrape());
        assertTrue(scrape.value("jvm_memory_used_bytes{area=\"heap\"}") > 0);
        assertTrue(scrape.value("jvm_threads_live") > 0);
        assertTrue(scrape.value("process_uptime_seconds") > 0);
        assertTrue(scrape.samples.keySet().stream().anyMatch(s -> s.startsWith("jvm_gc_collections_total{gc=")));
    }

    @Test
    void addressFilter() {
        motor.spi.AddressRanges filter = motor.spi.AddressRanges.parse(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1", "172.16.0.0/12"));
        assertTrue(filter.contains((java.net.SocketAddress) new InetSocketAddress("10.200.3.4", 1)));
        assertTrue(filter.contains((java.net.SocketAddress) new InetSocketAddress("192.168.1.7", 1)));
        assertFalse(filter.contains((java.net.SocketAddress) new InetSocketAddress("192.168.1.8", 1)));
        assertTrue(filter.contains((java.net.SocketAddress) new InetSocketAddress("172.31.255.255", 1)));
        assertFalse(filter.contains((java.net.SocketAddress) new InetSocketAddress("172.32.0.0", 1)));
        assertTrue(filter.contains((java.net.SocketAddress) new InetSocketAddress("fd12::5", 1)));
        assertTrue(filter.contains((java.net.SocketAddress) new InetSocketAddress("::1", 1)));
        assertFalse(filter.contains((java.net.SocketAddress) new InetSocketAddress("127.0.0.1", 1)));
        assertTrue(filter.contains((java.net.SocketAddress) new InetSocketAddress("::ffff:10.0.0.1", 1)), "IPv4-mapped counts as IPv4");
        assertTrue(motor.spi.AddressRanges.parse(List.of("0.0.0.0/0")).contains((java.net.SocketAddress) new InetSocketAddress("8.8.8.8", 1)));
        assertTrue(motor.spi.AddressRanges.parse(List.of("255.255.255.255", "0.0.0.0", "10.0.0.0/0")).contains(
                (java.net.SocketAddress) new InetSocketAddress("255.255.255.255", 1)));
        assertTrue(motor.spi.AddressRanges.parse(List.of("::ffff:10.0.0.1")).contains((java.net.SocketAddress) new InetSocketAddress("10.0.0.1", 1)));
        for (String bad : List.of("localhost", "10.0.0.0/33", "10.0.0.0/", "10.1", "::1/129", "1.2.3.4/8x",
                "fe80::1%eth0", "", "10.0.0.256", "10.0.0.0/-1",
                // leading zeros: octal to inet_aton and curl (010 is 8), decimal to the JDK; refused
                "010.0.0.1", "10.0.0.01/32", "1.2.3.4.5", "1..2.3", ".1.2.3")) {
            assertThrows(IllegalArgumentException.class, () -> motor.spi.AddressRanges.parse(List.of(bad)), bad);
        }
    }
}
