package motor.ext.staticfiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import motor.core.Server;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static files and the gzip extension in one server: a body is never encoded twice. */
class WithGzipTest {

    private static final String TEXT = "a line of text that compresses well\n".repeat(200);
    private static TestServer server;
    private static byte[] precompressed;

    @BeforeAll
    static void start(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("plain.txt"), TEXT);
        Files.writeString(root.resolve("app.css"), TEXT);
        precompressed = gzip(TEXT.getBytes(StandardCharsets.UTF_8));
        Files.write(root.resolve("app.css.gz"), precompressed);
        Files.writeString(root.resolve("app.css.br"), "pretend-brotli");
        // discovery finds both extensions, as in a deployment
        server = TestServer.start(Server.builder().config(Map.of(
                "static", Map.of("mounts", List.of(Map.of("prefix", "/s", "dir", root.toString()))),
                "gzip", Map.of("minSize", "1KiB"))));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return server.send(server.request(path).headers(headers), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void precompressedVariantIsSentAsItIs() throws Exception {
        HttpResponse<byte[]> response = get("/s/app.css", "Accept-Encoding", "gzip");
        assertEquals(List.of("gzip"), response.headers().allValues("Content-Encoding"));
        assertArrayEquals(precompressed, response.body());
        HttpResponse<byte[]> br = get("/s/app.css", "Accept-Encoding", "br, gzip");
        assertEquals(List.of("br"), br.headers().allValues("Content-Encoding"));
        assertEquals("pretend-brotli", new String(br.body(), StandardCharsets.UTF_8));
    }

    @Test
    void fileWithoutVariantIsCompressedOnTheFlyOnce() throws Exception {
        HttpResponse<byte[]> response = get("/s/plain.txt", "Accept-Encoding", "gzip");
        assertEquals(List.of("gzip"), response.headers().allValues("Content-Encoding"));
        byte[] decoded = new GZIPInputStream(new java.io.ByteArrayInputStream(response.body())).readAllBytes();
        assertEquals(TEXT, new String(decoded, StandardCharsets.UTF_8));
        assertTrue(response.headers().firstValue("Vary").orElse("").contains("Accept-Encoding"));
        // the gzip extension gives the compressed form its own tag, and recognises it in conditionals
        String etag = response.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> notModified = get("/s/plain.txt", "Accept-Encoding", "gzip", "If-None-Match", etag);
        assertEquals(304, notModified.statusCode());
    }

    @Test
    void rangesAreNeverCompressed() throws Exception {
        HttpResponse<byte[]> response = get("/s/plain.txt", "Accept-Encoding", "gzip", "Range", "bytes=0-5");
        assertEquals(206, response.statusCode());
        assertNull(response.headers().firstValue("Content-Encoding").orElse(null));
        assertEquals("a line", new String(response.body(), StandardCharsets.UTF_8));
    }
}
