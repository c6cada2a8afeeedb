package motor.ext.http2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import motor.test.Curl;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** curl (with nghttp2) speaking HTTP/2 with prior knowledge. */
class CurlTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.discoverExtensions(false).maxBodySize(32 << 20)
            .extension(new Http2Extension()).config(Map.of("http2", Map.of("maxBodySize", "32MiB")))
            .routes(TestRoutes::routes));

    @TempDir
    Path dir;

    @BeforeAll
    static void curl() {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
    }

    private static Curl.Result h2(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--http2-prior-knowledge";
        all[1] = "--include";
        System.arraycopy(args, 0, all, 2, args.length);
        return Curl.run(all);
    }

    @Test
    void getOverPriorKnowledge() throws Exception {
        Curl.Result r = h2(server.uri("/hello/../hello").toString().replace("/hello/../hello", "/hello"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("HTTP/2 200"), r.out());
        assertEquals(200, r.status());
        assertEquals("hello HTTP/2.0 http 127.0.0.1:" + server.port() + " [hello]", r.body());
        assertEquals("Motor", r.header("server"));
        assertTrue(r.header("date").endsWith(" GMT"));
        assertEquals(Integer.toString(r.body().length()), r.header("content-length"));
    }

    @Test
    void handlersCanTellHttp2FromHttp11() throws Exception {
        assertEquals("true", h2(server.uri("/is-h2").toString()).body());
        Curl.Result h1 = Curl.run("--http1.1", "--include", server.uri("/is-h2").toString());
        assertEquals("false", h1.body(), h1.err());
    }

    @Test
    void requestHeadersArriveWithHostAndJoinedCookies() throws Exception {
        Curl.Result r = h2("-H", "X-Test: one", "-H", "Cookie: a=1", server.uri("/headers").toString());
        assertEquals(200, r.status(), r.err());
        assertTrue(r.body().contains("x-test=one\n"), r.body());
        assertTrue(r.body().contains("host=127.0.0.1:" + server.port() + "\n"), r.body());
        assertTrue(r.body().contains("cookie=a=1\n"), r.body());
    }

    @Test
    void postBodyAndHead() throws Exception {
        Path file = dir.resolve("body.bin");
        byte[] data = TestRoutes.bytes(300_000, 7);
        Files.write(file, data);
        Curl.Result r = h2("--data-binary", "@" + file, server.uri("/sha").toString());
        assertEquals(200, r.status(), r.err());
        assertEquals("300000 " + TestRoutes.sha256(data), r.body());

        Curl.Result head = h2("--head", server.uri("/hello").toString());
        assertEquals(200, head.status(), head.err());
        assertNotEquals(null, head.header("content-length"));
        assertEquals("", head.body());
    }

    @Test
    void twentyMegabytesEachWay() throws Exception {
        byte[] data = TestRoutes.bytes(20 * 1024 * 1024, 42);
        Path up = dir.resolve("up.bin");
        Files.write(up, data);
        Curl.Result r = h2("--data-binary", "@" + up, server.uri("/sha").toString());
        assertEquals(200, r.status(), r.err());
        assertEquals(data.length + " " + TestRoutes.sha256(data), r.body());

        for (String stream : new String[] {"", "&stream=1"}) {
            Path down = dir.resolve("down.bin");
            Curl.Result d = Curl.run("--http2-prior-knowledge", "-o", down.toString(), "-w", "%{http_version} %{http_code}",
                    server.uri("/big?n=" + data.length + "&seed=42" + stream).toString());
            assertEquals("2 200", d.out(), d.err());
            assertEquals(TestRoutes.sha256(data), TestRoutes.sha256(Files.readAllBytes(down)));
        }
    }

    @Test
    void fileRegionsGoOutAsData() throws Exception {
        Path down = dir.resolve("file.bin");
        Curl.Result r = Curl.run("--http2-prior-knowledge", "-o", down.toString(), "-w", "%{http_version} %{http_code}",
                server.uri("/file").toString());
        assertEquals("2 200", r.out(), r.err());
        byte[] expected = java.util.Arrays.copyOfRange(TestRoutes.bytes(100_000, 11), 10, 50_010);
        assertEquals(TestRoutes.sha256(expected), TestRoutes.sha256(Files.readAllBytes(down)));
    }

    @Test
    void noContentAndErrors() throws Exception {
        Curl.Result empty = h2(server.uri("/empty").toString());
        assertEquals(204, empty.status(), empty.err());
        assertNull(empty.header("content-length"));

        Curl.Result forbidden = h2(server.uri("/forbidden").toString());
        assertEquals(403, forbidden.status(), forbidden.err());
        assertEquals("test", forbidden.header("x-why"));
        assertTrue(forbidden.body().startsWith("403 Forbidden: not for you"), forbidden.body());

        Curl.Result boom = h2(server.uri("/boom").toString());
        assertEquals(500, boom.status(), boom.err());
        assertFalse(boom.body().contains("secret"), boom.body());

        Curl.Result missing = h2(server.uri("/nowhere").toString());
        assertEquals(404, missing.status(), missing.err());
    }

    @Test
    void verboseOutputShowsHttp2() throws Exception {
        Curl.Result r = Curl.run("--http2-prior-knowledge", "-v", "-o", "/dev/null", server.uri("/hello").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("< HTTP/2 200"), r.err());
    }

    @Test
    void connectionSpecificResponseFieldsAreDropped() throws Exception {
        Curl.Result r = h2(server.uri("/connection-header").toString());
        assertEquals(200, r.status(), r.err());
        assertNull(r.header("connection"));
        assertNull(r.header("keep-alive"));
        assertEquals("yes", r.header("x-kept"));
    }
}
