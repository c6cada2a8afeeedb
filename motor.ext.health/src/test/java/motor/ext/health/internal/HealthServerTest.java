package motor.ext.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import motor.core.Server;
import motor.ext.health.Health;
import motor.ext.health.HealthResult;
import motor.spi.event.ServerStopping;
import motor.spi.event.Subscription;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;
import motor.test.Curl;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The probes in a real server on a loopback port, called with the JDK HttpClient and curl. */
class HealthServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** An application extension that registers its check the documented way. */
    private final class App implements Extension {
        @Override
        public String name() {
            return "app";
        }

        @Override
        public Set<String> after() {
            return Set.of("health");
        }

        @Override
        public void install(ExtensionContext context) {
            Health health = context.service(Health.class).orElseThrow();
            context.onStop(health.register("database", () -> databaseUp.get()
                    ? HealthResult.up(Map.of("pool", "idle 4"))
                    : HealthResult.down("no connection")));
        }
    }

    private TestServer start(Map<String, Object> health) throws Exception {
        server = TestServer.start(Server.builder().discoverExtensions(false).extension(new HealthExtension())
                .extension(new App()).config(Map.of("health", health))
                .routes(r -> r.get("/ready-now", (req, res) -> res.send(Boolean.toString(Health.of(req).ready())))));
        return server;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        return JSON.readTree(response.body());
    }

    @Test
    void livenessAndReadiness() throws Exception {
        start(Map.of("cacheFor", "0s"));
        HttpResponse<String> live = server.get("/health/live");
        assertEquals(200, live.statusCode());
        assertEquals("UP", json(live).get("status").asText());
        HttpResponse<String> ready = server.get("/health/ready");
        assertEquals(200, ready.statusCode());
        JsonNode body = json(ready);
        assertEquals("UP", body.get("status").asText());
        assertEquals("UP", body.get("checks").get("database").get("status").asText());
        assertEquals("idle 4", body.get("checks").get("database").get("details").get("pool").asText());
        assertEquals("true", server.get("/ready-now").body());

        databaseUp.set(false);
        HttpResponse<String> down = server.get("/health/ready");
        assertEquals(503, down.statusCode());
        JsonNode downBody = json(down);
        assertEquals("DOWN", downBody.get("status").asText());
        assertEquals("no connection", downBody.get("checks").get("database").get("details").get("reason").asText());
        assertEquals(200, server.get("/health/live").statusCode(), "liveness runs no checks");
    }

    @Test
    void readinessFailsFromTheMomentAStopBegins() throws Exception {
        start(Map.of());
        assertEquals(200, server.get("/health/ready").statusCode());
        // subscribed after the extension, so it runs after the readiness flipped, and before the server
        // closes its listeners and connections: a load balancer probing now must be told to go away
        CompletableFuture<HttpResponse<String>> duringStop = new CompletableFuture<>();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (client) {
            Subscription subscription = server.server().events().subscribe(ServerStopping.class, e -> {
                try {
                    duringStop.complete(client.send(HttpRequest.newBuilder(server.uri("/health/ready"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()));
                } catch (Exception failure) {
                    duringStop.completeExceptionally(failure);
                }
            });
            server.server().stop(Duration.ofSeconds(5));
            subscription.close();
        }
        HttpResponse<String> response = duringStop.getNow(null);
        assertEquals(503, response.statusCode());
        assertEquals("STOPPING", JSON.readTree(response.body()).get("status").asText());
    }

    @Test
    void pathsAndDetailsAreConfigurable() throws Exception {
        start(Map.of("live", "/livez", "ready", "/readyz", "details", false, "timeout", "500ms"));
        assertEquals(200, server.get("/livez").statusCode());
        HttpResponse<String> ready = server.get("/readyz");
        assertEquals(200, ready.statusCode());
        assertEquals("{\"status\":\"UP\",\"checks\":{\"database\":{\"status\":\"UP\"}}}", ready.body());
        assertEquals(404, server.get("/health/ready").statusCode());
    }

    @Test
    void curlProbes() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        start(Map.of("cacheFor", "0s"));
        Curl.Result ok = Curl.run("--include", "--fail-with-body", server.uri("/health/ready").toString());
        assertEquals(0, ok.exit(), ok.err());
        assertEquals(200, ok.status());
        databaseUp.set(false);
        Curl.Result down = Curl.run("--include", "--fail", server.uri("/health/ready").toString());
        assertEquals(22, down.exit(), "curl --fail exits 22 on 503, as a probe script sees it");
        Curl.Result head = Curl.run("--head", server.uri("/health/live").toString());
        assertEquals(0, head.exit(), head.err());
        assertEquals(200, head.status());
    }

    @Test
    void aPathThatAnotherRouteHasStopsTheStartWithItsKey() {
        for (String key : List.of("live", "ready")) {
            ConfigException e = assertThrows(ConfigException.class, () -> TestServer.start(Server.builder()
                    .discoverExtensions(false).extension(new HealthExtension())
                    .extension(new Extension() {
                        @Override
                        public String name() {
                            return "taken";
                        }

                        @Override
                        public Set<String> before() {
                            return Set.of("health");
                        }

                        @Override
                        public void install(ExtensionContext context) {
                            context.routes().get("/mine", (req, res) -> res.send("mine"));
                        }
                    })
                    .config(Map.of("health", Map.of(key, "/mine")))), key);
            assertTrue(e.getMessage().startsWith("health." + key + ":"), e.getMessage());
        }
    }

    @Test
    void wrongSettingsStopTheStart() {
        for (Map<String, Object> bad : List.of(
                Map.<String, Object>of("live", "health"),
                Map.<String, Object>of("ready", "/health/{x}"),
                Map.<String, Object>of("ready", "/health/live"),
                Map.<String, Object>of("timeout", "0s"),
                Map.<String, Object>of("timeout", "PT0.0001S"),
                Map.<String, Object>of("cacheFor", "-1s"),
                Map.<String, Object>of("details", "some"),
                Map.<String, Object>of("readyPath", "/r"))) {
            ConfigException e = assertThrows(ConfigException.class, () -> start(bad), bad.toString());
            assertTrue(e.getMessage().contains(bad.keySet().iterator().next()), e.getMessage());
        }
    }
}
