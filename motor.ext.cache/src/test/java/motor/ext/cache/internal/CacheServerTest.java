package motor.ext.cache.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import motor.core.Server;
import motor.ext.gzip.internal.GzipExtension;
import motor.spi.Preconditions;
import motor.spi.Routes;
import motor.spi.Status;
import motor.ext.cache.CacheStore;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;
import motor.test.Curl;
import motor.test.RawClient;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension in a real server, with gzip outside it, called with the JDK client, curl and raw bytes. */
class CacheServerTest {

    private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    private static final AtomicInteger VERSION = new AtomicInteger(1);

    @RegisterExtension
    static final TestServer server = TestServer.with(builder -> builder
            .discoverExtensions(false)
            .extension(new CacheExtension())
            .extension(new GzipExtension())
            .config(Map.of("cache", Map.of("paths", List.of("/cache/"), "maxSize", "6KiB", "maxEntrySize", "2KiB"),
                    "gzip", Map.of("minSize", "100")))
            .routes(CacheServerTest::routes));

    static int runs(String path) {
        return RUNS.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    private static void count(String path) {
        RUNS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    }

    static void routes(Routes routes) {
        routes.get("/cache/fresh/{name}", (request, response) -> {
            count(request.path());
            response.headers().set("Cache-Control", "max-age=60").set("ETag", "\"fresh\"")
                    .set("Content-Type", "text/plain; charset=utf-8");
            response.send("fresh " + request.pathParameter("name") + " " + runs(request.path()));
        });
        routes.get("/cache/no-store", (request, response) -> {
            count(request.path());
            response.headers().set("Cache-Control", "no-store");
            response.send("run " + runs(request.path()));
        });
        routes.get("/cache/private", (request, response) -> {
            count(request.path());
            response.headers().set("Cache-Control", "private, max-age=60");
            response.send("run " + runs(request.path()));
        });
        routes.get("/cache/vary", (request, response) -> {
            count(request.path());
            response.headers().set("Cache-Control", "max-age=60").set("Vary", "Accept-Language");
            response.send("language " + request.header("Accept-Language"));
        });
        routes.get("/cache/validated", (request, response) -> {
            count(request.path());
            String etag = "\"v" + VERSION.get() + "\"";
            response.headers().set("Cache-Control", "max-age=0").set("ETag", etag);
            if (Preconditions.evaluate(request, etag, null) == Status.NOT_MODIFIED) {
                count("304");
                response.status(Status.NOT_MODIFIED);
                return;
            }
            response.send("version " + VERSION.get());
        });
        routes.get("/cache/big/{n}", (request, response) -> {
            count(request.path());
            response.headers().set("Cache-Control", "max-age=60").set("Content-Type", "image/png");
            response.send(new byte[1500]);
        });
        routes.get("/cache/text", (request, response) -> {
            count(request.path());
            response.headers().set("Cache-Control", "max-age=60").set("ETag", "\"t\"")
                    .set("Content-Type", "text/plain; charset=utf-8");
            response.send("compressible text. ".repeat(50));
        });
        routes.get("/uncached", (request, response) -> {
            count(request.path());
            response.headers().set("Cache-Control", "max-age=60");
            response.send("not under a cached path");
        });
        routes.post("/cache/fresh/{name}", (request, response) -> response.send("changed"));
    }

    @Test
    void missThenHit() throws Exception {
        HttpResponse<String> first = server.get("/cache/fresh/a");
        assertEquals(200, first.statusCode());
        assertEquals("MISS", first.headers().firstValue("X-Cache").orElse(null));
        HttpResponse<String> second = server.get("/cache/fresh/a");
        assertEquals("HIT", second.headers().firstValue("X-Cache").orElse(null));
        assertEquals(first.body(), second.body());
        String age = second.headers().firstValue("Age").orElseThrow();
        assertTrue(Long.parseLong(age) >= 0 && Long.parseLong(age) <= 60, age);
        assertEquals(1, runs("/cache/fresh/a"));
        assertEquals("text/plain; charset=utf-8", second.headers().firstValue("Content-Type").orElse(null));
        assertNotNull(second.headers().firstValue("Date").orElse(null), "the server's own Date");
    }

    @Test
    void pathsOutsideThePrefixesAreNotCached() throws Exception {
        server.get("/uncached");
        HttpResponse<String> again = server.get("/uncached");
        assertFalse(again.headers().firstValue("X-Cache").isPresent());
        assertEquals(2, runs("/uncached"));
    }

    @Test
    void noStoreAndPrivateAreNeverServedFromTheCache() throws Exception {
        for (String path : new String[] {"/cache/no-store", "/cache/private"}) {
            assertEquals("run 1", server.get(path).body());
            HttpResponse<String> again = server.get(path);
            assertEquals("run 2", again.body(), path);
            assertEquals("MISS", again.headers().firstValue("X-Cache").orElse(null));
        }
    }

    @Test
    void varyKeepsVariantsApart() throws Exception {
        assertEquals("language en", server.get("/cache/vary", "Accept-Language", "en").body());
        assertEquals("language de", server.get("/cache/vary", "Accept-Language", "de").body());
        HttpResponse<String> en = server.get("/cache/vary", "Accept-Language", "en");
        assertEquals("language en", en.body());
        assertEquals("HIT", en.headers().firstValue("X-Cache").orElse(null));
        assertEquals("language de", server.get("/cache/vary", "Accept-Language", "de").body());
        assertEquals(2, runs("/cache/vary"));
    }

    @Test
    void revalidationWithTheHandler() throws Exception {
        int before = runs("304");
        HttpResponse<String> first = server.get("/cache/validated");
        assertEquals("version " + VERSION.get(), first.body());
        HttpResponse<String> second = server.get("/cache/validated");
        assertEquals("REVALIDATED", second.headers().firstValue("X-Cache").orElse(null));
        assertEquals(first.body(), second.body());
        assertEquals(before + 1, runs("304"), "the handler answered the cache's conditional request with 304");
    }

    @Test
    void clientIfNoneMatchIsAnsweredFromTheCache() throws Exception {
        server.get("/cache/fresh/inm");
        HttpResponse<String> notModified = server.get("/cache/fresh/inm", "If-None-Match", "\"fresh\"");
        assertEquals(304, notModified.statusCode());
        assertEquals("\"fresh\"", notModified.headers().firstValue("ETag").orElse(null));
        assertEquals("HIT", notModified.headers().firstValue("X-Cache").orElse(null));
        assertEquals("", notModified.body());
        assertEquals(1, runs("/cache/fresh/inm"));
    }

    @Test
    void leastRecentlyUsedEntriesAreEvicted() throws Exception {
        // 6 KiB hold three entries of 1500 bytes (with their fields and overhead), not four
        for (int i = 1; i <= 4; i++) {
            assertEquals("MISS", server.get("/cache/big/" + i).headers().firstValue("X-Cache").orElse(null));
        }
        assertEquals("HIT", server.get("/cache/big/4").headers().firstValue("X-Cache").orElse(null));
        HttpResponse<String> first = server.get("/cache/big/1");
        assertEquals("MISS", first.headers().firstValue("X-Cache").orElse(null), "the oldest went first");
        assertEquals(2, runs("/cache/big/1"));
    }

    @Test
    void aSuccessfulPostInvalidates() throws Exception {
        server.get("/cache/fresh/post");
        assertEquals("HIT", server.get("/cache/fresh/post").headers().firstValue("X-Cache").orElse(null));
        server.send(server.request("/cache/fresh/post").POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals("MISS", server.get("/cache/fresh/post").headers().firstValue("X-Cache").orElse(null));
    }

    @Test
    void compressionHappensOutsideTheCache() throws Exception {
        HttpResponse<byte[]> plain = server.send(server.request("/cache/text"), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> gzipped = server.send(server.request("/cache/text").header("Accept-Encoding", "gzip"),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("HIT", gzipped.headers().firstValue("X-Cache").orElse(null));
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(null));
        assertEquals("\"t-gzip\"", gzipped.headers().firstValue("ETag").orElse(null));
        assertTrue(gzipped.headers().allValues("Vary").toString().contains("Accept-Encoding"));
        byte[] decoded = new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes();
        assertArrayEquals(plain.body(), decoded);
        assertNull(plain.headers().firstValue("Content-Encoding").orElse(null));

        // the gzip variant's tag is recognised: gzip strips the suffix, the cache answers 304, gzip restores it
        HttpResponse<String> notModified = server.get("/cache/text", "Accept-Encoding", "gzip",
                "If-None-Match", "\"t-gzip\"");
        assertEquals(304, notModified.statusCode());
        assertEquals("\"t-gzip\"", notModified.headers().firstValue("ETag").orElse(null));
        assertEquals(1, runs("/cache/text"));
    }

    @Test
    void headIsAnsweredFromTheGetEntry() throws Exception {
        server.get("/cache/fresh/head");
        try (RawClient raw = server.raw()) {
            RawClient.Response head = raw.send("HEAD /cache/fresh/head HTTP/1.1\r\nHost: x\r\n\r\n").read("HEAD");
            assertEquals(200, head.status());
            assertEquals(0, head.body().length);
        }
        // the entry was stored under 127.0.0.1:port; this HEAD came for host x: a different key
        assertEquals(2, runs("/cache/fresh/head"));
        try (RawClient raw = server.raw()) {
            RawClient.Response head = raw.send("HEAD /cache/fresh/head HTTP/1.1\r\nHost: x\r\n\r\n").read("HEAD");
            assertEquals(200, head.status());
        }
        assertEquals(3, runs("/cache/fresh/head"), "a HEAD miss stores nothing");
    }

    @Test
    void theHostIsPartOfTheKey() throws Exception {
        try (RawClient raw = server.raw()) {
            raw.send("GET /cache/fresh/host HTTP/1.1\r\nHost: evil.example\r\n\r\n").read();
            RawClient.Response good = raw.send("GET /cache/fresh/host HTTP/1.1\r\nHost: good.example\r\n\r\n").read();
            assertEquals("MISS", good.header("X-Cache"));
            RawClient.Response again = raw.send("GET /cache/fresh/host HTTP/1.1\r\nHost: good.example\r\n\r\n").read();
            assertEquals("HIT", again.header("X-Cache"));
        }
        assertEquals(2, runs("/cache/fresh/host"));
    }

    @Test
    void curlSeesMissThenHit() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        String url = server.uri("/cache/fresh/curl").toString();
        Curl.Result first = Curl.run("--include", url);
        assertEquals(0, first.exit(), first.err());
        assertEquals("MISS", first.header("X-Cache"));
        Curl.Result second = Curl.run("--include", url);
        assertEquals("HIT", second.header("X-Cache"));
        assertNotNull(second.header("Age"));
        assertEquals(first.body(), second.body());
        Curl.Result conditional = Curl.run("--include", "-H", "If-None-Match: \"fresh\"", url);
        assertEquals(304, conditional.status());
        Curl.Result head = Curl.run("--head", url);
        assertEquals(200, head.status());
        assertEquals("HIT", head.header("X-Cache"));
        assertEquals(1, runs("/cache/fresh/curl"));
    }

    @Test
    void curlRevalidationAndNoStore() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Curl.Result first = Curl.run("--include", server.uri("/cache/no-store").toString());
        Curl.Result second = Curl.run("--include", server.uri("/cache/no-store").toString());
        assertEquals("MISS", second.header("X-Cache"));
        assertNotEquals(first.body(), second.body());
        String url = server.uri("/cache/fresh/forced").toString();
        Curl.run("--include", url);
        Curl.Result forced = Curl.run("--include", "-H", "Cache-Control: no-cache", url);
        assertEquals(0, forced.exit(), forced.err());
        // the handler was asked again, with the stored tag; it ignores conditionals and sends it all
        assertEquals("MISS", forced.header("X-Cache"));
        assertEquals(2, runs("/cache/fresh/forced"));
        Curl.Result onlyCached = Curl.run("--include", "-H", "Cache-Control: only-if-cached",
                server.uri("/cache/fresh/never-asked").toString());
        assertEquals(504, onlyCached.status());
    }

    @Test
    void wrongSettingsStopTheStart() {
        Object[][] cases = {
            {Map.of("paths", List.of("cache")), "cache.paths"},
            {Map.of("paths", List.of("/a/../b")), "cache.paths"},
            {Map.of("paths", List.of("/a"), "maxSize", "0"), "cache.maxSize"},
            {Map.of("paths", List.of("/a"), "maxSize", "1KiB", "maxEntrySize", "2KiB"), "cache.maxEntrySize"},
            {Map.of("paths", List.of("/a"), "maxVariants", 0), "cache.maxVariants"},
            {Map.of("paths", List.of("/a"), "header", "X Cache"), "cache.header"},
            {Map.of("paths", List.of("/a"), "header", "age"), "cache.header"},
            {Map.of("paths", List.of("/a"), "coalesceTimeout", "0s"), "cache.coalesceTimeout"},
            {Map.of("paths", List.of("/a"), "maxAge", "10s"), "maxAge"},
        };
        for (Object[] c : cases) {
            ConfigException e = assertThrows(ConfigException.class, () -> TestServer.start(Server.builder()
                    .discoverExtensions(false).extension(new CacheExtension())
                    .config(Map.of("cache", c[0]))).close(), c[0].toString());
            assertTrue(e.getMessage().contains((String) c[1]), e.getMessage());
        }
    }

    @Test
    void foundByServiceLoader() throws Exception {
        try (TestServer discovered = TestServer.start(Server.builder()
                .config(Map.of("cache", Map.of("paths", List.of("/cache/"))))
                .routes(CacheServerTest::routes))) {
            assertTrue(discovered.server().extensions().stream().anyMatch(e -> e.name().equals("cache")));
            discovered.get("/cache/fresh/discovered");
            assertEquals("HIT", discovered.get("/cache/fresh/discovered").headers().firstValue("X-Cache").orElse(null));
        }
    }

    @Test
    void aProvidedStoreIsUsed() throws Exception {
        CacheStore mine = CacheStore.inMemory(1 << 20, 4);
        try (TestServer provided = TestServer.start(Server.builder().discoverExtensions(false)
                .extension(new CacheExtension())
                .extension(new Extension() {
                    @Override
                    public String name() {
                        return "my-store";
                    }

                    @Override
                    public void install(ExtensionContext context) {
                        context.provide(CacheStore.class, mine);
                    }
                })
                .config(Map.of("cache", Map.of("paths", List.of("/cache/"))))
                .routes(CacheServerTest::routes))) {
            provided.get("/cache/fresh/mine");
            String key = CacheStore.key("http", "127.0.0.1:" + provided.port(), "/cache/fresh/mine");
            assertEquals(1, mine.get(key).size());
            mine.remove(key); // purging from application code
            assertEquals("MISS", provided.get("/cache/fresh/mine").headers().firstValue("X-Cache").orElse(null));
            assertEquals("HIT", provided.get("/cache/fresh/mine").headers().firstValue("X-Cache").orElse(null));
        }
    }

    @Test
    void withoutPathsNothingIsCached() throws IOException, InterruptedException {
        try (TestServer plain = TestServer.start(Server.builder().discoverExtensions(false)
                .extension(new CacheExtension()).routes(CacheServerTest::routes))) {
            HttpResponse<String> response = plain.get("/cache/fresh/off");
            assertFalse(response.headers().firstValue("X-Cache").isPresent());
            assertEquals("fresh off 1", response.body());
            assertEquals("fresh off 2", plain.get("/cache/fresh/off").body());
        }
    }

    @Test
    void hostileRequestsGetClearAnswers() throws Exception {
        try (RawClient raw = server.raw()) {
            RawClient.Response response = raw.send("GET /cache/fresh/x HTTP/1.1\r\nHost: x\r\n"
                    + "Cache-Control: max-age=\"\\, max-stale=99999999999999999999, only-if-cached=\r\n"
                    + "Vary: *\r\n\r\n").read();
            assertEquals(200, response.status(), new String(response.body(), StandardCharsets.UTF_8));
        }
    }
}
