package motor.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The curl runner, and how it reads a response that curl printed with --include. */
class CurlTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(builder -> builder.discoverExtensions(false)
            .routes(routes -> {
                routes.get("/text", (request, response) -> {
                    response.headers().add("Set-Cookie", "a=1").add("Set-Cookie", "b=2");
                    response.send("caf\u00e9");
                });
                routes.post("/count", (request, response) -> response.send(Integer.toString(request.bodyBytes().length)));
            }));

    @Test
    void readsTheFinalResponseOfAnIncludedOutput() {
        Curl.Result result = new Curl.Result(0, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nSet-Cookie: a=1\r\nset-cookie:  b=2 \r\n\r\n"
                + "body\r\n\r\nHTTP/1.1 200 not a head\r\n", "");
        assertEquals(201, result.status());
        assertEquals("text/plain", result.header("content-type"));
        assertEquals(List.of("a=1", "b=2"), result.headers("Set-Cookie"));
        assertNull(result.header("Link"), "interim heads are skipped");
        assertEquals("body\r\n\r\nHTTP/1.1 200 not a head\r\n", result.body());

        Curl.Result http2 = new Curl.Result(0, "HTTP/2 204 \r\nx: y\r\n\r\n", "");
        assertEquals(204, http2.status());
        assertEquals("y", http2.header("X"));
        assertEquals("", http2.body());
    }

    @Test
    void outputWithoutAHead() {
        Curl.Result plain = new Curl.Result(0, "just the body", "");
        assertEquals("just the body", plain.body());
        assertNull(plain.header("Content-Type"));
        assertEquals(List.of(), plain.headers("Content-Type"));
        assertThrows(IllegalStateException.class, plain::status);
        assertThrows(IllegalStateException.class, () -> new Curl.Result(7, "", "refused").status());
    }

    @Test
    void againstARealServer(@TempDir Path temp) throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Curl.Result result = Curl.run("--include", server.uri("/text").toString());
        assertEquals(0, result.exit(), result.err());
        assertEquals(200, result.status(), result.out());
        assertEquals("caf\u00e9", result.body(), "decoded as UTF-8");
        assertEquals(List.of("a=1", "b=2"), result.headers("set-cookie"));
        assertEquals("text/plain; charset=utf-8", result.header("Content-Type"));

        // curl asks for 100 Continue; the server sends it when the handler reads the body
        Path data = Files.write(temp.resolve("data"), new byte[5000]);
        Curl.Result expect = Curl.run("--include", "-H", "Expect: 100-continue", "--data-binary", "@" + data,
                server.uri("/count").toString());
        assertTrue(expect.out().startsWith("HTTP/1.1 100"), expect.out());
        assertEquals(200, expect.status(), expect.out());
        assertEquals("5000", expect.body());

        Curl.Result verbose = Curl.run("-v", "-o", "/dev/null", server.uri("/text").toString());
        assertTrue(verbose.err().contains("< HTTP/1.1 200"), verbose.err());
        assertEquals("", verbose.out());
    }

    @Test
    void failuresAreCurlsExitStatus() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        int port = server.port();
        Curl.Result bad = Curl.run("--include", "http://127.0.0.1:" + port + "/text", "--http0.9-only-no-such-option");
        assertNotEquals(0, bad.exit());
        assertFalse(bad.err().isEmpty());
    }
}
