package motor.ext.multipart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import motor.core.Server;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Routes;
import motor.spi.extension.ConfigException;
import motor.test.Curl;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension found by ServiceLoader in a real server on a loopback port, called with the JDK client
 * (multipart bodies built by hand) and with curl ({@code -F}, {@code -d}); temporary files are checked by
 * listing the configured directory after every kind of ending.
 */
class MultipartServerTest {

    private static final long BIG_ROUTE_LIMIT = 64L * 1024 * 1024;

    @TempDir
    static Path uploads;
    @TempDir
    static Path storage;
    @TempDir
    static Path files;

    // started after the @TempDir fields are set, so the settings can name one of them
    @RegisterExtension
    static final TestServer server = TestServer.with(builder -> {
        MultipartServerTest.class.getModule().addUses(motor.spi.extension.Extension.class);
        builder.config(Map.of("multipart", Map.of("tempDirectory", uploads.toString(), "fileThreshold", "1KiB",
                "maxPartSize", "32MiB", "maxTotalSize", "48MiB", "maxParts", 50)))
                .routes(MultipartServerTest::routes);
    });

    private static void routes(Routes routes) {
        routes.post("/form", MultipartServerTest::describe);
        routes.post("/big", MultipartServerTest::describe).maxBodySize(BIG_ROUTE_LIMIT);
        routes.post("/small", MultipartServerTest::describe).maxBodySize(1024 * 1024);
        routes.post("/fail", (request, response) -> {
            Forms.read(request);
            throw new IllegalStateException("the handler failed after reading the form");
        });
        routes.post("/move", (request, response) -> {
            FilePart file = Forms.read(request).file("file");
            Path target = file.transferTo(storage.resolve(file.filename()));
            response.send(target.getFileName().toString());
        });
        routes.post("/stream", (request, response) -> {
            StringBuilder sb = new StringBuilder();
            PartReader reader = Forms.parts(request);
            for (Part part; (part = reader.next()) != null; ) {
                if (part.isFile()) {
                    sb.append("file ").append(part.name()).append(' ').append(part.filename()).append(' ')
                            .append(sha256(part.body())).append('\n');
                } else {
                    sb.append("field ").append(part.name()).append('=').append(part.text()).append('\n');
                }
            }
            response.send(sb.toString());
        }).maxBodySize(BIG_ROUTE_LIMIT);
    }

    /** Answers with one line per field and per file. */
    private static void describe(Request request, Response response) throws IOException {
        Form form = Forms.read(request);
        StringBuilder sb = new StringBuilder();
        form.fields().asMap().forEach((name, values) -> values.forEach(
                value -> sb.append("field ").append(name).append('=').append(value).append('\n')));
        for (FilePart file : form.files()) {
            try (InputStream in = file.open()) {
                sb.append("file ").append(file.name()).append(' ').append(file.filename()).append(' ')
                        .append(file.contentType()).append(' ').append(file.size()).append(' ')
                        .append(file.inMemory() ? "memory" : "disk").append(' ').append(sha256(in)).append('\n');
            }
        }
        response.send(sb.toString());
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
                digesting.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] data) throws IOException {
        return sha256(new java.io.ByteArrayInputStream(data));
    }

    private static String url(String path) {
        return server.uri(path).toString();
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return server.send(server.request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /**
     * Waits until the temporary directory is empty. The response can reach the client just before the
     * middleware, which runs after the handler, deletes the files; the wait is bounded.
     */
    private static void assertNoTempFilesLeft() throws Exception {
        List<Path> left = List.of();
        for (int i = 0; i < 500; i++) {
            try (Stream<Path> list = Files.list(uploads)) {
                left = list.toList();
            }
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("temporary files left behind: " + left);
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void discoveredThroughServiceLoader() {
        assertTrue(server.server().extensions().stream().anyMatch(e -> e.name().equals("multipart")));
    }

    @Test
    void handBuiltMultipartBodyWithTheJdkClient() throws Exception {
        byte[] small = "small file\n".getBytes(StandardCharsets.UTF_8);
        byte[] large = random(5 * 1024 * 1024 + 3, 1);
        byte[] body = new Multipart().field("title", "Holiday \u00e9t\u00e9").field("tag", "a").field("tag", "b")
                .file("notes", "notes.txt", "text/plain", small)
                .file("photo", "../../photo.jpg", "image/jpeg", large).build();
        HttpResponse<String> response = post("/big", Multipart.TYPE, body);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("field title=Holiday \u00e9t\u00e9\nfield tag=a\nfield tag=b\n"
                + "file notes notes.txt text/plain 11 memory " + sha256(small) + "\n"
                + "file photo photo.jpg image/jpeg " + large.length + " disk " + sha256(large) + "\n", response.body());
        assertNoTempFilesLeft();
    }

    @Test
    void expectContinueWithTheJdkClient() throws Exception {
        byte[] content = random(2 * 1024 * 1024, 9);
        byte[] body = new Multipart().file("f", "f.bin", "application/octet-stream", content).build();
        HttpResponse<String> response = server.send(server.request("/big").expectContinue(true)
                .header("Content-Type", Multipart.TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("file f f.bin application/octet-stream " + content.length + " disk " + sha256(content) + "\n",
                response.body());
        assertNoTempFilesLeft();
    }

    @Test
    void urlEncodedWithTheJdkClient() throws Exception {
        HttpResponse<String> response = post("/form", "application/x-www-form-urlencoded",
                "a=1&b=x+y%21&a=%E2%82%AC".getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, response.statusCode());
        assertEquals("field a=1\nfield a=\u20ac\nfield b=x y!\n", response.body());
    }

    @Test
    void handlerFailureStillDeletesTempFiles() throws Exception {
        byte[] body = new Multipart().file("f", "f.bin", "application/octet-stream", random(100_000, 2)).build();
        HttpResponse<String> response = post("/fail", Multipart.TYPE, body);
        assertEquals(500, response.statusCode());
        assertNoTempFilesLeft();
    }

    @Test
    void malformedBodiesAre400AndLeaveNothing() throws Exception {
        byte[] unfinished = new Multipart().file("f", "f.bin", "application/octet-stream", random(100_000, 3)).unfinished();
        HttpResponse<String> response = post("/form", Multipart.TYPE, unfinished);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("the multipart body ended before its close delimiter"), response.body());
        assertNoTempFilesLeft();

        String lf = "--" + Multipart.BOUNDARY + "\nContent-Disposition: form-data; name=\"a\"\n\n1\n--" + Multipart.BOUNDARY + "--\n";
        assertEquals(400, post("/form", Multipart.TYPE, lf.getBytes(StandardCharsets.US_ASCII)).statusCode());
        assertEquals(400, post("/form", "multipart/form-data", new Multipart().field("a", "1").build()).statusCode());
        assertEquals(415, post("/form", "text/plain", "a=1".getBytes(StandardCharsets.US_ASCII)).statusCode());
    }

    @Test
    void limitsAre413WithTheirNames() throws Exception {
        Multipart many = new Multipart();
        for (int i = 0; i < 51; i++) {
            many.field("f" + i, "v");
        }
        HttpResponse<String> response = post("/form", Multipart.TYPE, many.build());
        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("multipart.maxParts (50)"), response.body());

        // the route's body limit (the server's default 10 MiB here) is checked before reading
        byte[] overRoute = new Multipart().file("f", "f.bin", "application/octet-stream", random(11 * 1024 * 1024, 4)).build();
        response = post("/form", Multipart.TYPE, overRoute);
        assertEquals(413, response.statusCode());

        byte[] overPart = new Multipart().file("f", "f.bin", "application/octet-stream", random(33 * 1024 * 1024, 5)).build();
        response = post("/big", Multipart.TYPE, overPart);
        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("multipart.maxPartSize"), response.body());
        assertNoTempFilesLeft();
    }

    @Test
    void movedFilesAreTheApplications() throws Exception {
        byte[] content = random(20_000, 6);
        HttpResponse<String> response = post("/move", Multipart.TYPE,
                new Multipart().file("file", "kept.bin", "application/octet-stream", content).build());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("kept.bin", response.body());
        assertEquals(sha256(content), sha256(Files.readAllBytes(storage.resolve("kept.bin"))));
        assertNoTempFilesLeft();
    }

    @Test
    void streamingPartsWithTheJdkClient() throws Exception {
        byte[] large = random(3 * 1024 * 1024, 7);
        HttpResponse<String> response = post("/stream", Multipart.TYPE,
                new Multipart().field("a", "1").file("up", "x/y.bin", "application/octet-stream", large).build());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("field a=1\nfile up y.bin " + sha256(large) + "\n", response.body());
        assertNoTempFilesLeft();
    }

    @Test
    void curlFormFieldsAndFiles() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Path text = files.resolve("hello.txt");
        Files.writeString(text, "hello from curl\n");
        Curl.Result result = Curl.run("-F", "name=value", "-F", "greeting=caf\u00e9", "-F", "file=@" + text,
                "-F", "evil=@" + text + ";filename=../../etc/passwd", url("/form"));
        assertEquals(0, result.exit(), result.err());
        String digest = sha256(Files.readAllBytes(text));
        assertEquals("field name=value\nfield greeting=caf\u00e9\n"
                + "file file hello.txt text/plain 16 memory " + digest + "\n"
                + "file evil passwd text/plain 16 memory " + digest + "\n", result.out());
    }

    @Test
    void curlUrlEncoded() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Curl.Result result = Curl.run("-d", "a=b", "-d", "c=d+e%20f", "--data-urlencode", "g=h&i", url("/form"));
        assertEquals(0, result.exit(), result.err());
        assertEquals("field a=b\nfield c=d e f\nfield g=h&i\n", result.out());
    }

    @Test
    void curlMultiMegabyteFileCheckedBySha256() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        byte[] content = random(8 * 1024 * 1024 + 5, 8);
        Path big = files.resolve("big.bin");
        Files.write(big, content);
        String digest = sha256(content);
        Curl.Result result = Curl.run("-F", "note=big one", "-F", "file=@" + big + ";type=application/octet-stream",
                url("/big"));
        assertEquals(0, result.exit(), result.err());
        assertEquals("field note=big one\nfile file big.bin application/octet-stream " + content.length + " disk "
                + digest + "\n", result.out());
        assertNoTempFilesLeft();

        Curl.Result streamed = Curl.run("-F", "file=@" + big, url("/stream"));
        assertEquals(0, streamed.exit(), streamed.err());
        assertEquals("file file big.bin " + digest + "\n", streamed.out());

        Curl.Result tooLarge = Curl.run("-o", "/dev/null", "-w", "%{http_code}", "-F", "file=@" + big, url("/small"));
        assertEquals("413", tooLarge.out());
        assertNoTempFilesLeft();
    }

    @Test
    void badSettingsStopTheStart() {
        ConfigException e = assertThrows(ConfigException.class, () -> Server.builder().listen("127.0.0.1", 0)
                .discoverExtensions(false).extension(new motor.ext.multipart.internal.MultipartExtension())
                .config(Map.of("multipart", Map.of("maxParts", 0))).build().start().stop());
        assertTrue(e.getMessage().contains("multipart.maxParts"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> Server.builder().listen("127.0.0.1", 0)
                .discoverExtensions(false).extension(new motor.ext.multipart.internal.MultipartExtension())
                .config(Map.of("multipart", Map.of("maxPartSize", "lots"))).build().start().stop());
        assertTrue(e.getMessage().contains("maxPartSize"), e.getMessage());
        Exception unknown = assertThrows(Exception.class, () -> Server.builder().listen("127.0.0.1", 0)
                .discoverExtensions(false).extension(new motor.ext.multipart.internal.MultipartExtension())
                .config(Map.of("multipart", Map.of("fileTreshold", "1KiB"))).build().start().stop());
        assertTrue(unknown.getMessage().contains("fileTreshold"), unknown.getMessage());
    }
}
