package motor.example.showcase.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import motor.core.Server;
import motor.test.Curl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The showcase found by ServiceLoader on the module path, as the distribution runs it, and called with
 * the JDK client and curl.
 */
class ShowcaseTest {

    private static Server server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        ShowcaseTest.class.getModule().addUses(motor.spi.extension.Extension.class);
        server = Server.builder().listen("127.0.0.1", 0).build().start();
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(2));
        client.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void discoveredThroughServiceLoader() {
        assertEquals(java.util.Set.of("showcase", "gzip", "cookies", "json", "multipart", "auth", "security", "static",
                "cache", "sse", "websocket"),
                server.extensions().stream().map(e -> e.name()).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void plaintext() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/plaintext"))));
        assertEquals(200, response.statusCode());
        assertEquals("Hello, World!", response.body());
        assertEquals("text/plain", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void json() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/json"))));
        assertEquals("{\"message\":\"Hello, World!\"}", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void echoForEachMethod() throws Exception {
        for (String method : List.of("POST", "PUT", "PATCH")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/echo")))
                    .header("Content-Type", "text/x-test").method(method, HttpRequest.BodyPublishers.ofString(method)));
            assertEquals(method, response.body());
            assertEquals("text/x-test", response.headers().firstValue("Content-Type").orElseThrow());
        }
    }

    @Test
    void echoOverOneMebibyteIs413() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/echo")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024 + 1])));
        assertEquals(413, response.statusCode());
        HttpResponse<String> atLimit = send(HttpRequest.newBuilder(URI.create(url("/echo")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024])));
        assertEquals(200, atLimit.statusCode());
        assertEquals(1024 * 1024, atLimit.body().length());
    }

    @Test
    void streamArrivesInFlushedPieces() throws Exception {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(url("/stream?chunks=5&size=3")))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("chunked", response.headers().firstValue("Transfer-Encoding").orElseThrow());
        List<Integer> reads = new ArrayList<>();
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                reads.add(n);
            }
        }
        assertEquals(15, reads.stream().mapToInt(Integer::intValue).sum());
        assertTrue(reads.size() >= 2, "pieces flushed 10 ms apart arrive separately: " + reads);
    }

    @Test
    void streamRejectsBadParameters() throws Exception {
        assertEquals(400, send(HttpRequest.newBuilder(URI.create(url("/stream?chunks=abc")))).statusCode());
        assertEquals(400, send(HttpRequest.newBuilder(URI.create(url("/stream?size=0")))).statusCode());
        assertEquals(400, send(HttpRequest.newBuilder(URI.create(url("/slow?ms=-1")))).statusCode());
    }

    @Test
    void slow() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/slow?ms=50"))));
        assertEquals("done", response.body());
    }

    @Test
    void health() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/health"))));
        assertEquals("{\"status\":\"UP\"}", response.body());
    }

    @Test
    void curlSeesEveryRoute(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        assertEquals("Hello, World!", Curl.run(url("/plaintext")).out());
        assertEquals("{\"message\":\"Hello, World!\"}", Curl.run(url("/json")).out());
        assertEquals("{\"status\":\"UP\"}", Curl.run(url("/health")).out());
        assertEquals("done", Curl.run(url("/slow?ms=10")).out());
        assertEquals("x".repeat(20), Curl.run("-N", url("/stream?chunks=4&size=5")).out());
        assertEquals("hello", Curl.run("-d", "hello", url("/echo")).out());
        assertEquals("put", Curl.run("-X", "PUT", "-d", "put", url("/echo")).out());
    }

    @Test
    void curlChunkedUploadAndExpectContinue(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        byte[] data = new byte[300_000];
        new java.util.Random(7).nextBytes(data);
        Path file = dir.resolve("upload.bin");
        Files.write(file, data);
        Path out = dir.resolve("echo.bin");
        Curl.Result chunked = Curl.run("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file,
                "-o", out.toString(), "-w", "%{http_code}", url("/echo"));
        assertEquals("200", chunked.out(), chunked.err());
        assertArrayEquals(data, Files.readAllBytes(out));

        Curl.Result expect = Curl.run("-v", "-H", "Expect: 100-continue", "--data-binary", "@" + file,
                "-o", out.toString(), url("/echo"));
        assertTrue(expect.err().contains("< HTTP/1.1 100 Continue"), expect.err());
        assertArrayEquals(data, Files.readAllBytes(out));
    }

    @Test
    void curlReusesTheConnection() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Curl.Result result = Curl.run("-v", url("/plaintext"), url("/json"));
        assertEquals("Hello, World!{\"message\":\"Hello, World!\"}", result.out());
        assertTrue(result.err().contains("Re-using existing connection")
                || result.err().contains("Reusing existing"), result.err());
    }

    @Test
    void curlIsToldAboutTooLargeBodies(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Path file = dir.resolve("big.bin");
        Files.write(file, new byte[2 * 1024 * 1024]);
        Curl.Result result = Curl.run("-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "@" + file,
                url("/echo"));
        assertEquals("413", result.out(), result.err());
    }
}
