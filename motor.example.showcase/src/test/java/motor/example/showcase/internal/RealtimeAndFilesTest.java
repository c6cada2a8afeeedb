package motor.example.showcase.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import motor.core.Server;
import motor.test.Browser;
import motor.test.Curl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The showcase's static files, cached route, server-sent events and WebSocket echo, with every extension
 * found on the module path as in the distribution: the JDK's HTTP and WebSocket clients, curl, and a real
 * browser (headless Chromium) that opens an EventSource and a WebSocket from the showcase's page.
 */
class RealtimeAndFilesTest {

    @TempDir
    static Path docroot;

    private static final BlockingQueue<String> BROWSER_REPORTS = new LinkedBlockingQueue<>();
    private static Server server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        RealtimeAndFilesTest.class.getModule().addUses(motor.spi.extension.Extension.class);
        Files.writeString(docroot.resolve("hello.txt"), "Hello from a file\n");
        Files.createDirectories(docroot.resolve("assets"));
        Files.writeString(docroot.resolve("assets/app.js"), "console.log('app');\n");
        server = Server.builder().listen("127.0.0.1", 0)
                .baseDirectory(docroot.getParent())
                .config(Map.of("showcase", Map.of("docroot", docroot.getFileName().toString()),
                        "cache", Map.of("paths", List.of("/cache/"))))
                .routes(routes -> routes.post("/browser-report", (request, response) -> {
                    BROWSER_REPORTS.add(request.bodyText());
                    response.status(204);
                }))
                .build().start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(2));
        client.close();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void staticFilesWithValidatorsRangesAndCaching() throws Exception {
        HttpResponse<String> file = get("/static/hello.txt");
        assertEquals(200, file.statusCode());
        assertEquals("Hello from a file\n", file.body());
        String etag = file.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, get("/static/hello.txt", "If-None-Match", etag).statusCode());
        HttpResponse<String> range = get("/static/hello.txt", "Range", "bytes=0-4");
        assertEquals(206, range.statusCode());
        assertEquals("Hello", range.body());
        assertEquals("bytes 0-4/18", range.headers().firstValue("Content-Range").orElse(null));
        assertEquals("public, max-age=31536000, immutable",
                get("/static/assets/app.js").headers().firstValue("Cache-Control").orElse(null));
        assertEquals(404, get("/static/..%2fhello.txt").statusCode());
    }

    @Test
    void theSlowRouteIsMadeOnceThenServedFromTheCache() throws Exception {
        HttpResponse<String> first = get("/cache/slow");
        HttpResponse<String> second = get("/cache/slow");
        assertEquals(200, second.statusCode());
        assertEquals(first.body(), second.body(), "the copy made at the same instant: " + first.headers().map()
                + " then " + second.headers().map());
        assertEquals("HIT", second.headers().firstValue("X-Cache").orElse(null));
        assertTrue(second.headers().firstValue("Age").isPresent());
    }

    @Test
    void serverSentEventsCountAndResume() throws Exception {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri("/sse/count?n=3&interval_ms=10"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElse(null));
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.startsWith(":")) {
                    lines.add(line);
                }
            }
        }
        assertEquals(List.of("id: 1", "data: 1", "", "id: 2", "data: 2", "", "id: 3", "data: 3", ""), lines);

        HttpResponse<String> resumed = get("/sse/count?n=3&interval_ms=0", "Last-Event-ID", "2");
        assertTrue(resumed.body().contains("id: 3\ndata: 3\n\n") && !resumed.body().contains("data: 2"), resumed.body());
        assertEquals(204, get("/sse/count?n=3", "Last-Event-ID", "3").statusCode());
        assertEquals(400, get("/sse/count?n=3", "Last-Event-ID", "x").statusCode());
        assertEquals(400, get("/sse/count?n=0").statusCode());
    }

    @Test
    void curlFollowsTheEventStream() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Curl.Result result = Curl.run("-N", uri("/sse/count?n=2&interval_ms=10").toString());
        assertEquals(0, result.exit(), result.err());
        assertEquals("id: 1\ndata: 1\n\nid: 2\ndata: 2\n\n", result.out().replaceAll("(?m)^:.*\n\n?", ""));
    }

    @Test
    void theWebSocketEchoesTextAndBinary() throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        WebSocket socket = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws/echo"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            received.add(text.toString());
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        byte[] bytes = new byte[data.remaining()];
                        data.get(bytes);
                        received.add(bytes);
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        received.add("closed " + statusCode);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("h\u00e9llo", true).get(10, TimeUnit.SECONDS);
        assertEquals("h\u00e9llo", received.poll(10, TimeUnit.SECONDS));
        socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(10, TimeUnit.SECONDS);
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) received.poll(10, TimeUnit.SECONDS));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        assertEquals("closed 1000", received.poll(10, TimeUnit.SECONDS));
        assertEquals(426, get("/ws/echo").statusCode(), "a plain GET is told to upgrade");
    }

    @Test
    void theEchoTakesLargeMessagesAndAnyOrigin() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        new java.util.Random(7).nextBytes(big);
        java.io.ByteArrayOutputStream echoed = new java.io.ByteArrayOutputStream();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        WebSocket socket = client.newWebSocketBuilder().header("Origin", "https://elsewhere.example")
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws/echo"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        byte[] bytes = new byte[data.remaining()];
                        data.get(bytes);
                        echoed.writeBytes(bytes);
                        if (last) {
                            done.complete(echoed.toByteArray());
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendBinary(ByteBuffer.wrap(big), true).get(30, TimeUnit.SECONDS);
        assertArrayEquals(big, done.get(30, TimeUnit.SECONDS));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBrowserOpensAnEventSourceAndAWebSocketFromTheShowcasePage() throws Exception {
        Assumptions.assumeTrue(Browser.available(), "chromium is not installed");
        try (Browser browser = Browser.open(uri("/realtime?report=/browser-report"))) {
            String report = BROWSER_REPORTS.poll(60, TimeUnit.SECONDS);
            assertNotNull(report, "the page reported within a minute");
            JsonNode results = new ObjectMapper().readTree(report);
            assertEquals("1:1,2:2,3:3", results.path("sse").asText(), report);
            assertEquals("hello, motor", results.path("ws").asText(), report);
            assertTrue(results.path("wsExtensions").asText().startsWith("permessage-deflate"),
                    "Chromium offers compression and the showcase accepts it: " + report);
        }
    }

    @Test
    void thePageAndItsScriptAreServed() throws Exception {
        HttpResponse<String> page = get("/realtime");
        assertTrue(page.body().contains("<script src=\"/realtime.js\">"), page.body());
        assertEquals("text/javascript; charset=utf-8", get("/realtime.js").headers().firstValue("Content-Type").orElse(null));
    }
}
