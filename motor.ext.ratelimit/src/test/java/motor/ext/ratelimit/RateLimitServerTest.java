package motor.ext.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import motor.core.Server;
import motor.ext.ratelimit.internal.RatelimitExtension;
import motor.spi.HttpException;
import motor.spi.extension.ConfigException;
import motor.test.Curl;
import motor.test.RawClient;
import motor.test.TestServer;
import org.junit.jupiter.api.Test;

/** The extension and the API in a running server, called with the JDK client and curl. */
class RateLimitServerTest {

    private static Server.Builder builder(Map<String, ?> section) {
        return Server.builder().discoverExtensions(false).extension(new RatelimitExtension())
                .config(Map.of("ratelimit", section))
                .routes(r -> {
                    r.get("/api/items", (request, response) -> response.send("items"));
                    r.post("/api/items", (request, response) -> response.send("created"));
                    r.get("/free", (request, response) -> response.send("free"));
                    r.get("/api/fail", (request, response) -> {
                        throw new HttpException(404, "no such item");
                    });
                    r.get("/login", RateLimit.perClient("login", 2, Duration.ofHours(1),
                            (request, response) -> response.send("login form")));
                });
    }

    private static Map<String, Object> rule(Object... keysAndValues) {
        Map<String, Object> rule = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            rule.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return rule;
    }

    @Test
    void requestsBeyondTheLimitGet429WithRetryAfterAndTheFields() throws Exception {
        Map<String, ?> settings = Map.of("rules", List.of(rule("name", "api", "paths", List.of("/api/"), "limit", 3,
                "window", "1h")));
        try (TestServer server = TestServer.start(builder(settings))) {
            for (int i = 2; i >= 0; i--) {
                HttpResponse<String> ok = server.get("/api/items");
                assertEquals(200, ok.statusCode());
                assertEquals("\"api\";q=3;w=3600", ok.headers().firstValue("RateLimit-Policy").orElseThrow());
                assertTrue(ok.headers().firstValue("RateLimit").orElseThrow().startsWith("\"api\";r=" + i + ";t="),
                        ok.headers().firstValue("RateLimit").orElseThrow());
            }
            HttpResponse<String> refused = server.get("/api/items");
            assertEquals(429, refused.statusCode());
            long retry = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retry >= 1 && retry <= 1200, "one token per 20 minutes: " + retry);
            assertTrue(refused.body().contains("rate limit 'api' exceeded: 3 requests per hour"), refused.body());
            assertTrue(refused.headers().firstValue("RateLimit").orElseThrow().startsWith("\"api\";r=0;t="));
            // other paths are not counted
            HttpResponse<String> free = server.get("/free");
            assertEquals(200, free.statusCode());
            assertTrue(free.headers().firstValue("RateLimit").isEmpty());
            // the same limit for every method on the path, and curl sees the same
            Curl.Result curl = Curl.run("-s", "-i", "-X", "POST", server.uri("/api/items").toString());
            assertTrue(curl.out().startsWith("HTTP/1.1 429"), curl.out());
            assertTrue(curl.out().contains("Retry-After: "), curl.out());
        }
    }

    @Test
    void errorResponsesOfAdmittedRequestsCarryTheFieldsToo() throws Exception {
        Map<String, ?> settings = Map.of("headers", "legacy", "rules", List.of(
                rule("name", "api", "paths", List.of("/api/"), "limit", 10, "window", "1m"),
                rule("name", "writes", "paths", List.of("/api/"), "methods", List.of("post"), "limit", 1, "window", "1m")));
        try (TestServer server = TestServer.start(builder(settings))) {
            HttpResponse<String> failed = server.get("/api/fail");
            assertEquals(404, failed.statusCode());
            assertEquals("10", failed.headers().firstValue("X-RateLimit-Limit").orElseThrow());
            assertEquals("9", failed.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
            assertNull(failed.headers().firstValue("RateLimit").orElse(null));
            // two rules apply to POST; the tightest is reported and the tighter one refuses
            HttpResponse<String> created = server.send(server.request("/api/items").POST(
                    java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, created.statusCode());
            assertEquals("1", created.headers().firstValue("X-RateLimit-Limit").orElseThrow());
            assertEquals("0", created.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
            HttpResponse<String> refused = server.send(server.request("/api/items").POST(
                    java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertEquals(429, refused.statusCode());
            assertTrue(refused.body().contains("'writes'"), refused.body());
        }
    }

    @Test
    void encodedAndDotSegmentPathsAreCountedLikeTheRouteTheyReach() throws Exception {
        Map<String, ?> settings = Map.of("rules", List.of(rule("name", "api", "paths", List.of("/api/"), "limit", 1,
                "window", "1h")));
        try (TestServer server = TestServer.start(builder(settings)); RawClient raw = server.raw()) {
            raw.send("GET /api/items HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, raw.read().status());
            // the router decodes and resolves these to /api/items: the limit must see the same path
            for (String target : List.of("/%61pi/items", "/free/../api/items", "/./api/items", "/%41pi/items")) {
                raw.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
                RawClient.Response response = raw.read();
                int expected = target.contains("%41") ? 404 : 429;
                assertEquals(expected, response.status(), target + ": " + response.text());
            }
        }
    }

    @Test
    void configuredPrefixesArePercentDecodedLikeTheRequestPath() throws Exception {
        Map<String, ?> settings = Map.of("rules", List.of(rule("name", "api", "paths", List.of("/%61pi/"), "limit", 1,
                "window", "1h")));
        try (TestServer server = TestServer.start(builder(settings))) {
            assertEquals(200, server.get("/api/items").statusCode());
            assertEquals(429, server.get("/api/items").statusCode());
        }
        ConfigException e = assertThrows(ConfigException.class, () -> TestServer.start(builder(Map.of("rules",
                List.of(rule("name", "a", "limit", 1, "paths", List.of("/%zz/")))))).close());
        assertTrue(e.getMessage().contains("ratelimit.rules[0].paths"), e.getMessage());
    }

    @Test
    void aRuleForGetCountsHeadWhichRunsTheSameHandler() throws Exception {
        Map<String, ?> settings = Map.of("rules", List.of(rule("name", "reads", "methods", List.of("GET"),
                "limit", 1, "window", "1h")));
        try (TestServer server = TestServer.start(builder(settings))) {
            assertEquals(200, server.get("/free").statusCode());
            HttpResponse<String> head = server.send(server.request("/free").method("HEAD",
                    java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertEquals(429, head.statusCode());
        }
    }

    @Test
    void aRequestOneRuleRefusesCostsNothingUnderTheOthers() throws Exception {
        Map<String, ?> settings = Map.of("rules", List.of(
                rule("name", "api", "paths", List.of("/api/"), "limit", 3, "window", "1h"),
                rule("name", "writes", "paths", List.of("/api/"), "methods", List.of("POST"), "limit", 1,
                        "window", "1h")));
        try (TestServer server = TestServer.start(builder(settings))) {
            java.net.http.HttpRequest.Builder post = server.request("/api/items").POST(
                    java.net.http.HttpRequest.BodyPublishers.noBody());
            assertEquals(200, server.send(post).statusCode());
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> refused = server.send(post);
                assertEquals(429, refused.statusCode());
                String state = refused.headers().firstValue("RateLimit").orElseThrow();
                assertTrue(state.startsWith("\"api\";r=2;"), "the refused write left the api quota alone: " + state);
            }
            assertEquals(200, server.get("/api/items").statusCode());
            assertEquals(200, server.get("/api/items").statusCode());
            assertEquals(429, server.get("/api/items").statusCode());
        }
    }

    @Test
    void legacyFieldsAppearOnceWhenRulesBeforeAndAfterAuthenticationApply() throws Exception {
        Map<String, ?> settings = Map.of("headers", "legacy", "rules", List.of(
                rule("name", "by-address", "limit", 10, "window", "1h"),
                rule("name", "by-user", "key", "user", "limit", 5, "window", "1h")));
        Server.Builder builder = builder(settings).middleware(motor.spi.Middleware.SECURITY, (request, response, next) -> {
            request.attributes().put(motor.spi.Request.PRINCIPAL, (java.security.Principal) () -> "alice");
            next.handle(request, response);
        });
        try (TestServer server = TestServer.start(builder)) {
            HttpResponse<String> ok = server.get("/free");
            assertEquals(List.of("5"), ok.headers().allValues("X-RateLimit-Limit"));
            assertEquals(List.of("4"), ok.headers().allValues("X-RateLimit-Remaining"));
            HttpResponse<String> failed = server.get("/api/fail");
            assertEquals(404, failed.statusCode());
            assertEquals(List.of("5"), failed.headers().allValues("X-RateLimit-Limit"));
            assertEquals(List.of("3"), failed.headers().allValues("X-RateLimit-Remaining"));
        }
    }

    @Test
    void keysByHeaderSeparateClientsBehindOneAddress() throws Exception {
        Map<String, ?> settings = Map.of("rules", List.of(rule("name", "per-key", "key", "header:X-Api-Key",
                "limit", 1, "window", "1h")));
        try (TestServer server = TestServer.start(builder(settings))) {
            assertEquals(200, server.get("/free", "X-Api-Key", "alpha").statusCode());
            assertEquals(429, server.get("/free", "X-Api-Key", "alpha").statusCode());
            assertEquals(200, server.get("/free", "X-Api-Key", "beta").statusCode());
            // without a key: counted by address, its own bucket
            assertEquals(200, server.get("/free").statusCode());
            assertEquals(429, server.get("/free").statusCode());
        }
    }

    @Test
    void userKeysSeeThePrincipalThatAuthenticationMiddlewareSet() throws Exception {
        Map<String, ?> settings = Map.of("rules", List.of(rule("name", "per-user", "key", "user", "limit", 1,
                "window", "1h")));
        Server.Builder builder = builder(settings).middleware(motor.spi.Middleware.SECURITY, (request, response, next) -> {
            String user = request.headers().first("X-User");
            if (user != null) {
                request.attributes().put(motor.spi.Request.PRINCIPAL, (java.security.Principal) () -> user);
            }
            next.handle(request, response);
        });
        try (TestServer server = TestServer.start(builder)) {
            assertEquals(200, server.get("/free", "X-User", "alice").statusCode());
            assertEquals(429, server.get("/free", "X-User", "alice").statusCode());
            assertEquals(200, server.get("/free", "X-User", "bob").statusCode());
        }
    }

    @Test
    void concurrentClientsGetExactlyTheLimit() throws Exception {
        Map<String, ?> settings = Map.of("rules", List.of(rule("name", "all", "key", "global", "limit", 20,
                "window", "1h")));
        try (TestServer server = TestServer.start(builder(settings))) {
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger limited = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        int status = server.get("/free").statusCode();
                        (status == 200 ? ok : limited).incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(30));
            }
            assertEquals(20, ok.get());
            assertEquals(40, limited.get());
        }
    }

    @Test
    void theApiLimitsOneRoute() throws Exception {
        try (TestServer server = TestServer.start(builder(Map.of()))) {
            assertEquals(200, server.get("/login").statusCode());
            HttpResponse<String> second = server.get("/login");
            assertEquals("\"login\";q=2;w=3600", second.headers().firstValue("RateLimit-Policy").orElseThrow());
            HttpResponse<String> third = server.get("/login");
            assertEquals(429, third.statusCode());
            assertTrue(third.headers().firstValue("Retry-After").isPresent());
            assertEquals(200, server.get("/api/items").statusCode(), "no rules configured: nothing else limited");
        }
        assertThrows(IllegalArgumentException.class, () -> RateLimit.perClient("bad name", 1, Duration.ofSeconds(1),
                (request, response) -> { }));
        assertThrows(IllegalArgumentException.class, () -> RateLimit.perClient("x", 0, Duration.ofSeconds(1),
                (request, response) -> { }));
    }

    @Test
    void badSettingsStopTheStartNamingTheKey() {
        List<Map<String, ?>> bad = List.of(
                Map.of("rules", List.of(rule("name", "a"))),
                Map.of("rules", List.of(rule("name", "a b", "limit", 1))),
                Map.of("rules", List.of(rule("name", "a", "limit", 1, "window", "0s"))),
                Map.of("rules", List.of(rule("name", "a", "limit", 1, "paths", List.of("api")))),
                Map.of("rules", List.of(rule("name", "a", "limit", 1, "key", "cookie"))),
                Map.of("rules", List.of(rule("name", "a", "limit", 1), rule("name", "a", "limit", 2))),
                Map.of("headers", "x"),
                Map.of("rules", List.of(rule("name", "a", "limit", 1, "burts", 2))),
                Map.of("rules", List.of(rule("name", "a", "limit", 1, "window", "1d", "burst", 2_000_000_000))));
        List<String> keys = List.of("ratelimit.rules[0].limit", "ratelimit.rules[0].name", "ratelimit.rules[0].window",
                "ratelimit.rules[0].paths", "ratelimit.rules[0].key", "ratelimit.rules[1].name", "ratelimit.headers",
                "burts", "ratelimit.rules[0].burst");
        for (int i = 0; i < bad.size(); i++) {
            Map<String, ?> settings = bad.get(i);
            ConfigException e = assertThrows(ConfigException.class, () -> TestServer.start(builder(settings)).close());
            assertTrue(e.getMessage().contains(keys.get(i)), keys.get(i) + ": " + e.getMessage());
        }
    }
}
