package motor.ext.http2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JDK's HttpClient with {@code Version.HTTP_2} on {@code http://} URIs: it upgrades with h2c and then
 * multiplexes every request over the one connection. (The JDK client fails requests beyond the server's
 * MAX_CONCURRENT_STREAMS instead of queueing them, so this server allows 256.)
 */
class JdkClientTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.discoverExtensions(false).maxBodySize(32 << 20)
            .extension(new Http2Extension())
            .config(Map.of("http2", Map.of("maxConcurrentStreams", 256, "maxBodySize", "32MiB")))
            .routes(TestRoutes::routes));

    static HttpClient client;

    @BeforeAll
    static void client() {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(60));
    }

    @Test
    void upgradesToHttp2() throws Exception {
        HttpResponse<String> response = client.send(request("/hello").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        assertEquals("hello HTTP/2.0 http 127.0.0.1:" + server.port() + " [hello]", response.body());
        HttpResponse<String> listener = client.send(request("/listener").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, listener.version());
        assertEquals("http", listener.body(), "an HTTP/2 request knows its listener as HTTP/1.1 requests do");
    }

    @Test
    void aHundredAndFiftyConcurrentRequestsOnOneConnection() throws Exception {
        client.send(request("/hello").build(), HttpResponse.BodyHandlers.ofString()); // the upgrade first
        List<CompletableFuture<HttpResponse<byte[]>>> futures = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            futures.add(client.sendAsync(request("/big?n=" + (1000 + i * 37) + "&seed=" + i).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (int i = 0; i < futures.size(); i++) {
            HttpResponse<byte[]> response = futures.get(i).get(60, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, response.version());
            assertArrayEquals(TestRoutes.bytes(1000 + i * 37, i), response.body(), "response " + i);
        }
    }

    /**
     * Twenty megabytes each way. The download is larger than the client's 16 MB window, so the reader must
     * see the client's WINDOW_UPDATEs while the writer waits for the socket (it once stayed parked then,
     * and the download stalled).
     */
    @Test
    void twentyMegabytesEachWay() throws Exception {
        byte[] data = TestRoutes.bytes(20 * 1024 * 1024, 42);
        client.send(request("/hello").build(), HttpResponse.BodyHandlers.ofString()); // the upgrade first
        HttpResponse<String> up = client.send(request("/sha").POST(HttpRequest.BodyPublishers.ofByteArray(data))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, up.statusCode(), up.body());
        assertEquals(HttpClient.Version.HTTP_2, up.version());
        assertEquals(data.length + " " + TestRoutes.sha256(data), up.body());

        for (String stream : new String[] {"", "&stream=1"}) {
            HttpResponse<byte[]> down = client.send(request("/big?n=" + data.length + "&seed=42" + stream).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, down.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, down.version());
            assertEquals(TestRoutes.sha256(data), down.headers().firstValue("x-sha256").orElseThrow());
            assertEquals(TestRoutes.sha256(data), TestRoutes.sha256(down.body()));
        }
    }

    @Test
    void aBlockedHandlerDoesNotHoldUpTheOthers() throws Exception {
        client.send(request("/hello").build(), HttpResponse.BodyHandlers.ofString());
        TestRoutes.gate = new CountDownLatch(1);
        TestRoutes.blocked = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(request("/block").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(TestRoutes.blocked.await(30, TimeUnit.SECONDS), "the blocking handler started");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> fast = client.send(request("/hello").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, fast.statusCode());
        }
        assertTrue(!slow.isDone(), "the slow request still waits");
        TestRoutes.gate.countDown();
        assertEquals("released", slow.get(30, TimeUnit.SECONDS).body());
    }

    @Test
    void aLargeFirstBodyIsServedOverHttp11() throws Exception {
        // a fresh client: the upgrade is offered with a body larger than the server reads into memory
        try (HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            byte[] data = TestRoutes.bytes(200_000, 5);
            HttpResponse<String> up = fresh.send(request("/sha").POST(HttpRequest.BodyPublishers.ofByteArray(data))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_1_1, up.version());
            assertEquals(data.length + " " + TestRoutes.sha256(data), up.body());
            HttpResponse<String> small = fresh.send(request("/echo").POST(HttpRequest.BodyPublishers.ofString("hi"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("hi", small.body());
        }
    }

    @Test
    void postBodiesAndErrors() throws Exception {
        client.send(request("/hello").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> echo = client.send(request("/echo").POST(HttpRequest.BodyPublishers.ofString("ping"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("ping", echo.body());
        HttpResponse<String> tooLarge = client.send(request("/limited").POST(HttpRequest.BodyPublishers.ofByteArray(
                new byte[5000])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, tooLarge.statusCode());
        HttpResponse<String> small = client.send(request("/limited").POST(HttpRequest.BodyPublishers.ofByteArray(
                new byte[500])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("500", small.body());
        HttpResponse<String> head = client.send(request("/hello").method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        HttpResponse<String> empty = client.send(request("/empty").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, empty.statusCode());
        HttpResponse<String> streamed = client.send(request("/stream").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("part 0\npart 1\npart 2\npart 3\npart 4\n", streamed.body());
    }
}
