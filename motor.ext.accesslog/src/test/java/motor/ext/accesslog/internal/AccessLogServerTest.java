package motor.ext.accesslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import motor.core.Server;
import motor.ext.accesslog.AccessLog;
import motor.spi.HttpException;
import motor.spi.Middleware;
import motor.spi.Request;
import motor.spi.RequestWrapper;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import motor.spi.Routes;
import motor.spi.extension.ConfigException;
import motor.test.Curl;
import motor.test.RawClient;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension in a real server on a loopback port, called with the JDK HttpClient, curl and a raw socket;
 * lines are read from the file once the server has stopped (stopping flushes them).
 */
class AccessLogServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void routes(Routes r) {
        r.get("/hello", (req, res) -> res.send(req.id()));
        r.get("/health", (req, res) -> res.send("ok"));
        r.get("/healthy", (req, res) -> res.send("yes"));
        r.get("/fail", (req, res) -> {
            throw new HttpException(418, "no coffee");
        });
        r.get("/boom", (req, res) -> {
            throw new IllegalStateException("bug");
        });
        r.get("/stats", (req, res) -> {
            AccessLog log = req.service(AccessLog.class).orElseThrow();
            res.send(log.lines() + " " + log.dropped());
        });
    }

    private TestServer start(Map<String, Object> accesslog) throws Exception {
        server = TestServer.start(Server.builder().discoverExtensions(false).extension(new AccesslogExtension())
                .config(Map.of("accesslog", accesslog)).routes(AccessLogServerTest::routes)
                .middleware(Middleware.OUTERMOST - 100, (req, res, next) -> {
                    // what the forwarded extension does for a trusted proxy: an outer wrapper with the client
                    String client = req.header("X-Test-Client");
                    next.handle(client == null ? req : new RequestWrapper(req) {
                        @Override
                        public SocketAddress remoteAddress() {
                            return new InetSocketAddress(client, 4711);
                        }
                    }, res);
                })
                .middleware(Middleware.SECURITY, (req, res, next) -> {
                    if (req.header("X-User") != null) {
                        req.attributes().put(Request.PRINCIPAL, (Principal) () -> req.header("X-User"));
                    }
                    next.handle(req, res);
                }));
        return server;
    }

    private List<String> linesAfterStop(Path file) throws Exception {
        server.close();
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    @Test
    void combinedLinesForSuccessAndErrorsWithTheRequestId() throws Exception {
        Path file = dir.resolve("access.log");
        start(Map.of("file", file.toString()));
        HttpResponse<String> ok = server.get("/hello", "User-Agent", "tester/1.0", "Referer", "http://example.com/p");
        assertEquals(200, ok.statusCode());
        String id = ok.body();
        assertEquals(418, server.get("/fail?x=1").statusCode());
        assertEquals(500, server.get("/boom").statusCode());
        assertEquals(404, server.get("/nothing").statusCode());
        assertEquals(200, server.get("/hello", "X-User", "ann").statusCode());
        assertEquals(200, server.get("/hello", "X-Test-Client", "2001:db8::7").statusCode());
        List<String> lines = linesAfterStop(file);
        assertEquals(6, lines.size(), lines.toString());
        assertTrue(lines.get(5).startsWith("2001:db8:0:0:0:0:0:7 - - ["), "the forwarded client: " + lines.get(5));
        lines = lines.subList(0, 5);
        String first = lines.get(0);
        assertTrue(first.matches("127\\.0\\.0\\.1 - - \\[\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000\\] "
                + "\"GET /hello HTTP/1\\.1\" 200 " + id.length() + " \"http://example\\.com/p\" \"tester/1\\.0\" "
                + id.replace("-", "\\-")), first);
        assertTrue(lines.get(1).contains("\"GET /fail?x=1 HTTP/1.1\" 418 "), lines.get(1));
        assertTrue(lines.get(2).contains("\"GET /boom HTTP/1.1\" 500 "), lines.get(2));
        assertTrue(lines.get(3).contains("\"GET /nothing HTTP/1.1\" 404 "), lines.get(3));
        assertTrue(lines.get(4).startsWith("127.0.0.1 - ann ["), lines.get(4));
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            ids.add(line.substring(line.lastIndexOf(' ') + 1));
        }
        assertEquals(5, ids.size(), "each line ends with its own request id");
    }

    @Test
    void jsonLinesWithHeadersAndExcludedPaths() throws Exception {
        Path file = dir.resolve("access.json");
        start(Map.of("file", file.toString(), "format", "json", "headers", List.of("X-Trace", "Accept"),
                "exclude", List.of("/health")));
        assertEquals(200, server.get("/health").statusCode());
        assertEquals(200, server.get("/health?probe=1").statusCode());
        assertEquals(200, server.get("/healthy", "X-Trace", "abc", "User-Agent", "ua \"quoted\"").statusCode());
        List<String> lines = linesAfterStop(file);
        assertEquals(1, lines.size(), lines.toString());
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("/healthy", line.get("target").asText());
        assertEquals("GET", line.get("method").asText());
        assertEquals("HTTP/1.1", line.get("protocol").asText());
        assertEquals(200, line.get("status").asInt());
        assertEquals(3, line.get("bytes").asLong());
        assertEquals("127.0.0.1", line.get("remote").asText());
        assertEquals("ua \"quoted\"", line.get("user_agent").asText());
        assertTrue(line.get("referer").isNull());
        assertEquals("abc", line.get("headers").get("x-trace").asText());
        assertTrue(line.get("duration_ms").isNumber());
        assertFalse(line.get("request_id").asText().isEmpty());
        assertTrue(line.get("time").asText().endsWith("Z"));
    }

    @Test
    void hostileHeaderValuesCannotForgeLines() throws Exception {
        Path file = dir.resolve("access.log");
        start(Map.of("file", file.toString()));
        String big = "B".repeat(8 * 1024);
        try (RawClient raw = server.raw()) {
            // quotes, backslashes and obs-text bytes are legal in a field value and reach the log
            raw.send("GET /hello HTTP/1.1\r\nHost: x\r\nUser-Agent: a\" 200 0 \"-\" \"forged\\\r\n"
                    + "Referer: caf\u00e9 \u00ff\r\n\r\n");
            assertEquals(200, raw.read().status());
            raw.send("GET /hello HTTP/1.1\r\nHost: x\r\nUser-Agent: " + big + "\r\n\r\n");
            assertEquals(200, raw.read().status());
        }
        // control characters are not: the server refuses the head, and nothing of it reaches a line
        for (String bad : List.of("a\u001b[31mred", "a\rforged", "a\u0000b")) {
            try (RawClient raw = server.raw()) {
                raw.send("GET /hello HTTP/1.1\r\nHost: x\r\nUser-Agent: " + bad + "\r\n\r\n");
                assertEquals(400, raw.read().status());
            }
        }
        try (RawClient raw = server.raw()) {
            raw.send("GET /hello HTTP/1.1\r\nHost: x\r\nUser-Agent: x\nforged - - [x] \"GET / HTTP/1.1\" 200 0\r\n\r\n");
            RawClient.Response response = raw.read();
            assertTrue(response.status() == 400 || response.status() == 200, "status " + response.status());
        }
        assertEquals(200, server.get("/hello").statusCode(), "still serving");
        List<String> lines = linesAfterStop(file);
        for (String line : lines) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                assertTrue(c >= 0x20 && c < 0x7f, "printable ASCII only: " + line);
            }
            assertFalse(line.startsWith("forged"), line);
            assertTrue(line.startsWith("127.0.0.1 - - ["), line);
        }
        assertTrue(lines.get(0).contains("\"caf\\xE9 \\xFF\" \"a\\x22 200 0 \\x22-\\x22 \\x22forged\\x5C\" "),
                lines.get(0));
        assertTrue(lines.get(1).contains("\"" + "B".repeat(LineFormat.MAX_FIELD) + "...\""), "8 KiB cut");
        assertTrue(lines.get(1).length() < 2 * LineFormat.MAX_FIELD, "length " + lines.get(1).length());
    }

    @Test
    void requestsRefusedBeforeTheyExistAreLoggedWithoutARequestLine() throws Exception {
        Path file = dir.resolve("access.log");
        start(Map.of("file", file.toString()));
        try (RawClient raw = server.raw()) {
            raw.send("GET /hello HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n");
            assertEquals(400, raw.read().status());
        }
        List<String> lines = linesAfterStop(file);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("127.0.0.1 - - ["), lines.get(0));
        assertTrue(lines.get(0).contains("] \"-\" 400 "), lines.get(0));
    }

    @Test
    void curlRequestsAreLogged() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Path file = dir.resolve("access.log");
        start(Map.of("file", file.toString(), "format", "common"));
        Curl.Result result = Curl.run("--include", "-A", "curl-test \"x\"", server.uri("/hello?a=b").toString());
        assertEquals(0, result.exit(), result.err());
        assertEquals(200, result.status());
        Curl.Result head = Curl.run("--head", server.uri("/hello").toString());
        assertEquals(0, head.exit(), head.err());
        List<String> lines = linesAfterStop(file);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("\"GET /hello?a=b HTTP/1.1\" 200 " + result.body().length() + " "
                + result.body()), lines.get(0));
        assertTrue(lines.get(1).contains("\"HEAD /hello HTTP/1.1\" 200 0 "), lines.get(1));
    }

    @Test
    void manyConcurrentRequestsGiveOneLineEach() throws Exception {
        Path file = dir.resolve("access.log");
        start(Map.of("file", file.toString(), "queueSize", 10_000));
        int count = 400;
        List<Future<String>> ids = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                ids.add(threads.submit(() -> server.get("/hello").body()));
            }
        }
        Set<String> expected = new HashSet<>();
        for (Future<String> id : ids) {
            expected.add(id.get());
        }
        HttpResponse<String> stats = server.get("/stats");
        assertEquals(count + " 0", stats.body(), "lines and dropped before /stats itself");
        List<String> lines = linesAfterStop(file);
        assertEquals(count + 1, lines.size());
        Set<String> logged = new HashSet<>();
        for (String line : lines) {
            logged.add(line.substring(line.lastIndexOf(' ') + 1));
        }
        assertTrue(logged.containsAll(expected));
    }

    @Test
    void linesGoToTheSlf4jLoggerByDefault() throws Exception {
        // logback-test.xml sends motor.access to this file, one message per line
        Path slf4j = Path.of("target", "slf4j-access.log");
        String marker = "slf4j-" + System.nanoTime();
        start(Map.of());
        assertEquals(200, server.get("/hello", "User-Agent", marker).statusCode());
        server.close();
        List<String> mine = Files.readAllLines(slf4j, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(marker)).toList();
        assertEquals(1, mine.size(), mine.toString());
        assertTrue(mine.get(0).contains("\"GET /hello HTTP/1.1\" 200 "), mine.get(0));
    }

    @Test
    void withAFileTheLoggerIsOffUnlessAskedFor() throws Exception {
        Path slf4j = Path.of("target", "slf4j-access.log");
        String marker = "both-" + System.nanoTime();
        Path file = dir.resolve("a.log");
        start(Map.of("file", file.toString()));
        assertEquals(200, server.get("/hello", "User-Agent", marker + "-file-only").statusCode());
        server.close();
        start(Map.of("file", file.toString(), "logger", true));
        assertEquals(200, server.get("/hello", "User-Agent", marker + "-both").statusCode());
        server.close();
        List<String> logged = Files.readAllLines(slf4j, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(marker)).toList();
        assertEquals(1, logged.size(), logged.toString());
        assertTrue(logged.get(0).contains(marker + "-both"));
        List<String> inFile = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(2, inFile.size(), inFile.toString());
    }

    @Test
    void stoppingTheServerEndsTheWriterThread() throws Exception {
        start(Map.of("file", dir.resolve("a.log").toString()));
        assertTrue(writerThreads() >= 1, "the writer runs");
        server.close();
        assertEquals(0, writerThreads(), "stop waits for the writer to finish; nothing is left behind");
    }

    private static long writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("motor-accesslog") && t.isAlive()).count();
    }

    @Test
    void aFileThatCannotBeOpenedStopsTheStartWithTheKeyNamed() throws Exception {
        // a link into a folder that does not exist: the checks on the path pass, opening it fails (as a
        // file without write permission does for a user other than root)
        Path link = Files.createSymbolicLink(dir.resolve("a.log"), dir.resolve("gone/a.log"));
        ConfigException e = assertThrows(ConfigException.class, () -> start(Map.of("file", link.toString())));
        assertTrue(e.getMessage().contains("accesslog.file"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be opened"), e.getMessage());
        assertEquals(0, writerThreads());
    }

    @Test
    void wrongSettingsStopTheStart() {
        // each wrong section, with the key its error must name
        List<Map.Entry<String, Map<String, Object>>> cases = List.of(
                Map.entry("format", Map.of("format", "apache")),
                Map.entry("headers", Map.of("headers", List.of("bad header"), "format", "json")),
                Map.entry("headers", Map.of("headers", List.of("X-Trace"))),
                // credentials would be written into every line
                Map.entry("headers", Map.of("headers", List.of("X-Trace", "Authorization"), "format", "json")),
                Map.entry("headers", Map.of("headers", List.of("cookie"), "format", "json")),
                Map.entry("headers", Map.of("headers", List.of("Proxy-Authorization"), "format", "json")),
                Map.entry("exclude", Map.of("exclude", List.of("health"))),
                Map.entry("queueSize", Map.of("queueSize", 0)),
                Map.entry("flushInterval", Map.of("flushInterval", "0s")),
                Map.entry("flushInterval", Map.of("flushInterval", "PT0.0001S")),
                Map.entry("file", Map.of("file", dir.resolve("missing/dir/a.log").toString())),
                Map.entry("file", Map.of("file", dir.toString())),
                Map.entry("logger", Map.of("logger", "maybe")),
                // neither logger nor file: the extension would run and write nothing
                Map.entry("logger", Map.of("logger", false)),
                Map.entry("fromat", Map.of("fromat", "json")));
        for (Map.Entry<String, Map<String, Object>> bad : cases) {
            ConfigException e = assertThrows(ConfigException.class, () -> start(bad.getValue()), bad.toString());
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
            assertEquals(0, writerThreads(), "a refused start leaves no writer behind: " + bad);
        }
    }
}
