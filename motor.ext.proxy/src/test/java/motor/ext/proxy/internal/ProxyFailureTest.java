package motor.ext.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import motor.core.Server;
import motor.test.Curl;
import motor.test.RawClient;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Upstreams that fail, stall, misbehave or go away, and what the client gets. */
class ProxyFailureTest {

    private static TestServer twoRoutes(URI bad, URI good, Object... settings) throws Exception {
        return TestServer.start(Server.builder().discoverExtensions(false).extension(new ProxyExtension())
                .config(Map.of("proxy", Map.of("routes", List.of(
                        Upstreams.route("/bad/", List.of(bad), settings),
                        Upstreams.route("/", List.of(good)))))));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "garbage\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-Bad: a\u0001b\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n",
        ""})
    void aMalformedUpstreamResponseGives502AndTheClientConnectionStaysInStep(String answer) throws Exception {
        Upstreams.Control control = new Upstreams.Control();
        try (RawUpstream bad = new RawUpstream(RawUpstream.fixed(answer));
                TestServer good = Upstreams.start("A", control);
                TestServer proxy = twoRoutes(bad.uri(), Upstreams.uri(good), "retries", 0);
                RawClient raw = proxy.raw()) {
            RawClient.Response response = raw.send("GET /bad/x HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(502, response.status(), response.text());
            assertTrue(response.text().contains("upstream #0"), response.text());
            assertFalse(response.text().contains(String.valueOf(bad.uri().getPort())), "no internal address");
            RawClient.Response next = raw.send("GET /status/200 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(200, next.status());
            assertEquals("status from A", next.text());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZZ\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"})
    void aBodyThatBreaksAfterAGoodHeadIsNeverPassedOffAsComplete(String answer) throws Exception {
        try (RawUpstream bad = new RawUpstream(RawUpstream.fixed(answer));
                TestServer proxy = twoRoutes(bad.uri(), bad.uri(), "retries", 0);
                RawClient raw = proxy.raw()) {
            raw.send("GET /bad/x HTTP/1.1\r\nHost: x\r\n\r\n");
            String all = raw.readToEnd();
            if (all.startsWith("HTTP/1.1 502")) {
                return; // the failure came before the head went out: an honest 502
            }
            assertTrue(all.startsWith("HTTP/1.1 200"), all);
            assertTrue(raw.closedByServer(), "the connection is closed, since the body cannot be finished");
            assertFalse(all.endsWith("\r\n0\r\n\r\n"), "no chunked terminator for a broken body");
            if (all.contains("Content-Length: 100")) {
                assertTrue(all.length() - all.indexOf("\r\n\r\n") - 4 < 100, "fewer bytes than announced");
            }
        }
    }

    @Test
    void responseHopByHopFieldsAreRemoved() throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nConnection: X-Up-Hop\r\nX-Up-Hop: 1\r\nKeep-Alive: timeout=5\r\n"
                + "X-End: ok\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nServer: secret-upstream/1.0\r\n"
                + "Proxy-Authenticate: Basic\r\nVia: 1.0 origin\r\nContent-Length: 2\r\n\r\nok";
        try (RawUpstream upstream = new RawUpstream(RawUpstream.fixed(answer));
                TestServer proxy = twoRoutes(upstream.uri(), upstream.uri())) {
            HttpResponse<String> response = proxy.get("/x");
            assertEquals(200, response.statusCode());
            assertEquals("ok", response.body());
            assertEquals(List.of("ok"), response.headers().allValues("X-End"));
            assertEquals(List.of("a=1", "b=2"), response.headers().allValues("Set-Cookie"));
            assertEquals(List.of("1.0 origin, 1.1 motor"), response.headers().allValues("Via"));
            for (String gone : List.of("X-Up-Hop", "Keep-Alive", "Proxy-Authenticate")) {
                assertTrue(response.headers().allValues(gone).isEmpty(), gone);
            }
            assertFalse(response.headers().firstValue("Server").orElse("").contains("secret"));
            String head = upstream.heads.poll(10, TimeUnit.SECONDS);
            assertTrue(head.startsWith("GET /x HTTP/1.1\r\n"), head);
            assertTrue(head.contains("\r\nVia: 1.1 motor\r\n"), head);
        }
    }

    @Test
    void maxForwardsIsCountedDownAndAnsweredAtZero() throws Exception {
        try (RawUpstream upstream = new RawUpstream(RawUpstream.fixed("HTTP/1.1 204 No Content\r\n\r\n"));
                TestServer proxy = twoRoutes(upstream.uri(), upstream.uri());
                RawClient raw = proxy.raw()) {
            RawClient.Response forwarded = raw.send("OPTIONS /x HTTP/1.1\r\nHost: x\r\nMax-Forwards: 5\r\n\r\n")
                    .read();
            assertEquals(204, forwarded.status());
            String head = upstream.heads.poll(10, TimeUnit.SECONDS);
            assertTrue(head.contains("\r\nMax-Forwards: 4\r\n") || head.contains("\r\nmax-forwards: 4\r\n"), head);
            RawClient.Response here = raw.send("OPTIONS /x HTTP/1.1\r\nHost: x\r\nMax-Forwards: 0\r\n\r\n").read();
            assertEquals(200, here.status());
            assertTrue(here.header("Allow").contains("GET"));
            assertEquals(501, raw.send("TRACE /x HTTP/1.1\r\nHost: x\r\nMax-Forwards: 0\r\n\r\n").read().status());
            assertEquals(400, raw.send("OPTIONS /x HTTP/1.1\r\nHost: x\r\nMax-Forwards: -1\r\n\r\n").read().status());
            RawClient.Response get = raw.send("GET /x HTTP/1.1\r\nHost: x\r\nMax-Forwards: 0\r\n\r\n").read();
            assertEquals(204, get.status(), "other methods ignore Max-Forwards");
        }
    }

    @Test
    void anUpstreamThatRefusesABodyEarlyIsRelayed() throws Exception {
        try (TestServer up = TestServer.start(Server.builder().discoverExtensions(false).maxBodySize(1024)
                .routes(r -> r.post("/small", (q, s) -> s.send(q.bodyBytes()))));
                TestServer proxy = Upstreams.proxy(Upstreams.route("/", List.of(Upstreams.uri(up))))) {
            HttpResponse<String> response = proxy.send(proxy.request("/small")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5 << 20])));
            assertEquals(413, response.statusCode(), "the upstream's answer, not a 502: " + response.body());
            assertEquals(200, proxy.send(proxy.request("/small").POST(HttpRequest.BodyPublishers.ofString("ok")))
                    .statusCode(), "and the upstream was not blamed for it");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 99\r\n\r\n",
        "HTTP/1.1 204 No Content\r\nX-Done: yes\r\n\r\n"})
    void bodilessAnswersStayBodilessAndTheConnectionInStep(String answer) throws Exception {
        try (RawUpstream upstream = new RawUpstream(RawUpstream.fixed(answer));
                TestServer proxy = twoRoutes(upstream.uri(), upstream.uri());
                RawClient raw = proxy.raw()) {
            RawClient.Response response = raw.send("GET /x HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"v1\"\r\n\r\n")
                    .read();
            assertEquals(answer.substring(9, 12), String.valueOf(response.status()));
            assertEquals(0, response.body().length);
            String head = upstream.heads.poll(10, TimeUnit.SECONDS);
            assertTrue(head.contains("If-None-Match: \"v1\"") || head.contains("if-none-match: \"v1\""), head);
            RawClient.Response next = raw.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(response.status(), next.status(), "the next answer is read in step");
        }
    }

    @Test
    void redirectsAreRelayedNotFollowed() throws Exception {
        String answer = "HTTP/1.1 302 Found\r\nLocation: http://internal.example/next\r\nContent-Length: 0\r\n\r\n";
        try (RawUpstream upstream = new RawUpstream(RawUpstream.fixed(answer));
                TestServer proxy = twoRoutes(upstream.uri(), upstream.uri())) {
            HttpResponse<String> response = proxy.get("/x");
            assertEquals(302, response.statusCode());
            assertEquals("http://internal.example/next", response.headers().firstValue("Location").orElseThrow());
            assertEquals(1, upstream.heads.size(), "one request, no follow-up");
        }
    }

    @Test
    void http10ClientsAndAbsoluteFormTargetsAreServed() throws Exception {
        try (TestServer up = Upstreams.start("A", new Upstreams.Control());
                TestServer proxy = twoRoutes(Upstreams.uri(up), Upstreams.uri(up))) {
            try (RawClient raw = proxy.raw()) {
                raw.send("GET /download/70000 HTTP/1.0\r\n\r\n");
                String all = raw.readToEnd();
                assertTrue(all.startsWith("HTTP/1.1 200"), all.substring(0, Math.min(200, all.length())));
                assertFalse(all.contains("Transfer-Encoding"), "no chunks for an HTTP/1.0 client");
                assertEquals(70000, all.length() - all.indexOf("\r\n\r\n") - 4);
            }
            try (RawClient raw = proxy.raw()) {
                RawClient.Response response = raw.send("GET http://front.example/echo/abs?q=1 HTTP/1.1\r\n"
                        + "Host: front.example\r\n\r\n").read();
                assertEquals(200, response.status());
                java.util.Map<String, List<String>> seen = Upstreams.parse(response.text());
                assertEquals("/echo/abs?q=1", Upstreams.one(seen, "target"), "origin-form upstream");
                assertEquals("front.example", Upstreams.one(seen, "h.x-forwarded-host"));
            }
        }
    }

    @Test
    void interimResponsesFromTheUpstreamAreConsumed() throws Exception {
        String answer = "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        try (RawUpstream upstream = new RawUpstream(RawUpstream.fixed(answer));
                TestServer proxy = twoRoutes(upstream.uri(), upstream.uri());
                RawClient raw = proxy.raw()) {
            RawClient.Response response = raw.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(200, response.status());
            assertEquals("ok", response.text());
        }
    }

    @Test
    void aResponseHeadThatDoesNotComeInTimeGives504() throws Exception {
        Upstreams.Control control = new Upstreams.Control();
        try (TestServer slow = Upstreams.start("A", control);
                TestServer proxy = twoRoutes(Upstreams.uri(slow), Upstreams.uri(slow), "responseTimeout", "300ms",
                        "stripPrefix", true)) {
            HttpResponse<String> response = proxy.get("/bad/hold");
            assertEquals(504, response.statusCode());
            assertTrue(response.body().contains("upstream #0 did not answer in time"), response.body());
            control.release.countDown();
        }
    }

    @Test
    void aClientThatGoesAwayMidUploadEndsTheUpstreamExchange() throws Exception {
        java.util.concurrent.BlockingQueue<Long> received = new java.util.concurrent.LinkedBlockingQueue<>();
        RawUpstream.Script count = (head, in, out) -> {
            long n = 0;
            try {
                for (int b; (b = in.read()) >= 0; ) {
                    n++;
                }
            } catch (java.net.SocketTimeoutException e) {
                n = -1; // nobody ended the exchange: the proxy kept the upstream waiting
            } catch (IOException e) {
                // reset: also an end
            }
            received.add(n);
        };
        try (RawUpstream upstream = new RawUpstream(count);
                TestServer proxy = twoRoutes(upstream.uri(), upstream.uri())) {
            try (RawClient raw = proxy.raw()) {
                raw.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
                raw.send(new byte[100_000]);
            }
            Long got = received.poll(15, TimeUnit.SECONDS);
            assertTrue(got != null && got >= 0, "the proxy ended the upstream connection: " + got);
            assertTrue(got < 1_000_000, "the upstream never got a whole body: " + got);
        }
    }

    @Test
    void aConnectionThatIsNotMadeInTimeGives504() throws Exception {
        // a listener whose accept queue is full: the kernel drops further SYNs, so connecting hangs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket filler = new Socket();
                    try {
                        filler.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(filler);
                    } catch (IOException e) {
                        filler.close();
                        break; // the queue is full
                    }
                }
                URI uri = URI.create("http://127.0.0.1:" + full.getLocalPort());
                try (TestServer proxy = Upstreams.proxy(Upstreams.route("/", List.of(uri), "retries", 0,
                        "connectTimeout", "300ms", "responseTimeout", "5s"))) {
                    HttpResponse<String> response = proxy.get("/x");
                    assertEquals(504, response.statusCode(), response.body());
                    assertTrue(response.body().contains("upstream #0 could not be connected to in time"),
                            response.body());
                }
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void anUploadLongerThanTheResponseTimeoutIsNotCutWhileItProgresses() throws Exception {
        try (TestServer up = Upstreams.start("A", new Upstreams.Control());
                TestServer proxy = twoRoutes(Upstreams.uri(up), Upstreams.uri(up), "responseTimeout", "500ms");
                RawClient raw = proxy.raw()) {
            raw.send("POST /echo/slow-upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 20; i++) {
                raw.send("5\r\nchunk\r\n");
                Thread.sleep(60);
            }
            RawClient.Response response = raw.send("0\r\n\r\n").read();
            assertEquals(200, response.status(), response.text());
            assertEquals("100", Upstreams.one(Upstreams.parse(response.text()), "length"));
        }
    }

    @Test
    void anUpstreamThatStopsReadingTheBodyGives504() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        RawUpstream.Script deaf = (head, in, out) -> done.await(10, TimeUnit.SECONDS);
        try (RawUpstream upstream = new RawUpstream(deaf);
                TestServer proxy = TestServer.start(Server.builder().discoverExtensions(false)
                        .extension(new ProxyExtension()).maxBodySize(64L << 20)
                        .config(Map.of("proxy", Map.of("routes", List.of(Upstreams.route("/", List.of(upstream.uri()),
                                "responseTimeout", "500ms"))))));
                RawClient raw = proxy.raw()) {
            int size = 32 << 20;
            raw.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n");
            Thread writer = Thread.ofVirtual().start(() -> {
                byte[] block = new byte[64 * 1024];
                try {
                    for (int sent = 0; sent < size; sent += block.length) {
                        raw.socket().getOutputStream().write(block);
                    }
                } catch (IOException e) {
                    // the proxy gave up on the body and closed: expected
                }
            });
            RawClient.Response response = raw.read();
            assertEquals(504, response.status(), response.text());
            raw.socket().close();
            writer.join(10_000);
        } finally {
            done.countDown();
        }
    }

    @Test
    void anUpstreamThatFallsSilentInTheBodyIsCutAfterTheIdleTimeout() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        RawUpstream.Script stall = (head, in, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst part".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            done.await(10, TimeUnit.SECONDS);
        };
        try (RawUpstream upstream = new RawUpstream(stall);
                TestServer proxy = twoRoutes(upstream.uri(), upstream.uri(), "idleTimeout", "300ms");
                RawClient raw = proxy.raw()) {
            raw.send("GET /bad/x HTTP/1.1\r\nHost: x\r\n\r\n");
            String all = raw.readToEnd();
            assertTrue(all.startsWith("HTTP/1.1 200"), all);
            assertTrue(all.endsWith("first part"), all);
            assertTrue(raw.closedByServer());
        } finally {
            done.countDown();
        }
    }

    @Test
    void aRefusedUpstreamGives502ThenIsTakenOutAnd503WhenNoneIsLeft() throws Exception {
        URI dead = Upstreams.refusing();
        Upstreams.Control control = new Upstreams.Control();
        try (TestServer good = Upstreams.start("A", control);
                TestServer proxy = Upstreams.proxy(Upstreams.route("/", List.of(dead), "retries", 0,
                        "maxFailures", 2, "cooldown", "1h"))) {
            HttpResponse<String> first = proxy.get("/status/200");
            assertEquals(502, first.statusCode());
            assertTrue(first.body().contains("upstream #0 refused the connection"), first.body());
            assertEquals(502, proxy.get("/status/200").statusCode());
            HttpResponse<String> out = proxy.get("/status/200");
            assertEquals(503, out.statusCode(), "taken out after two failures in a row");
            assertTrue(out.body().contains("no upstream is available"), out.body());
        }
        try (TestServer good = Upstreams.start("A", new Upstreams.Control());
                TestServer proxy = Upstreams.proxy(Upstreams.route("/", List.of(Upstreams.uri(good), dead),
                        "retries", 0, "maxFailures", 1, "cooldown", "1h"))) {
            assertEquals(200, proxy.get("/status/200").statusCode());
            assertEquals(502, proxy.get("/status/200").statusCode());
            for (int i = 0; i < 6; i++) {
                assertEquals(200, proxy.get("/status/200").statusCode(), "the dead one is out");
            }
        }
        try (TestServer good = Upstreams.start("A", new Upstreams.Control());
                motor.ext.proxy.Proxy api = motor.ext.proxy.Proxy.to(List.of(Upstreams.uri(good), dead),
                        motor.ext.proxy.ProxyOptions.defaults().withRetries(0)
                                .withPassiveHealth(1, java.time.Duration.ofHours(1)));
                TestServer proxy = TestServer.start(Server.builder().discoverExtensions(false)
                        .routes(r -> r.get("/{rest...}", api)))) {
            assertEquals(List.of(true, true), api.upstreams().stream().map(u -> u.available()).toList());
            proxy.get("/status/200");
            proxy.get("/status/200");
            assertEquals(List.of(new motor.ext.proxy.UpstreamStatus(Upstreams.uri(good), true, 0),
                    new motor.ext.proxy.UpstreamStatus(dead, false, 0)), api.upstreams());
        }
    }

    @Test
    void idempotentRequestsAreRetriedOnAnotherUpstreamAndOthersAreNot() throws Exception {
        URI dead = Upstreams.refusing();
        try (TestServer good = Upstreams.start("A", new Upstreams.Control())) {
            List<URI> deadFirst = List.of(dead, Upstreams.uri(good));
            try (TestServer proxy = Upstreams.proxy(Upstreams.route("/", deadFirst, "maxFailures", 0))) {
                for (int i = 0; i < 4; i++) {
                    assertEquals(200, proxy.get("/echo/get").statusCode(), "a GET goes on to the next upstream");
                }
                HttpResponse<String> put = proxy.send(proxy.request("/echo/put")
                        .PUT(HttpRequest.BodyPublishers.ofString("body")));
                assertEquals(200, put.statusCode(), "a PUT whose body was never sent is retried");
                assertEquals("4", Upstreams.one(Upstreams.parse(put.body()), "length"));
            }
            try (TestServer proxy = Upstreams.proxy(Upstreams.route("/", deadFirst, "maxFailures", 0))) {
                HttpResponse<String> post = proxy.send(proxy.request("/echo/post")
                        .POST(HttpRequest.BodyPublishers.ofString("body")));
                assertEquals(502, post.statusCode(), "a POST is never retried");
                assertEquals(200, proxy.send(proxy.request("/echo/post")
                        .POST(HttpRequest.BodyPublishers.ofString("body"))).statusCode());
            }
            try (TestServer proxy = Upstreams.proxy(Upstreams.route("/", deadFirst, "maxFailures", 0,
                    "retries", 0))) {
                assertEquals(502, proxy.get("/echo/get").statusCode(), "no retries when there are none");
            }
        }
    }

    @Test
    void activeHealthChecksTakeAnUpstreamOutAndBringItBack() throws Exception {
        Upstreams.Control a = new Upstreams.Control();
        Upstreams.Control b = new Upstreams.Control();
        try (TestServer upA = Upstreams.start("A", a);
                TestServer upB = Upstreams.start("B", b);
                TestServer proxy = Upstreams.proxy(Upstreams.route("/", List.of(Upstreams.uri(upA), Upstreams.uri(upB)),
                        "healthCheck", Map.of("path", "/health", "interval", "50ms", "timeout", "2s",
                                "unhealthyAfter", 1, "healthyAfter", 2)))) {
            b.healthy.set(false);
            assertTrue(waitFor(() -> allFrom(proxy, "A", 4)), "B was taken out");
            b.healthy.set(true);
            assertTrue(waitFor(() -> !allFrom(proxy, "A", 4)), "B came back");
            a.healthy.set(false);
            b.healthy.set(false);
            assertTrue(waitFor(() -> proxy.get("/status/200").statusCode() == 503), "none left: 503");
        }
    }

    /** Polls {@code condition} every 50 ms for at most 15 s. */
    static boolean waitFor(Check condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() - end < 0) {
            if (condition.test()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** A condition that may throw. */
    @FunctionalInterface
    interface Check {
        boolean test() throws Exception;
    }

    private static boolean allFrom(TestServer proxy, String id, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            HttpResponse<String> response = proxy.get("/status/200");
            if (!id.equals(response.headers().firstValue("X-Upstream").orElse(null))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void anUpstreamThatResetsTheWebSocketHandshakeGives502() throws Exception {
        try (ServerSocket resetting = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                while (true) {
                    try (Socket socket = resetting.accept()) {
                        socket.setSoTimeout(10_000);
                        socket.getInputStream().read(new byte[4096]);
                        socket.setSoLinger(true, 0); // the close sends a reset
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            URI uri = URI.create("http://127.0.0.1:" + resetting.getLocalPort());
            try (TestServer proxy = Upstreams.proxy(Upstreams.route("/", List.of(uri), "retries", 0));
                    RawClient raw = proxy.raw()) {
                RawClient.Response response = raw.send("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                        + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").read();
                assertEquals(502, response.status(), response.text());
                assertTrue(response.text().contains("upstream #0"), response.text());
            } finally {
                resetting.close();
                server.join(10_000);
            }
        }
    }

    @Test
    void anHttpsUpstreamThatNeverAnswersTheTlsHandshakeOfAWebSocketGives504() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread server = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // reads nothing, answers nothing
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            URI uri = URI.create("https://127.0.0.1:" + silent.getLocalPort());
            try (TestServer proxy = Upstreams.proxy(Upstreams.route("/", List.of(uri), "retries", 0,
                    "connectTimeout", "500ms"));
                    RawClient raw = proxy.raw()) {
                RawClient.Response response = raw.send("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                        + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").read();
                assertEquals(504, response.status(), response.text());
                assertTrue(response.text().contains("upstream #0"), response.text());
            } finally {
                silent.close();
                for (Socket socket : held) {
                    socket.close();
                }
                server.join(10_000);
            }
        }
    }

    @Test
    void theUpstreamCanBeReachedWithCurlAndFailuresAreReadable() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        URI dead = Upstreams.refusing();
        try (TestServer proxy = Upstreams.proxy(Upstreams.route("/", List.of(dead), "retries", 0))) {
            Curl.Result result = Curl.run("--include", proxy.uri("/x").toString());
            assertEquals(0, result.exit(), result.err());
            assertEquals(502, result.status());
            assertNotEquals(-1, result.body().indexOf("refused"));
            assertNull(result.header("Via"), "an error of the proxy itself did not pass through one");
        }
    }
}
