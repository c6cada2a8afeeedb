package motor.example.showcase.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import motor.core.Server;
import motor.test.Curl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The showcase's feature routes with every extension found on the module path, as in the distribution,
 * called with the JDK client and curl.
 */
class FeatureRoutesTest {

    private static Server server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        FeatureRoutesTest.class.getModule().addUses(motor.spi.extension.Extension.class);
        server = Server.builder().listen("127.0.0.1", 0)
                .config(Map.of("security", Map.of("paths", java.util.List.of(Map.of("prefix", "/api",
                        "cors", Map.of("allowedOrigins", java.util.List.of("http://localhost:3000"),
                                "allowedMethods", java.util.List.of("GET", "PUT")))))))
                .build().start();
        client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(2));
        client.close();
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void compressedText() throws Exception {
        HttpResponse<byte[]> response = client.send(request("/gzip/text").header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(null));
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.body()))) {
            assertEquals(8192, in.readAllBytes().length);
        }
    }

    @Test
    void sessionCountsVisits() throws Exception {
        assertEquals("1", send(request("/session/visits")).body());
        assertEquals("2", send(request("/session/visits")).body());
        assertEquals("welcome", send(request("/session/login?user=ann").POST(HttpRequest.BodyPublishers.noBody())).body());
        assertEquals("ann", send(request("/session/whoami")).body());
    }

    @Test
    void jsonOrders() throws Exception {
        HttpResponse<String> created = send(request("/json/orders").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"customer\":\"Ada\",\"items\":[{\"name\":\"pen\",\"price\":1.5,\"quantity\":2}]}")));
        assertEquals(201, created.statusCode());
        assertEquals("{\"customer\":\"Ada\",\"lines\":1,\"total\":3.0}", created.body());
        HttpResponse<String> mistyped = send(request("/json/orders").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"customer\":\"Ada\",\"items\":[{\"price\":\"x\"}]}")));
        assertEquals(400, mistyped.statusCode());
        assertTrue(mistyped.body().contains("/items/0/price"), mistyped.body());
    }

    @Test
    void authentication() throws Exception {
        HttpResponse<String> anonymous = send(request("/auth/whoami"));
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().allValues("WWW-Authenticate").toString().contains("Basic realm=\"showcase\""));
        String demo = "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
        assertEquals("demo", send(request("/auth/whoami").header("Authorization", demo)).body());
        assertEquals(403, send(request("/auth/admin/").header("Authorization", demo)).statusCode());
    }

    @Test
    void encodedOutputAndSecurityHeaders() throws Exception {
        HttpResponse<String> page = send(request("/security/hello?name=%3Cscript%3E"));
        assertTrue(page.body().contains("Hello, &lt;script&gt;!"), page.body());
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertTrue(page.headers().firstValue("Content-Security-Policy").isPresent());
        HttpResponse<String> preflight = send(request("/api/items/1").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "PUT"));
        assertEquals(204, preflight.statusCode());
        assertEquals("http://localhost:3000", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }

    @Test
    void curlUploadsAFile(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "x".repeat(100_000));
        Curl.Result result = Curl.run("-F", "title=Holiday", "-F", "evil=@" + file + ";filename=../../etc/passwd",
                "http://127.0.0.1:" + server.port() + "/form");
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().contains("field title = Holiday"), result.out());
        assertTrue(result.out().contains("file evil: passwd, "), result.out());
        assertTrue(result.out().contains("100000 bytes, on disk"), result.out());
    }
}
