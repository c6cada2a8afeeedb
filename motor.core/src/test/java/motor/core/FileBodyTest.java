package motor.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import motor.spi.Middleware;
import motor.spi.ResponseWrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Response.send(FileChannel, position, count): a small region leaves with its head, a large one through
 * sendfile on the cleartext socket, and the default implementation (what a wrapper inherits) through the
 * body stream; HEAD gets the length alone; a file shorter than the promised region closes the connection.
 */
class FileBodyTest {

    @TempDir
    static Path dir;

    private static Server server;
    private static byte[] small;
    private static byte[] large;

    @BeforeAll
    static void start() throws Exception {
        Random random = new Random(42);
        small = new byte[1000];
        random.nextBytes(small);
        large = new byte[6 * 1024 * 1024 + 123];
        random.nextBytes(large);
        Files.write(dir.resolve("small"), small);
        Files.write(dir.resolve("large"), large);
        server = Server.builder()
                .listen("127.0.0.1", 0)
                .discoverExtensions(false)
                // a wrapper that changes nothing, so /wrapped/* runs Response's default send(FileChannel...)
                .middleware(Middleware.DEFAULT, (request, response, next) -> {
                    if (request.path().startsWith("/wrapped/")) {
                        next.handle(request, new ResponseWrapper(response));
                    } else {
                        next.handle(request, response);
                    }
                })
                .routes(r -> {
                    r.get("/file/{name}", (req, res) -> sendRegion(req.pathParameter("name"), req.rawQuery(), res));
                    r.get("/wrapped/{name}", (req, res) -> sendRegion(req.pathParameter("name"), req.rawQuery(), res));
                    r.get("/status/{code}", (req, res) -> {
                        res.status(Integer.parseInt(req.pathParameter("code")));
                        try (FileChannel file = FileChannel.open(dir.resolve("small"))) {
                            res.send(file, 0, small.length);
                        }
                    });
                })
                .build()
                .start();
    }

    /** Sends the whole file, or the region "position-count" given as the query. */
    private static void sendRegion(String name, String query, motor.spi.Response res) throws IOException {
        try (FileChannel file = FileChannel.open(dir.resolve(name), StandardOpenOption.READ)) {
            long position = 0;
            long count = file.size();
            if (query != null) {
                String[] parts = query.split("-");
                position = Long.parseLong(parts[0]);
                count = Long.parseLong(parts[1]);
            }
            res.headers().set("Content-Type", "application/octet-stream");
            res.send(file, position, count);
        }
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(1));
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    @Test
    void aLargeFileArrivesWholeThroughTheJdkClient() throws Exception {
        for (String route : new String[] {"/file/large", "/wrapped/large"}) {
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                HttpResponse<byte[]> response = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + route))
                                .timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, response.statusCode(), route);
                assertEquals(String.valueOf(large.length), response.headers().firstValue("Content-Length").orElseThrow(), route);
                assertArrayEquals(sha256(large), sha256(response.body()), route);
            }
        }
    }

    @Test
    void regionsSmallAndLargeAreExactAndTheConnectionStaysUsable() throws Exception {
        try (RawClient raw = new RawClient(server.port(), 10_000)) {
            raw.send("GET /file/small HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response whole = raw.read();
            assertArrayEquals(small, whole.body());

            raw.send("GET /file/small?10-20 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertArrayEquals(Arrays.copyOfRange(small, 10, 30), raw.read().body());

            raw.send("GET /file/large?5000-3000000 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response region = raw.read();
            assertEquals("3000000", region.header("Content-Length"));
            assertArrayEquals(Arrays.copyOfRange(large, 5000, 3_005_000), region.body());

            raw.send("GET /wrapped/large?100-20000 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertArrayEquals(Arrays.copyOfRange(large, 100, 20_100), raw.read().body());

            raw.send("GET /file/small?0-0 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response empty = raw.read();
            assertEquals("0", empty.header("Content-Length"));
            assertEquals(0, empty.body().length);
        }
    }

    @Test
    void headGetsTheLengthAndNoBody() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("HEAD /file/large HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response head = raw.read(true);
            assertEquals(200, head.status());
            assertEquals(String.valueOf(large.length), head.header("Content-Length"));
            // the next response on the connection starts right after the head: nothing of the file leaked
            raw.send("GET /file/small?0-5 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertArrayEquals(Arrays.copyOf(small, 5), raw.read().body());
        }
    }

    @Test
    void bodylessStatusesSendNoFile() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /status/304 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(304, raw.read().status());
            raw.send("GET /status/204 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(204, raw.read().status());
            raw.send("GET /file/small?0-3 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertArrayEquals(Arrays.copyOf(small, 3), raw.read().body());
        }
    }

    @Test
    void aFileShorterThanTheRegionClosesTheConnection() throws Exception {
        for (String route : new String[] {"/file/small?900-200", "/file/large?6000000-2000000", "/wrapped/large?6000000-2000000"}) {
            try (RawClient raw = new RawClient(server.port(), 10_000)) {
                raw.send("GET " + route + " HTTP/1.1\r\nHost: x\r\n\r\n");
                // the head may or may not have left; either way the body is cut short and the socket closed
                IOException cut = assertThrows(IOException.class, raw::read, route);
                assertTrue(cut.getMessage() != null, route);
            }
        }
    }

    @Test
    void theDefaultImplementationRefusesNegativeRegions() throws Exception {
        try (FileChannel file = FileChannel.open(dir.resolve("small"))) {
            motor.spi.Response response = new ResponseWrapper(null);
            assertThrows(IllegalArgumentException.class, () -> response.send(file, -1, 1));
            assertThrows(IllegalArgumentException.class, () -> response.send(file, 0, -1));
        }
    }
}
