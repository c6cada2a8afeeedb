package motor.ext.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import motor.test.Curl;
import motor.test.RawClient;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests and responses through the proxy, with one upstream: what reaches each side. */
class ProxyForwardingTest {

    private static final Upstreams.Control CONTROL = new Upstreams.Control();
    private static TestServer upstream;
    private static TestServer proxy;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        upstream = Upstreams.start("A", CONTROL);
        URI base = Upstreams.uri(upstream);
        proxy = TestServer.start(motor.core.Server.builder().discoverExtensions(false)
                .extension(new ProxyExtension()).maxBodySize(64L << 20)
                .config(Map.of("proxy", Map.of("routes", List.of(
                        Upstreams.route("/api/", List.of(URI.create(base + "/echo")), "stripPrefix", true),
                        Upstreams.route("/", List.of(base), "idleTimeout", "20s"))))));
    }

    @AfterAll
    static void stop() {
        CONTROL.release.countDown();
        proxy.close();
        upstream.close();
    }

    private static Map<String, List<String>> echo(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return Upstreams.parse(response.body());
    }

    @Test
    void aGetIsForwardedWithTheForwardingFields() throws Exception {
        HttpResponse<String> response = proxy.get("/api/hello?x=1", "X-Custom", "kept");
        Map<String, List<String>> seen = echo(response);
        assertEquals("GET", Upstreams.one(seen, "method"));
        assertEquals("/echo/hello?x=1", Upstreams.one(seen, "target"));
        assertEquals("kept", Upstreams.one(seen, "h.x-custom"));
        assertEquals("127.0.0.1", Upstreams.one(seen, "h.x-forwarded-for"));
        assertEquals("http", Upstreams.one(seen, "h.x-forwarded-proto"));
        String front = "127.0.0.1:" + proxy.port();
        assertEquals(front, Upstreams.one(seen, "h.x-forwarded-host"));
        assertEquals("for=127.0.0.1;host=\"" + front + "\";proto=http", Upstreams.one(seen, "h.forwarded"));
        assertEquals("1.1 motor", Upstreams.one(seen, "h.via"));
        assertEquals("127.0.0.1:" + upstream.port(), Upstreams.one(seen, "h.host"), "the upstream's own Host");
        assertNull(Upstreams.one(seen, "h.content-length"), "no body, no length");
        assertEquals("A", response.headers().firstValue("X-Upstream").orElseThrow());
        assertEquals(List.of("1.1 motor"), response.headers().allValues("Via"));
    }

    @Test
    void hopByHopFieldsStayBehindAndForwardingFieldsAreAppended() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Curl.Result result = Curl.run("--include", "-H", "Connection: X-Hop", "-H", "X-Hop: secret",
                "-H", "Keep-Alive: timeout=5", "-H", "TE: trailers", "-H", "Proxy-Authorization: Basic eDp5",
                "-H", "X-Forwarded-For: 203.0.113.9", "-H", "Forwarded: for=203.0.113.9", "-H", "Via: 1.0 edge",
                "-H", "X-Keep: yes", proxy.uri("/api/h").toString());
        assertEquals(0, result.exit(), result.err());
        assertEquals(200, result.status());
        Map<String, List<String>> seen = Upstreams.parse(result.body());
        for (String gone : List.of("h.connection", "h.x-hop", "h.keep-alive", "h.te", "h.proxy-authorization")) {
            assertNull(seen.get(gone), gone + " reached the upstream");
        }
        assertEquals("yes", Upstreams.one(seen, "h.x-keep"));
        assertEquals("203.0.113.9, 127.0.0.1", Upstreams.one(seen, "h.x-forwarded-for"));
        assertEquals("for=203.0.113.9, for=127.0.0.1;host=\"127.0.0.1:" + proxy.port() + "\";proto=http",
                Upstreams.one(seen, "h.forwarded"));
        assertEquals("1.0 edge, 1.1 motor", Upstreams.one(seen, "h.via"));
    }

    @Test
    void oddEncodingsInPathAndQueryArriveUnchanged() throws Exception {
        String target = "/a%2Fb/c%20d/%7e+x/%E2%82%AC;p=1?q=%2B+y&&z=%e2%82%ac&empty=&k=a%3Db&k=%2f";
        Map<String, List<String>> seen = echo(proxy.get("/api" + target));
        assertEquals("/echo" + target, Upstreams.one(seen, "target"));
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Curl.Result result = Curl.run("--include", proxy.uri("/echo" + target).toString());
        assertEquals(0, result.exit(), result.err());
        assertEquals("/echo" + target, Upstreams.one(Upstreams.parse(result.body()), "target"));
    }

    @Test
    void requestBodiesGoUpWithLengthOrChunkedAsSent() throws Exception {
        HttpResponse<String> response = proxy.send(proxy.request("/api/post")
                .POST(HttpRequest.BodyPublishers.ofString("hello body")));
        Map<String, List<String>> seen = echo(response);
        assertEquals("POST", Upstreams.one(seen, "method"));
        assertEquals("10", Upstreams.one(seen, "length"));
        assertEquals("10", Upstreams.one(seen, "h.content-length"));
        assertEquals(sha("hello body".getBytes(StandardCharsets.US_ASCII)), Upstreams.one(seen, "sha256"));

        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        Path file = Files.write(dir.resolve("chunked.bin"), data);
        Curl.Result result = Curl.run("--include", "-X", "PUT", "-H", "Transfer-Encoding: chunked",
                "-H", "Expect: 100-continue", "--data-binary", "@" + file, proxy.uri("/api/put").toString());
        assertEquals(0, result.exit(), result.err());
        assertEquals(200, result.status());
        Map<String, List<String>> chunked = Upstreams.parse(result.body());
        assertEquals("PUT", Upstreams.one(chunked, "method"));
        assertEquals("chunked", Upstreams.one(chunked, "h.transfer-encoding"));
        assertNull(chunked.get("h.expect"), "Expect is answered on the client's hop");
        assertEquals(String.valueOf(data.length), Upstreams.one(chunked, "length"));
        assertEquals(sha(data), Upstreams.one(chunked, "sha256"));
    }

    @Test
    void twentyMegabytesGoUpAndComeDownIntact() throws Exception {
        byte[] data = new byte[20 << 20];
        new Random(42).nextBytes(data);
        Map<String, List<String>> seen = echo(proxy.send(proxy.request("/api/upload")
                .POST(HttpRequest.BodyPublishers.ofByteArray(data))));
        assertEquals(String.valueOf(data.length), Upstreams.one(seen, "length"));
        assertEquals(sha(data), Upstreams.one(seen, "sha256"));

        int size = 20 << 20;
        MessageDigest expected = Upstreams.sha256();
        for (int i = 0; i < size; i++) {
            expected.update(Upstreams.pattern(i));
        }
        String expectedSha = HexFormat.of().formatHex(expected.digest());
        HttpResponse<InputStream> download = proxy.send(proxy.request("/download/" + size),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, download.statusCode());
        MessageDigest got = Upstreams.sha256();
        long count = 0;
        try (InputStream in = download.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                got.update(buffer, 0, n);
                count += n;
            }
        }
        assertEquals(size, count);
        assertEquals(expectedSha, HexFormat.of().formatHex(got.digest()));

        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Path file = dir.resolve("down.bin");
        Curl.Result result = Curl.run("-o", file.toString(), proxy.uri("/download/" + size).toString());
        assertEquals(0, result.exit(), result.err());
        assertEquals(expectedSha, sha(Files.readAllBytes(file)));
        Path up = Files.write(dir.resolve("up.bin"), data);
        Curl.Result upload = Curl.run("--data-binary", "@" + up, proxy.uri("/api/upload").toString());
        assertEquals(0, upload.exit(), upload.err());
        assertEquals(sha(data), Upstreams.one(Upstreams.parse(upload.out()), "sha256"));
    }

    @Test
    void headGetsTheHeadWithoutABody() throws Exception {
        try (RawClient raw = proxy.raw()) {
            raw.send("HEAD /status/200 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response head = raw.read("HEAD");
            assertTrue(head.headers().names().contains("X-Upstream"), "the usual spelling: " + head.headers());
            assertEquals(200, head.status());
            assertEquals("A", head.header("X-Upstream"));
            assertEquals(String.valueOf("status from A".length()), head.header("Content-Length"));
            assertEquals(0, head.body().length);
            RawClient.Response next = raw.send("GET /status/200 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("status from A", next.text(), "the connection is still in step");
        }
    }

    @Test
    void upstreamErrorStatusesPassThroughUnchanged() throws Exception {
        HttpResponse<String> response = proxy.get("/status/503");
        assertEquals(503, response.statusCode());
        assertEquals("status from A", response.body());
        assertEquals(404, proxy.get("/status/404").statusCode());
        assertEquals(200, proxy.get("/status/200").statusCode(), "an upstream 503 is not a failure of the proxy");
    }

    @Test
    void aStreamReachesTheClientBeforeTheUpstreamFinishes() throws Exception {
        CONTROL.release = new CountDownLatch(1);
        HttpResponse<InputStream> response = proxy.send(proxy.request("/slow"),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.US_ASCII))) {
            assertEquals("first", reader.readLine(), "the first part arrived while the upstream waits");
            CONTROL.release.countDown();
            assertEquals("second", reader.readLine());
            assertNull(reader.readLine());
        }
    }

    @Test
    void serverSentEventsArriveOneByOne() throws Exception {
        CONTROL.release = new CountDownLatch(1);
        HttpResponse<InputStream> response = proxy.send(proxy.request("/sse").header("Accept", "text/event-stream"),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            assertEquals("data: one", reader.readLine());
            assertEquals("", reader.readLine());
            CONTROL.release.countDown();
            assertEquals("data: two", reader.readLine());
        }
    }

    @Test
    void aClientThatGoesAwayCancelsTheUpstreamExchange() throws Exception {
        try (RawClient raw = proxy.raw()) {
            raw.send("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = raw.socket().getInputStream();
            byte[] some = new byte[64];
            assertTrue(in.read(some) > 0, "the stream started");
        }
        assertTrue(CONTROL.aborted.await(15, TimeUnit.SECONDS), "the upstream saw its client go away");
    }

    @Test
    void dotSegmentsCannotClimbOutOfTheProxiedPrefix() throws Exception {
        for (String target : List.of("/api/../secret", "/api/%2e%2e/secret", "/api/./x")) {
            try (RawClient raw = proxy.raw()) {
                RawClient.Response response = raw.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(400, response.status(), target);
                assertFalse(response.text().contains("secret"), "the error does not echo the target");
            }
        }
    }

    static String sha(byte[] data) {
        return HexFormat.of().formatHex(Upstreams.sha256().digest(data));
    }

    @Test
    void patternIsNotConstant() {
        assertFalse(java.util.Arrays.equals(new byte[] {Upstreams.pattern(0), Upstreams.pattern(1)},
                new byte[] {Upstreams.pattern(1), Upstreams.pattern(1)}));
        assertArrayEquals(new byte[] {0, 31}, new byte[] {Upstreams.pattern(0), Upstreams.pattern(1)});
    }
}
