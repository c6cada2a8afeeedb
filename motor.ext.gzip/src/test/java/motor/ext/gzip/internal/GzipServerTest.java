package motor.ext.gzip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import motor.spi.Routes;
import motor.spi.Status;
import motor.test.Curl;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The extension in a real server, called with the JDK client and curl. */
class GzipServerTest {

    private static final byte[] TEXT = text(4096);
    private static final String TAG = "\"v1\"";
    private static final long LIMIT = 64 * 1024;

    private static final CountDownLatch secondPiece = new CountDownLatch(1);

    /** A plugin-style coding (no compression) that counts the encoders closed. */
    static final class TrackedCoding implements motor.spi.ContentCoding {
        final java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String name() {
            return "x-tracked";
        }

        @Override
        public OutputStream encode(OutputStream out) {
            return new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    closed.incrementAndGet();
                    super.close();
                }
            };
        }

        @Override
        public InputStream decode(InputStream in) {
            return in;
        }
    }

    static final TrackedCoding TRACKED = new TrackedCoding();

    @RegisterExtension
    static final TestServer server = TestServer.with(builder -> builder
            .discoverExtensions(false)
            .extension(new GzipExtension())
            .extension(new motor.spi.extension.Extension() {
                @Override
                public String name() {
                    return "test-coding";
                }

                @Override
                public void install(motor.spi.extension.ExtensionContext context) {
                    context.addContentCoding(TRACKED);
                }
            })
            .config(Map.of("gzip", Map.of("minSize", "1KiB")))
            .routes(GzipServerTest::routes));

    static byte[] text(int size) {
        StringBuilder sb = new StringBuilder(size);
        for (int i = 0; sb.length() < size; i++) {
            sb.append("line ").append(i).append(" of a text that compresses well\n");
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    static void routes(Routes routes) {
        routes.get("/text", (request, response) -> {
            response.headers().set("ETag", TAG).set("Content-Type", "text/plain; charset=utf-8")
                    .set("Accept-Ranges", "bytes");
            if (TAG.equals(request.header("If-None-Match"))) {
                response.status(Status.NOT_MODIFIED);
                return;
            }
            response.send(TEXT);
        });
        routes.get("/small", (request, response) -> response.send("small"));
        // a file region; "?short" claims 1 MiB more than the file has, which fails whoever reads it all
        routes.get("/file", (request, response) -> {
            Path file = Files.createTempFile("gzip", ".txt");
            try {
                Files.write(file, TEXT);
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
                    response.headers().set("Content-Type", "text/plain; charset=utf-8").set("ETag", "\"f1\"");
                    long extra = request.rawQuery() != null ? 1 << 20 : 0;
                    response.send(channel, 0, channel.size() + extra);
                }
            } finally {
                Files.delete(file);
            }
        });
        routes.get("/png", (request, response) -> {
            response.headers().set("Content-Type", "image/png");
            response.send(TEXT);
        });
        routes.get("/json", (request, response) -> {
            response.headers().set("Content-Type", "application/problem+json").set("Vary", "Origin");
            response.send(TEXT);
        });
        routes.get("/encoded", (request, response) -> {
            response.headers().set("Content-Type", "text/plain").set("Content-Encoding", "gzip");
            response.send(gzip(TEXT));
        });
        routes.get("/partial", (request, response) -> {
            response.status(Status.PARTIAL_CONTENT);
            response.headers().set("Content-Type", "text/plain")
                    .set("Content-Range", "bytes 0-4095/10000");
            response.send(TEXT);
        });
        routes.get("/no-transform", (request, response) -> {
            response.headers().set("Content-Type", "text/plain").set("Cache-Control", "no-transform");
            response.send(TEXT);
        });
        routes.get("/stream", (request, response) -> {
            response.headers().set("Content-Type", "text/plain");
            OutputStream out = response.output();
            out.write(TEXT, 0, 2000);
            out.flush();
            boolean released = secondPiece.await(20, TimeUnit.SECONDS);
            out.write(released ? TEXT : "TIMED OUT".getBytes(StandardCharsets.US_ASCII));
        });
        routes.get("/stream-small", (request, response) -> {
            response.headers().set("Content-Type", "text/plain");
            response.output().write(TEXT, 0, 100);
        });
        routes.get("/streamed", (request, response) -> {
            response.headers().set("Content-Type", "text/plain");
            response.output().write(TEXT);
        });
        routes.get("/fail-midway", (request, response) -> {
            response.headers().set("Content-Type", "text/plain");
            OutputStream out = response.output();
            out.write(TEXT);
            out.flush();
            throw new IllegalStateException("failed after the head was sent");
        });
        routes.get("/error", (request, response) -> {
            response.headers().set("Content-Type", "text/plain");
            response.output().write(TEXT, 0, 10);
            throw new IllegalStateException("failed before anything was sent");
        });
        routes.get("/reset", (request, response) -> {
            response.status(Status.RESET_CONTENT);
            response.headers().set("Content-Type", "text/plain");
            response.send(new byte[0]);
        });
        routes.post("/unlimited", (request, response) -> {
            response.headers().set("Content-Type", "application/octet-stream");
            response.send(request.bodyBytes());
        }).maxBodySize(Long.MAX_VALUE);
        routes.post("/echo", (request, response) -> {
            byte[] body = request.bodyBytes();
            response.headers().set("Content-Type", "application/octet-stream")
                    .set("X-Content-Length", Long.toString(request.contentLength()))
                    .set("X-Had-Encoding", Boolean.toString(request.headers().contains("Content-Encoding")));
            response.send(body);
        }).maxBodySize(LIMIT);
    }

    @AfterAll
    static void release() {
        secondPiece.countDown(); // runs before the server stops, so that no handler waits out its grace
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = server.request(path);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return server.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void compressesForAClientThatAccepts() throws Exception {
        HttpResponse<byte[]> response = get("/text", "Accept-Encoding", "gzip, deflate, br");
        assertEquals(200, response.statusCode());
        assertEquals("gzip", header(response, "Content-Encoding"));
        assertEquals("Accept-Encoding", header(response, "Vary"));
        assertEquals("\"v1-gzip\"", header(response, "ETag"), "the encoded variant has its own tag");
        assertEquals(null, header(response, "Accept-Ranges"), "ranges are of the unencoded bytes");
        assertEquals(Long.toString(response.body().length), header(response, "Content-Length"));
        assertTrue(response.body().length < TEXT.length / 2);
        assertArrayEquals(TEXT, gunzip(response.body()));
    }

    @Test
    void deflateWhenPreferred() throws Exception {
        HttpResponse<byte[]> response = get("/text", "Accept-Encoding", "gzip;q=0.5, deflate");
        assertEquals("deflate", header(response, "Content-Encoding"));
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(response.body()))) {
            assertArrayEquals(TEXT, in.readAllBytes());
        }
    }

    @Test
    void plainWithoutAcceptEncodingOrWhenRefused() throws Exception {
        for (String[] headers : List.of(new String[0], new String[] {"Accept-Encoding", "gzip;q=0, deflate;q=0"},
                new String[] {"Accept-Encoding", "br"}, new String[] {"Accept-Encoding", ""})) {
            HttpResponse<byte[]> response = get("/text", headers);
            assertEquals(null, header(response, "Content-Encoding"), List.of(headers).toString());
            assertEquals("Accept-Encoding", header(response, "Vary"), "the answer depends on the field");
            assertEquals(TAG, header(response, "ETag"));
            assertArrayEquals(TEXT, response.body());
        }
    }

    @Test
    void conditionalRequestWithTheEncodedTag() throws Exception {
        HttpResponse<byte[]> response = get("/text", "Accept-Encoding", "gzip", "If-None-Match", "\"v1-gzip\"");
        assertEquals(304, response.statusCode(), "the application recognises its own tag under the suffix");
        assertEquals("\"v1-gzip\"", header(response, "ETag"));
        assertEquals("Accept-Encoding", header(response, "Vary"));
        assertEquals(0, response.body().length);
    }

    @Test
    void notModifiedCarriesVaryAndIfRangeIsLeftAlone() throws Exception {
        HttpResponse<byte[]> plainTag = get("/text", "Accept-Encoding", "gzip", "If-None-Match", TAG);
        assertEquals(304, plainTag.statusCode());
        assertEquals(TAG, header(plainTag, "ETag"));
        assertEquals("Accept-Encoding", header(plainTag, "Vary"), "the Vary a 200 would have (RFC 9110 15.4.5)");
        HttpResponse<byte[]> reset = get("/reset", "Accept-Encoding", "gzip");
        assertEquals(205, reset.statusCode());
        assertEquals(null, header(reset, "Content-Encoding"));
    }

    @Test
    void leavesAloneWhatShouldNotBeCompressed() throws Exception {
        for (String path : List.of("/small", "/png", "/encoded", "/partial", "/no-transform", "/stream-small")) {
            HttpResponse<byte[]> response = get(path, "Accept-Encoding", "gzip");
            byte[] expected = switch (path) {
                case "/small" -> "small".getBytes(StandardCharsets.US_ASCII);
                case "/encoded" -> gzip(TEXT);
                case "/stream-small" -> java.util.Arrays.copyOf(TEXT, 100);
                default -> TEXT;
            };
            assertArrayEquals(expected, response.body(), path);
            assertEquals(path.equals("/encoded") ? "gzip" : null, header(response, "Content-Encoding"), path);
            if (path.equals("/stream-small")) {
                assertEquals("100", header(response, "Content-Length"), "a small stream is sent with its length");
            }
        }
    }

    @Test
    void varyIsMerged() throws Exception {
        HttpResponse<byte[]> response = get("/json", "Accept-Encoding", "gzip");
        assertEquals("gzip", header(response, "Content-Encoding"));
        assertEquals("Origin, Accept-Encoding", header(response, "Vary"));
    }

    @Test
    void headHasTheHeadersOfGet() throws Exception {
        HttpResponse<byte[]> get = get("/text", "Accept-Encoding", "gzip");
        HttpResponse<byte[]> head = server.send(server.request("/text")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept-Encoding", "gzip"),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", header(head, "Content-Encoding"));
        assertEquals(header(get, "Content-Length"), header(head, "Content-Length"));
        assertEquals(0, head.body().length);
    }

    @Test
    void streamedBodiesAreCompressedPieceByPiece() throws Exception {
        HttpResponse<InputStream> response = server.send(server.request("/stream").header("Accept-Encoding", "gzip"),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("gzip", header(response, "Content-Encoding"));
        assertEquals(null, header(response, "Content-Length"), "streamed: chunked");
        try (InputStream in = new GZIPInputStream(response.body())) {
            // the first piece is decodable before the handler writes the second
            assertArrayEquals(java.util.Arrays.copyOf(TEXT, 2000), in.readNBytes(2000));
            secondPiece.countDown();
            assertArrayEquals(TEXT, in.readAllBytes());
        }
    }

    @Test
    void aPluginEncoderIsClosedWhenTheHandlerFailsMidway() throws Exception {
        int before = TRACKED.closed.get();
        HttpResponse<byte[]> complete = get("/streamed", "Accept-Encoding", "x-tracked");
        assertEquals("x-tracked", header(complete, "Content-Encoding"));
        assertArrayEquals(TEXT, complete.body());
        assertEquals(before + 1, TRACKED.closed.get());
        assertThrows(IOException.class, () -> get("/fail-midway", "Accept-Encoding", "x-tracked"),
                "the body ends early: the client must not take it for complete");
        for (int i = 0; i < 200 && TRACKED.closed.get() < before + 2; i++) {
            Thread.sleep(10);
        }
        assertEquals(before + 2, TRACKED.closed.get(), "the failed response's encoder was closed");
    }

    @Test
    void aFailureBeforeTheHeadGetsAnErrorPage() throws Exception {
        HttpResponse<byte[]> response = get("/error", "Accept-Encoding", "gzip");
        assertEquals(500, response.statusCode());
        assertEquals(null, header(response, "Content-Encoding"));
    }

    private static HttpResponse<byte[]> post(String encoding, byte[] body) throws Exception {
        HttpRequest.Builder request = server.request("/echo").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return server.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void decodesRequestBodies() throws Exception {
        HttpResponse<byte[]> response = post("gzip", gzip(TEXT));
        assertEquals(200, response.statusCode());
        assertArrayEquals(TEXT, response.body());
        assertEquals("-1", header(response, "X-Content-Length"), "the decoded length is unknown");
        assertEquals("false", header(response, "X-Had-Encoding"), "the handler sees the decoded body");

        assertArrayEquals(TEXT, post("x-gzip, identity", gzip(TEXT)).body());
        assertArrayEquals(TEXT, post("gzip, gzip", gzip(gzip(TEXT))).body(), "codings undone in reverse");
        assertArrayEquals(TEXT, post(null, TEXT).body());
    }

    @Test
    void aDecompressionBombGets413() throws Exception {
        byte[] bomb = gzip(new byte[(int) (16 * LIMIT)]);
        assertTrue(bomb.length < LIMIT, "small on the wire: " + bomb.length);
        HttpResponse<byte[]> response = post("gzip", bomb);
        assertEquals(413, response.statusCode());
        assertTrue(new String(response.body(), StandardCharsets.UTF_8).contains("decoded request body larger than"));
    }

    /** A gzip member of {@code blocks} empty stored DEFLATE blocks: 5 bytes each, decoding to nothing. */
    private static byte[] emptyBlocks(int blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 255});
        for (int i = 0; i < blocks; i++) {
            out.writeBytes(new byte[] {0, 0, 0, (byte) 0xff, (byte) 0xff});
        }
        out.writeBytes(new byte[] {1, 0, 0, (byte) 0xff, (byte) 0xff});
        out.writeBytes(new byte[8]); // CRC-32 and length of nothing
        return out.toByteArray();
    }

    @Test
    void everyLayerOfStackedCodingsIsCapped() throws Exception {
        byte[] inner = emptyBlocks((int) LIMIT); // 320 KiB that decode to 0 bytes
        assertEquals(0, gunzip(inner).length);
        byte[] stacked = gzip(inner);
        assertTrue(stacked.length < LIMIT, "small on the wire: " + stacked.length);
        HttpResponse<byte[]> response = post("gzip, gzip", stacked);
        assertEquals(413, response.statusCode(), "the outer layer's output passes the limit");
        HttpResponse<byte[]> three = post("gzip, gzip, gzip", gzip(stacked));
        assertEquals(415, three.statusCode(), "at most two codings");
    }

    @Test
    void anUnlimitedRouteStillDecodes() throws Exception {
        HttpResponse<byte[]> response = server.send(server.request("/unlimited").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(TEXT))), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(TEXT, response.body());
    }

    @Test
    void invalidOrUnknownCodings() throws Exception {
        HttpResponse<byte[]> garbage = post("gzip", TEXT);
        assertEquals(400, garbage.statusCode());
        HttpResponse<byte[]> truncated = post("gzip", java.util.Arrays.copyOf(gzip(TEXT), 100));
        assertEquals(400, truncated.statusCode());
        HttpResponse<byte[]> unknown = post("br", TEXT);
        assertEquals(415, unknown.statusCode());
        assertEquals("deflate, gzip, x-tracked", header(unknown, "Accept-Encoding"), "the codings the server decodes");
        assertEquals(400, post("gz ip", TEXT).statusCode());
    }

    // ---------------------------------------------------------------------------- curl

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void curlCompressed(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Path headers = dir.resolve("headers");
        Path body = dir.resolve("body");
        Curl.Result result = Curl.run("--compressed", "-D", headers.toString(), "-o", body.toString(),
                server.uri("/text").toString());
        assertEquals(0, result.exit(), result.err());
        String head = Files.readString(headers).toLowerCase(java.util.Locale.ROOT);
        assertTrue(head.contains("content-encoding: "), head);
        assertEquals(sha256(TEXT), sha256(Files.readAllBytes(body)), "curl decoded the body");
    }

    @Test
    void curlSendsACompressedBody(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Path file = dir.resolve("body.gz");
        Files.write(file, gzip(TEXT));
        Path out = dir.resolve("out");
        Curl.Result result = Curl.run("-H", "Content-Encoding: gzip", "-H", "Content-Type: text/plain",
                "--data-binary", "@" + file, "-o", out.toString(), "-w", "%{http_code}",
                server.uri("/echo").toString());
        assertEquals(0, result.exit(), result.err());
        assertEquals("200", result.out());
        assertArrayEquals(TEXT, Files.readAllBytes(out));
        assertFalse(Files.readString(out).isEmpty());
    }

    @Test
    void fileBodiesAreCompressedAndHeadDoesNotReadTheFile() throws Exception {
        HttpResponse<byte[]> get = get("/file", "Accept-Encoding", "gzip");
        assertEquals("gzip", header(get, "Content-Encoding"));
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(get.body()))) {
            assertArrayEquals(TEXT, in.readAllBytes());
        }
        try (motor.test.RawClient raw = server.raw()) {
            // the region is 1 MiB longer than the file: reading it would fail, so a clean head shows that
            // HEAD neither read nor compressed it
            raw.send("HEAD /file?short HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
            motor.test.RawClient.Response head = raw.read("HEAD");
            assertEquals(200, head.status());
            assertEquals("gzip", head.header("Content-Encoding"));
            assertEquals("Accept-Encoding", head.header("Vary"));
            assertEquals("\"f1-gzip\"", head.header("ETag"), "the tag GET's compressed body has");
            assertEquals(null, head.header("Content-Length"), "the compressed length is not known");
            raw.send("HEAD /file HTTP/1.1\r\nHost: x\r\n\r\n");
            motor.test.RawClient.Response plain = raw.read("HEAD");
            assertEquals(null, plain.header("Content-Encoding"));
            assertEquals(String.valueOf(TEXT.length), plain.header("Content-Length"), "uncompressed: the file's length");
        }
    }
}
