package motor.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Method;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP/1.1 behaviour of a real server on a loopback port, with the JDK client and raw sockets. */
class Http11Test {

    private static Server server;
    private static HttpClient client;
    private static final AtomicInteger ignoredBodies = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = Server.builder()
                .listen("127.0.0.1", 0)
                .discoverExtensions(false)
                .maxBodySize(64 * 1024)
                .maxTargetLength(1024)
                .maxHeaderSize(4096)
                .routes(r -> {
                    r.get("/hello", (req, res) -> res.send("Hello"));
                    r.get("/params/{id}/{rest...}", (req, res) ->
                            res.send(req.pathParameter("id") + "|" + req.pathParameter("rest")));
                    r.post("/echo", (req, res) -> {
                        byte[] body = req.bodyBytes();
                        String type = req.header("Content-Type");
                        if (type != null) {
                            res.headers().set("Content-Type", type);
                        }
                        String trailer = req.trailers().first("X-Checksum");
                        if (trailer != null) {
                            res.headers().set("X-Checksum-Seen", trailer);
                        }
                        res.send(body);
                    });
                    r.post("/small", (req, res) -> res.send(req.bodyBytes())).maxBodySize(10);
                    r.post("/ignore", (req, res) -> {
                        ignoredBodies.incrementAndGet();
                        res.send("ignored");
                    });
                    r.get("/stream", (req, res) -> {
                        int n = Integer.parseInt(req.query().first("n", "3"));
                        int size = Integer.parseInt(req.query().first("size", "5"));
                        try (OutputStream out = res.output()) {
                            for (int i = 0; i < n; i++) {
                                byte[] piece = new byte[size];
                                Arrays.fill(piece, (byte) ('a' + i % 26));
                                out.write(piece);
                                out.flush();
                            }
                        }
                    });
                    r.get("/short-stream", (req, res) -> res.output().write("tiny".getBytes(StandardCharsets.US_ASCII)));
                    r.get("/declared", (req, res) -> {
                        res.headers().set("Content-Length", "10");
                        OutputStream out = res.output();
                        out.write("01234".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        out.write("56789".getBytes(StandardCharsets.US_ASCII));
                    });
                    r.get("/big", (req, res) -> {
                        byte[] body = new byte[300_000];
                        for (int i = 0; i < body.length; i++) {
                            body[i] = (byte) (i % 251);
                        }
                        res.send(body);
                    });
                    r.get("/status/{code}", (req, res) -> {
                        int code = Integer.parseInt(req.pathParameter("code"));
                        res.status(code);
                        res.send("body for " + code);
                    });
                    r.get("/fail", (req, res) -> {
                        throw new IllegalStateException("secret internal detail");
                    });
                    r.get("/assert", (req, res) -> {
                        throw new AssertionError("an application's own check failed");
                    });
                    r.get("/refuse", (req, res) -> {
                        throw new HttpException(422, "the widget is upside down").header("X-Why", "widget");
                    });
                    r.get("/hints", (req, res) -> {
                        res.interim(103, Headers.of("Link", "</style.css>; rel=preload; as=style"));
                        res.send("after hints");
                    });
                    r.add("PURGE", "/cache", (req, res) -> res.send("purged"));
                    r.get("/query", (req, res) -> res.send(req.query().all("a") + "|" + req.query().first("b")));
                    r.get("/segments/{rest...}", (req, res) -> res.send(String.join("|", req.pathSegments())));
                    r.put("/expect", (req, res) -> res.send("got " + req.bodyBytes().length));
                    r.post("/ignore-big", (req, res) -> res.send("ignored")).maxBodySize(1 << 20);
                    r.get("/send-then-fail", (req, res) -> {
                        res.send("sent");
                        throw new IllegalStateException("after the response");
                    });
                    r.get("/stream-then-fail", (req, res) -> {
                        OutputStream out = res.output();
                        out.write("partial".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        throw new IllegalStateException("in the middle of the body");
                    });
                    r.post("/commit-then-read", (req, res) -> {
                        res.output().flush();
                        req.bodyBytes();
                    });
                    r.get("/close", (req, res) -> {
                        res.headers().set("Connection", "close");
                        res.send("bye");
                    });
                })
                .build()
                .start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(2));
        client.close();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void getWithTheJdkClient() throws Exception {
        HttpResponse<String> response = get("/hello");
        assertEquals(200, response.statusCode());
        assertEquals("Hello", response.body());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("5", response.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("Motor", response.headers().firstValue("Server").orElseThrow());
        assertTrue(response.headers().firstValue("Date").orElseThrow().endsWith(" GMT"));
    }

    @Test
    void pathParametersAndWildcard() throws Exception {
        assertEquals("42|a/b%2Fc", get("/params/42/a/b%252Fc").body());
        assertEquals("7|", get("/params/7/").body());
    }

    @Test
    void decodedQueryAndSegments() throws Exception {
        assertEquals("[1, x y]|\u00e9", get("/query?a=1&a=x+y&b=%C3%A9").body());
        assertEquals("segments|a b|c", get("/segments/a%20b/./c").body());
    }

    @Test
    void invalidPercentEncodingIs400Always() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /hello?a=%zz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(400, raw.read().status());
        }
    }

    @Test
    void queryThatIsNotUtf8Is400OnlyWhenRead() throws Exception {
        assertEquals(400, get("/query?a=%ff").statusCode());
        assertEquals(200, get("/hello?a=%ff").statusCode());
    }

    @Test
    void fixedLengthBodyEchoed() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/echo"))
                .header("Content-Type", "application/x-test")
                .POST(HttpRequest.BodyPublishers.ofString("ping")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("ping", response.body());
        assertEquals("application/x-test", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void chunkedBodyFromTheJdkClient() throws Exception {
        byte[] data = new byte[50_000];
        new java.util.Random(1).nextBytes(data);
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(data, response.body());
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Checksum: 42\r\n\r\n");
            RawClient.Response response = raw.read();
            assertEquals(200, response.status());
            assertEquals("Wikipedia", response.text());
            assertEquals("42", response.header("X-Checksum-Seen"));
        }
    }

    @Test
    void streamedResponseIsChunkedAndFlushedPieceByPiece() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /stream?n=4&size=3 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response response = raw.read();
            assertTrue(response.chunked());
            assertNull(response.header("Content-Length"));
            assertEquals("aaabbbcccddd", response.text());
        }
        HttpResponse<String> viaClient = get("/stream?n=3&size=10000");
        assertEquals(30_000, viaClient.body().length());
    }

    @Test
    void shortUnflushedStreamGetsALength() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /short-stream HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response response = raw.read();
            assertFalse(response.chunked());
            assertEquals("4", response.header("Content-Length"));
            assertEquals("tiny", response.text());
        }
    }

    @Test
    void streamWithDeclaredLength() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /declared HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response response = raw.read();
            assertFalse(response.chunked());
            assertEquals("0123456789", response.text());
            assertEquals("Hello", raw.read().text());
        }
    }

    @Test
    void largeBodyArrivesIntact() throws Exception {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri("/big")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(300_000, response.body().length);
        for (int i = 0; i < response.body().length; i++) {
            assertEquals((byte) (i % 251), response.body()[i], "byte " + i);
        }
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            for (int i = 0; i < 5; i++) {
                raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
                RawClient.Response response = raw.read();
                assertEquals("Hello", response.text());
                assertNull(response.header("Connection"));
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                batch.append("GET /status/").append(200 + i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            batch.append("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            batch.append("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            raw.send(batch.toString());
            for (int i = 0; i < 16; i++) {
                RawClient.Response response = raw.read(false);
                assertEquals(200 + i, response.status());
                if (response.status() == 205) {
                    assertEquals("0", response.header("Content-Length"), "205 never has content");
                    assertEquals("", response.text());
                } else if (response.status() != 204) {
                    assertEquals("body for " + (200 + i), response.text());
                }
            }
            assertEquals("abc", raw.read().text());
            RawClient.Response last = raw.read();
            assertEquals("Hello", last.text());
            assertEquals("close", last.header("Connection"));
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    void headHasHeadersButNoBody() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nHEAD /stream HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response head = raw.read(true);
            assertEquals(200, head.status());
            assertEquals("5", head.header("Content-Length"));
            RawClient.Response streamed = raw.read(true);
            assertEquals(200, streamed.status());
            assertNull(streamed.header("Transfer-Encoding"));
            assertEquals("Hello", raw.read().text()); // nothing leaked between them
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {204, 304})
    void bodylessStatusesSendNoBody(int status) throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /status/" + status + " HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response response = raw.read();
            assertEquals(status, response.status());
            assertNull(response.header("Content-Length"));
            assertNull(response.header("Transfer-Encoding"));
            assertEquals("Hello", raw.read().text());
        }
    }

    @Test
    void optionsListsTheMethodsOfThePath() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("OPTIONS /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response response = raw.read();
            assertEquals(204, response.status());
            assertEquals("GET, HEAD, OPTIONS", response.header("Allow"));
        }
    }

    @Test
    void optionsAsteriskListsEveryMethod() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response response = raw.read();
            assertEquals(204, response.status());
            assertEquals("GET, HEAD, OPTIONS, POST, PURGE, PUT", response.header("Allow"));
        }
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/hello"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD, OPTIONS", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void unknownMethodIs501() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("BREW /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(501, raw.read().status());
            raw.send("PURGE /cache HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("purged", raw.read().text());
        }
    }

    @Test
    void connectWithoutARouteIs501() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
            assertEquals(501, raw.read().status());
        }
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertEquals(404, get("/nothing/here").statusCode());
    }

    @Test
    void handlerExceptionIs500WithoutInternals() throws Exception {
        HttpResponse<String> response = get("/fail");
        assertEquals(500, response.statusCode());
        assertFalse(response.body().contains("secret"), response.body());
        assertFalse(response.body().contains("IllegalStateException"), response.body());
        assertTrue(response.body().contains("request id:"), response.body());
        // the connection survives a handler failure
        assertEquals(200, get("/hello").statusCode());
    }

    @Test
    void anAssertionErrorInAHandlerIs500Too() throws Exception {
        HttpResponse<String> response = get("/assert");
        assertEquals(500, response.statusCode());
        assertFalse(response.body().contains("check failed"), response.body());
        assertEquals(200, get("/hello").statusCode());
    }

    @Test
    void httpExceptionCarriesStatusMessageAndHeaders() throws Exception {
        HttpResponse<String> response = get("/refuse");
        assertEquals(422, response.statusCode());
        assertEquals("widget", response.headers().firstValue("X-Why").orElseThrow());
        assertTrue(response.body().startsWith("422 Unprocessable Content: the widget is upside down"), response.body());
    }

    @Test
    void errorsAreProblemJsonWhenTheClientPrefersJson() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/refuse"))
                .header("Accept", "application/json, text/plain;q=0.5").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().contains("\"status\":422"), response.body());
        assertTrue(response.body().contains("\"detail\":\"the widget is upside down\""), response.body());
    }

    @Test
    void earlyHintsComeBeforeTheResponse() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /hints HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response hints = raw.read();
            assertEquals(103, hints.status());
            assertEquals("</style.css>; rel=preload; as=style", hints.header("Link"));
            assertEquals("after hints", raw.read().text());
        }
    }

    @Test
    void http10GetsNoInterimAndClosesByDefault() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /hints HTTP/1.0\r\n\r\n");
            RawClient.Response response = raw.read();
            assertEquals(200, response.status());
            assertEquals("close", response.header("Connection"));
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    void http10KeepAliveIsHonoured() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Response response = raw.read();
            assertEquals("keep-alive", response.header("Connection"));
            raw.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals("Hello", raw.read().text());
        }
    }

    @Test
    void http10StreamIsDelimitedByClose() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /stream?n=2&size=5000 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Response response = raw.read();
            assertNull(response.header("Transfer-Encoding"));
            assertEquals("close", response.header("Connection"));
            assertEquals(10_000, response.body().length);
        }
    }

    @Test
    void failureAfterACompleteResponseKeepsItAndTheConnection() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /send-then-fail HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("Hello", raw.read().text());
            assertEquals("sent", raw.read().text());
            assertEquals("Hello", raw.read().text());
        }
    }

    @Test
    void failureInTheMiddleOfABodyEndsItUnfinished() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /stream-then-fail HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("Hello", raw.read().text(), "the response before it still arrives");
            String rest = raw.readToEnd();
            assertTrue(rest.startsWith("HTTP/1.1 200 OK\r\n"), rest);
            assertTrue(rest.endsWith("7\r\npartial\r\n"), "no last chunk, so the client sees it unfinished: " + rest);
        }
    }

    @Test
    void continueCannotFollowACommittedResponse() throws Exception {
        try (RawClient raw = new RawClient(server.port(), 10_000)) {
            raw.send("POST /commit-then-read HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            String all = raw.readToEnd();
            assertTrue(all.startsWith("HTTP/1.1 200 OK\r\n"), all);
            assertFalse(all.contains("100 Continue"), all);
            assertFalse(all.contains("<timeout>"), "the server must not wait for a body that will not come: " + all);
        }
    }

    @Test
    void unreadBodyTooLargeToDrainIsAnnouncedWithClose() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("POST /ignore-big HTTP/1.1\r\nHost: x\r\nContent-Length: 300000\r\n\r\n");
            RawClient.Response response = raw.read();
            assertEquals("ignored", response.text());
            assertEquals("close", response.header("Connection"));
        }
    }

    @Test
    void closingAfterAResponseDoesNotResetIt() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nstray bytes after the request");
            Thread.sleep(200); // let the server finish and close while the response is still unread
            RawClient.Response response = raw.read();
            assertEquals(300_000, response.body().length);
        }
    }

    @Test
    void handlerMayCloseTheConnection() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /close HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("close", raw.read().header("Connection"));
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    void expectContinueSendsOneHundredWhenTheHandlerReads() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("PUT /expect HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawClient.Response interim = raw.read();
            assertEquals(100, interim.status());
            raw.send("12345");
            assertEquals("got 5", raw.read().text());
        }
    }

    @Test
    void expectContinueWithTheJdkClient() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/expect")).expectContinue(true)
                .PUT(HttpRequest.BodyPublishers.ofString("abc")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("got 3", response.body());
    }

    @Test
    void expectContinueWithoutReadingClosesWithoutOneHundred() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawClient.Response response = raw.read();
            assertEquals(200, response.status());
            assertEquals("close", response.header("Connection"));
        }
    }

    @Test
    void expectContinueOverTheLimitIs413WithoutOneHundred() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n");
            RawClient.Response response = raw.read();
            assertEquals(413, response.status());
            assertEquals("close", response.header("Connection"));
        }
    }

    @Test
    void aClientThatSendsAWholeRefusedBodyBeforeReadingStillGetsThe413() throws Exception {
        // 4 MiB, far beyond maxDrainSize: the server must go on reading while it lingers, or its close
        // resets the connection and the client's kernel drops the 413 it has not read yet
        byte[] body = new byte[4 * 1024 * 1024];
        try (RawClient raw = new RawClient(server.port(), 10_000)) {
            raw.send(("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            raw.send(body);
            RawClient.Response response = raw.read();
            assertEquals(413, response.status());
            assertEquals("close", response.header("Connection"));
        }
    }

    @Test
    void unreadSmallBodyIsDrainedAndTheConnectionKept() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789"
                    + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("ignored", raw.read().text());
            assertEquals("Hello", raw.read().text());
        }
    }

    @Test
    void bodyOverTheRouteLimitIs413() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n01234567890");
            RawClient.Response response = raw.read();
            assertEquals(413, response.status());
            assertEquals("close", response.header("Connection"));
        }
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "6\r\n012345\r\n6\r\n678901\r\n0\r\n\r\n");
            assertEquals(413, raw.read().status());
        }
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789");
            assertEquals("0123456789", raw.read().text());
        }
    }

    @Test
    void bodyOverTheServerLimitIs413() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n");
            assertEquals(413, raw.read().status());
        }
    }

    @Test
    void longTargetIs414() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /" + "a".repeat(1100) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response response = raw.read();
            assertEquals(414, response.status());
            assertEquals("close", response.header("Connection"));
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    void largeHeaderSectionIs431() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /hello HTTP/1.1\r\nHost: x\r\nCookie: " + "c".repeat(5000) + "\r\n\r\n");
            assertEquals(431, raw.read().status());
            assertTrue(raw.closedByServer());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /hello HTTP/1.1\r\n\r\n",
        "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET /hello HTTP/1.1\nHost: a\n\n",
        "GET /hello HTTP/1.1\r\nHost: a\r\nX: y\r\n z\r\n\r\n",
        "GET /hello HTTP/1.1\r\nHost : a\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "GET /hello HTTP/1.1\r\nHost: a\r\nX: \u0000\r\n\r\n",
    })
    void malformedRequestsAre400AndClose(String request) throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send(request + "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
            RawClient.Response response = raw.read();
            assertEquals(400, response.status(), response.text());
            assertEquals("close", response.header("Connection"));
            assertTrue(raw.closedByServer(), "nothing may be answered after a framing error");
        }
    }

    @Test
    void smuggledRequestBehindAnInvalidOneIsNeverAnswered() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 43\r\n\r\n"
                    + "0\r\n\r\nGET /status/299 HTTP/1.1\r\nHost: a\r\n\r\n");
            String all = raw.readToEnd();
            assertTrue(all.startsWith("HTTP/1.1 400 "), all);
            assertFalse(all.contains("299"), all);
        }
    }

    @Test
    void http2PrefaceWithoutHttp2Is505() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
            assertEquals(505, raw.read().status());
        }
    }

    @Test
    void requestsArriveOneByteAtATime() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            String request = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
            for (byte b : request.getBytes(StandardCharsets.US_ASCII)) {
                raw.send(new byte[] {b});
            }
            assertEquals("abc", raw.read().text());
        }
    }

    @Test
    void headRouteFallsBackToGetForTheClient() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/hello"))
                .method(Method.HEAD, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
        assertEquals("5", response.headers().firstValue("Content-Length").orElseThrow());
    }

    @Test
    void responseInputStreamOfTheJdkClientSeesEveryFlush() throws Exception {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri("/stream?n=5&size=100")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            assertEquals(500, in.readAllBytes().length);
        }
        assertNotNull(response.headers().firstValue("Transfer-Encoding").orElse(null));
    }
}
