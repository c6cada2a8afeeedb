package motor.ext.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import motor.core.Server;
import motor.spi.extension.Extension;
import org.junit.jupiter.api.Test;

/** The extension as the server finds and configures it: ServiceLoader discovery, and refused settings. */
class ExtensionTest {

    @Test
    void foundThroughServiceLoaderAndOnWithoutSettings() throws Exception {
        ExtensionTest.class.getModule().addUses(Extension.class);
        Server server = Server.builder().listen("127.0.0.1", 0).build().start();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            assertTrue(server.extensions().stream().anyMatch(e -> e.name().equals("security")));
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/anything")).timeout(Duration.ofSeconds(20))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, response.statusCode());
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
            assertTrue(response.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        } finally {
            server.stop(Duration.ofSeconds(2));
        }
    }

    @Test
    void misspeltKeyStopsTheStart() {
        assertStartRefused(Map.of("headers", Map.of("contentSecurityPolicyy", "default-src 'self'")),
                "security.headers.contentSecurityPolicyy");
        assertStartRefused(Map.of("cors", Map.of("allowedOrigin", "https://a.example")), "security.cors.allowedOrigin");
    }

    @Test
    void dangerousCombinationStopsTheStart() {
        assertStartRefused(Map.of("cors", Map.of("allowedOrigins", "*", "allowCredentials", true)),
                "security.cors.allowCredentials");
    }

    private static void assertStartRefused(Map<String, ?> section, String key) {
        Exception e = assertThrows(Exception.class, () -> {
            Server server = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false)
                    .extension(new SecurityExtension()).config(Map.of("security", section)).build().start();
            server.stop(Duration.ofSeconds(1));
        });
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains(key), messages.toString());
    }
}
