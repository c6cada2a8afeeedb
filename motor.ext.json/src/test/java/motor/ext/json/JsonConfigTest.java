package motor.ext.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import motor.core.Server;
import motor.ext.json.internal.JsonExtension;
import motor.ext.json.test.User;
import motor.spi.Middleware;
import motor.spi.Routes;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where the codec comes from: the extension's settings and a customizer service, an application's own
 * codec, or the defaults when the extension is absent; and the settings the extension refuses.
 */
class JsonConfigTest {

    private Server server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
        client.close();
    }

    private static void routes(Routes routes) {
        routes.get("/user", (request, response) -> Json.write(response, new User("Ada", 36)));
        routes.post("/user", (request, response) -> Json.write(response, Json.read(request, User.class)));
        routes.get("/codec", (request, response) -> response.send(Json.codec(request).options().toString()));
        routes.get("/plain", (request, response) -> response.send("plain"));
    }

    private Server start(Server.Builder builder) throws Exception {
        server = builder.listen("127.0.0.1", 0).routes(JsonConfigTest::routes).build().start();
        return server;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Provides a customizer, as an application's extension would; counts how often it runs. */
    static final class Customizing implements Extension {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public String name() {
            return "customizing";
        }

        @Override
        public Set<String> after() {
            return Set.of("json"); // installs after json: the service is still found, on first use
        }

        @Override
        public void install(ExtensionContext context) {
            context.provide(JsonCustomizer.class, mapper -> {
                runs.incrementAndGet();
                mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
            });
        }
    }

    @Test
    void settingsAndACustomizerServiceShapeTheExtensionsCodec() throws Exception {
        Customizing customizing = new Customizing();
        start(Server.builder().discoverExtensions(false).extension(new JsonExtension()).extension(customizing)
                .config(Map.of("json", Map.of("pretty", true, "failOnUnknownProperties", false))));
        for (int i = 0; i < 3; i++) {
            assertEquals("{\n  \"name\" : \"Ada\",\n  \"age\" : 36\n}\n", get("/user").body());
        }
        HttpResponse<String> lenient = post("/user", "{\"name\":\"Bo\",\"age\":2,\"nick\":\"b\"}");
        assertEquals(200, lenient.statusCode(), lenient.body());
        assertEquals(1, customizing.runs.get(), "the codec is made once");
    }

    @Test
    void theCodecIsMadeOnlyWhenJsonIsUsedAndABrokenCustomizerSparesOtherRequests() throws Exception {
        Customizing customizing = new Customizing();
        start(Server.builder().discoverExtensions(false).extension(new JsonExtension()).extension(customizing));
        assertEquals("plain", get("/plain").body());
        assertEquals(0, customizing.runs.get(), "a request without JSON does not make the codec");
        assertEquals("{\"name\":\"Ada\",\"age\":36}", get("/user").body());
        assertEquals(1, customizing.runs.get());
        server.stop(Duration.ofSeconds(2));

        start(Server.builder().discoverExtensions(false).extension(new JsonExtension()).extension(new Extension() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void install(ExtensionContext context) {
                context.provide(JsonCustomizer.class, mapper -> {
                    throw new IllegalStateException("broken customizer");
                });
            }
        }));
        assertEquals(500, get("/user").statusCode());
        assertEquals(500, get("/user").statusCode(), "tried again, failing again");
        assertEquals(200, get("/plain").statusCode());
    }

    @Test
    void customizerNamingAppliesToReadsToo() throws Exception {
        start(Server.builder().discoverExtensions(false).extension(new JsonExtension()).extension(new Extension() {
            @Override
            public String name() {
                return "naming";
            }

            @Override
            public void install(ExtensionContext context) {
                context.provide(JsonCustomizer.class,
                        mapper -> mapper.setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE));
            }
        }));
        assertEquals("{\"Name\":\"Cy\",\"Age\":3}", post("/user", "{\"Name\":\"Cy\",\"Age\":3}").body());
        assertEquals(400, post("/user", "{\"name\":\"Cy\"}").statusCode());
    }

    @Test
    void everySettingIsRead() throws Exception {
        start(Server.builder().discoverExtensions(false).extension(new JsonExtension()).config(Map.of("json", Map.of(
                "maxBodySize", "2KiB", "maxDepth", 7, "maxStringLength", 100, "maxNumberLength", 20, "maxNameLength", 30,
                "failOnUnknownProperties", false, "rejectDuplicateKeys", false, "pretty", true,
                "allowMissingContentType", true))));
        assertEquals(new JsonOptions(2048, 7, 100, 20, 30, false, false, true, true).toString(), get("/codec").body());
    }

    @Test
    void anApplicationsCodecMiddlewareWins() throws Exception {
        JsonCodec mine = JsonCodec.create(JsonOptions.defaults().withPretty(true));
        start(Server.builder().discoverExtensions(false).extension(new JsonExtension())
                .middleware(Middleware.DEFAULT, mine.middleware()));
        assertEquals("{\n  \"name\" : \"Ada\",\n  \"age\" : 36\n}\n", get("/user").body());
        assertTrue(get("/codec").body().contains("pretty=true"));
    }

    @Test
    void withoutTheExtensionTheDefaultsApply() throws Exception {
        start(Server.builder().discoverExtensions(false));
        assertEquals("{\"name\":\"Ada\",\"age\":36}", get("/user").body());
        assertEquals("{\"name\":\"Bo\",\"age\":2}", post("/user", "{\"name\":\"Bo\",\"age\":2}").body());
        assertEquals(400, post("/user", "{\"name\":\"Bo\",\"nick\":2}").statusCode());
        assertEquals(JsonOptions.defaults().toString(), get("/codec").body());
    }

    @Test
    void defaultCodecsAreKeptPerClass() {
        assertSame(Defaults.codec(User.class), Defaults.codec(User.class));
        assertNotSame(Defaults.codec(User.class), Defaults.codec(JsonConfigTest.class));
    }

    private static ConfigException refused(Map<String, ?> settings) {
        Server.Builder builder = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false)
                .extension(new JsonExtension()).config(Map.of("json", settings));
        return assertThrows(ConfigException.class, () -> {
            Server started = builder.build().start();
            started.stop(Duration.ofSeconds(1));
        });
    }

    @Test
    void wrongSettingsStopTheStart() {
        for (Map<String, ?> settings : List.of(Map.of("maxDepth", 0), Map.of("maxDepth", 1001), Map.of("maxBodySize", "2GiB"),
                Map.of("maxBodySize", 0), Map.of("maxStringLength", -1), Map.of("maxNumberLength", 0),
                Map.of("maxNameLength", 0))) {
            String key = settings.keySet().iterator().next();
            ConfigException e = refused(settings);
            assertTrue(e.getMessage().contains("json." + key + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("expected"), e.getMessage());
        }
        assertTrue(refused(Map.of("pretty", "yes")).getMessage().contains("json.pretty"));
        assertTrue(refused(Map.of("maxdepth", 5)).getMessage().contains("json.maxdepth: unknown setting"));
    }
}
