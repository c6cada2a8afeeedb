package motor.ext.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import motor.core.Server;
import motor.ext.proxy.Balance;
import motor.ext.proxy.HealthCheck;
import motor.ext.proxy.Proxy;
import motor.ext.proxy.ProxyOptions;
import motor.spi.extension.ConfigException;
import motor.test.Curl;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Settings, their validation, and the API for code. */
class ProxyConfigTest {

    private static ConfigException refused(Object route) {
        return assertThrows(ConfigException.class, () -> TestServer.start(Server.builder().discoverExtensions(false)
                .extension(new ProxyExtension()).config(Map.of("proxy", Map.of("routes", List.of(route)))))
                .close());
    }

    @Test
    void wrongSettingsStopTheStartNamingTheKey() {
        String up = "http://127.0.0.1:9";
        Object[][] cases = {
            {Map.of("upstreams", List.of(up)), "prefix"},
            {Map.of("prefix", "api", "upstreams", List.of(up)), "prefix"},
            {Map.of("prefix", "/api/"), "upstreams"},
            {Map.of("prefix", "/api/", "upstreams", List.of("ftp://h")), "upstreams"},
            {Map.of("prefix", "/api/", "upstreams", List.of("http://h/x?q")), "upstreams"},
            {Map.of("prefix", "/api/", "upstreams", List.of("http://u@h")), "upstreams"},
            {Map.of("prefix", "/api/", "upstreams", List.of(up), "balance", "fastest"), "balance"},
            {Map.of("prefix", "/api/", "upstreams", List.of(up), "weights", List.of("x")), "weights"},
            {Map.of("prefix", "/api/", "upstreams", List.of(up), "weights", List.of(1, 2)), "weights"},
            {Map.of("prefix", "/api/", "upstreams", List.of(up), "weights", List.of(0)), "weights"},
            {Map.of("prefix", "/api/", "upstreams", List.of(up), "retries", -1), "retries"},
            {Map.of("prefix", "/api/", "upstreams", List.of(up), "connectTimeout", "0s"), "connectTimeout"},
            {Map.of("prefix", "/api/", "upstreams", List.of(up), "responseTimeout", "soon"), "responseTimeout"},
            {Map.of("prefix", "/api/", "upstreams", List.of(up), "maxFailures", -2), "maxFailures"},
            {Map.of("prefix", "/api/", "upstreams", List.of(up), "healthCheck", Map.of("path", "health")), "healthCheck"},
            {Map.of("prefix", "/api/", "upstreams", List.of(up), "healthCheck", Map.of("healthyAfter", 0)), "healthCheck"},
            {Map.of("prefix", "/api/", "upstreams", List.of(up), "stripprefix", true), "stripprefix"},
        };
        for (Object[] c : cases) {
            ConfigException e = refused(c[0]);
            assertTrue(e.getMessage().contains((String) c[1]), c[0] + " gave " + e.getMessage());
        }
    }

    @Test
    void theExtensionIsDiscoveredByItsNameAndSection() throws Exception {
        try (TestServer up = Upstreams.start("A", new Upstreams.Control());
                TestServer proxy = TestServer.start(Server.builder().config(Map.of("proxy", Map.of("routes",
                        List.of(Upstreams.route("/", List.of(Upstreams.uri(up))))))))) {
            assertTrue(proxy.server().extensions().stream().anyMatch(e -> e.name().equals("proxy")),
                    "found by ServiceLoader");
            assertEquals("A", proxy.get("/status/200").headers().firstValue("X-Upstream").orElseThrow());
        }
    }

    @Test
    void twoRoutesCannotShareAPrefix() {
        Map<String, Object> route = Map.of("prefix", "/api/", "upstreams", List.of("http://127.0.0.1:9"));
        ConfigException e = assertThrows(ConfigException.class, () -> TestServer.start(Server.builder()
                .discoverExtensions(false).extension(new ProxyExtension())
                .config(Map.of("proxy", Map.of("routes", List.of(route, route))))).close());
        assertTrue(e.getMessage().contains("same prefix"), e.getMessage());
    }

    @Test
    void theLongestPrefixWinsAndOtherPathsReachTheRouter() throws Exception {
        try (TestServer a = Upstreams.start("A", new Upstreams.Control());
                TestServer b = Upstreams.start("B", new Upstreams.Control());
                TestServer proxy = TestServer.start(Server.builder().discoverExtensions(false)
                        .extension(new ProxyExtension())
                        .routes(r -> r.get("/local", (req, res) -> res.send("local")))
                        .config(Map.of("proxy", Map.of("routes", List.of(
                                Upstreams.route("/echo/", List.of(Upstreams.uri(a))),
                                Upstreams.route("/echo/b/", List.of(Upstreams.uri(b))))))))) {
            assertEquals("A", proxy.get("/echo/a").headers().firstValue("X-Upstream").orElseThrow());
            assertEquals("B", proxy.get("/echo/b/x").headers().firstValue("X-Upstream").orElseThrow());
            assertEquals("local", proxy.get("/local").body());
            assertEquals(404, proxy.get("/elsewhere").statusCode());
        }
    }

    @Test
    void codeMountsAProxyOnItsOwnRoute() throws Exception {
        try (TestServer up = Upstreams.start("A", new Upstreams.Control());
                Proxy api = Proxy.to(List.of(URI.create(Upstreams.uri(up) + "/echo")),
                        ProxyOptions.defaults().withStripPrefix("/api").withRetries(0));
                TestServer proxy = TestServer.start(Server.builder().discoverExtensions(false).routes(r -> {
                    for (String method : Upstreams.METHODS) {
                        r.add(method, "/api/{rest...}", api);
                    }
                }))) {
            Map<String, List<String>> seen = Upstreams.parse(proxy.get("/api/users/7?full=1").body());
            assertEquals("/echo/users/7?full=1", Upstreams.one(seen, "target"));
            assertEquals("DELETE", Upstreams.one(Upstreams.parse(proxy.send(proxy.request("/api/x").DELETE()).body()),
                    "method"));
        }
    }

    @Test
    void preserveHostPassesTheClientsHostOn() throws Exception {
        // the test JVM runs with -Djdk.httpclient.allowRestrictedHeaders=host (see the pom)
        try (TestServer up = Upstreams.start("A", new Upstreams.Control());
                TestServer proxy = Upstreams.proxy(Upstreams.route("/", List.of(Upstreams.uri(up)),
                        "preserveHost", true))) {
            Map<String, List<String>> seen = Upstreams.parse(proxy.get("/echo/x").body());
            assertEquals("127.0.0.1:" + proxy.port(), Upstreams.one(seen, "h.host"));
            assertEquals("127.0.0.1:" + proxy.port(), Upstreams.one(seen, "h.x-forwarded-host"));
        }
    }

    @Test
    void behindATrustedProxyTheChainGetsThePeerAndBalancingTheClient() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        try (TestServer up = Upstreams.start("A", new Upstreams.Control());
                TestServer proxy = TestServer.start(Server.builder().discoverExtensions(false)
                        .extension(new motor.ext.forwarded.internal.ForwardedExtension())
                        .extension(new ProxyExtension())
                        .config(Map.of("forwarded", Map.of("trustedProxies", List.of("loopback")),
                                "proxy", Map.of("routes", List.of(Upstreams.route("/", List.of(Upstreams.uri(up)),
                                        "balance", "ip-hash"))))))) {
            Curl.Result result = Curl.run("-H", "X-Forwarded-For: 198.51.100.7", "-H", "X-Forwarded-Proto: https",
                    proxy.uri("/echo/x").toString());
            assertEquals(0, result.exit(), result.err());
            Map<String, List<String>> seen = Upstreams.parse(result.out());
            assertEquals("198.51.100.7, 127.0.0.1", Upstreams.one(seen, "h.x-forwarded-for"),
                    "the client's address from the trusted proxy, then that proxy");
            assertEquals("https", Upstreams.one(seen, "h.x-forwarded-proto"), "the scheme the client used");
        }
    }

    @Test
    void optionsAreValidated() {
        ProxyOptions d = ProxyOptions.defaults();
        assertEquals(Balance.ROUND_ROBIN, d.balance());
        assertEquals(Duration.ofSeconds(5), d.connectTimeout());
        assertThrows(IllegalArgumentException.class, () -> d.withRetries(11));
        assertThrows(IllegalArgumentException.class, () -> d.withWeights(List.of(0)));
        assertThrows(IllegalArgumentException.class, () -> d.withStripPrefix("api"));
        assertThrows(IllegalArgumentException.class, () -> d.withTimeouts(Duration.ZERO, Duration.ofSeconds(1),
                Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxBodySize(-2));
        assertThrows(IllegalArgumentException.class, () -> new HealthCheck("/", Duration.ZERO, Duration.ofSeconds(1),
                1, 1));
        assertEquals(Balance.IP_HASH, Balance.of("IP-Hash"));
        assertThrows(IllegalArgumentException.class, () -> Balance.of("fastest"));
        assertThrows(IllegalArgumentException.class, () -> Proxy.to(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Proxy.to(List.of(URI.create("http://h")),
                d.withWeights(List.of(1, 1))));
        assertThrows(IllegalArgumentException.class, () -> Proxy.to(List.of(URI.create("/relative"))));
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeTheUpstreamIsAsked() throws Exception {
        try (TestServer up = Upstreams.start("A", new Upstreams.Control());
                TestServer proxy = Upstreams.proxy(Upstreams.route("/", List.of(Upstreams.uri(up)),
                        "maxBodySize", "1KiB"))) {
            assertEquals(413, proxy.send(proxy.request("/echo/x").POST(java.net.http.HttpRequest.BodyPublishers
                    .ofByteArray(new byte[2048]))).statusCode());
            assertEquals(200, proxy.send(proxy.request("/echo/x").POST(java.net.http.HttpRequest.BodyPublishers
                    .ofByteArray(new byte[1024]))).statusCode());
        }
    }

    @Test
    void aRouteMayAcceptMoreThanTheServersDefaultLimit() throws Exception {
        try (TestServer up = Upstreams.start("A", new Upstreams.Control());
                TestServer proxy = TestServer.start(Server.builder().discoverExtensions(false)
                        .extension(new ProxyExtension())
                        .config(Map.of("proxy", Map.of("routes", List.of(Upstreams.route("/", List.of(Upstreams.uri(up)),
                                "maxBodySize", "16MiB"))))))) {
            byte[] body = new byte[12 << 20]; // above the server's default 10 MiB
            java.net.http.HttpResponse<String> response = proxy.send(proxy.request("/echo/big")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)));
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(String.valueOf(body.length), Upstreams.one(Upstreams.parse(response.body()), "length"));
        }
    }
}
