package motor.ext.sse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import motor.ext.sse.Sse;
import motor.ext.sse.SseBroadcaster;
import motor.ext.sse.SseEmitter.CloseReason;
import motor.ext.sse.SseEvent;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Routes;
import motor.test.Curl;
import motor.test.RawClient;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Event streams from a real server, read by the JDK HttpClient, curl and raw sockets. */
class SseServerTest {

    /** Why each tagged stream of /wait and /ticks ended, as its onClose saw it. */
    static final Map<String, BlockingQueue<CloseReason>> REASONS = new ConcurrentHashMap<>();
    /** Tags whose handler has returned. */
    static final Map<String, BlockingQueue<Boolean>> RETURNED = new ConcurrentHashMap<>();
    static final SseBroadcaster ROOM = new SseBroadcaster();
    static final SseBroadcaster NOTES = new SseBroadcaster();

    /** An application event on the server's bus, forwarded to /notes. */
    record Note(String text) {
    }

    @RegisterExtension
    static final TestServer server = TestServer.with(builder -> builder
            .config(Map.of("sse", Map.of("heartbeat", "0s")))
            .routes(SseServerTest::routes));

    @RegisterExtension
    static final TestServer beating = TestServer.with(builder -> builder
            .config(Map.of("sse", Map.of("heartbeat", "50ms", "retry", "2s")))
            .routes(SseServerTest::routes));

    static void routes(Routes routes) {
        routes.get("/count", CountRoute::handle);
        routes.get("/wait", SseServerTest::waitForClose);
        routes.get("/ticks", SseServerTest::ticks);
        routes.get("/room", (request, response) -> Sse.stream(request, response, ROOM::join));
        routes.get("/notes", (request, response) -> Sse.stream(request, response, NOTES::join));
        routes.get("/burst", SseServerTest::burst);
        routes.get("/id", (request, response) -> Sse.stream(request, response,
                emitter -> emitter.send(emitter.lastEventId().orElse("none"))));
    }

    static BlockingQueue<CloseReason> reasons(String tag) {
        return REASONS.computeIfAbsent(tag, t -> new LinkedBlockingQueue<>());
    }

    static BlockingQueue<Boolean> returned(String tag) {
        return RETURNED.computeIfAbsent(tag, t -> new LinkedBlockingQueue<>());
    }

    /** Says it is ready, then keeps the stream open until it ends. */
    static void waitForClose(Request request, Response response) throws Exception {
        String tag = request.query().first("tag", "");
        try {
            Sse.stream(request, response, emitter -> {
                emitter.onClose(reasons(tag)::add);
                emitter.send(SseEvent.of("ready", tag));
                emitter.awaitClose();
            });
        } finally {
            returned(tag).add(true);
        }
    }

    /** Sends a tick every 10 ms until a send fails. */
    static void ticks(Request request, Response response) throws Exception {
        String tag = request.query().first("tag", "");
        Sse.stream(request, response, emitter -> {
            emitter.onClose(reasons(tag)::add);
            for (int i = 1; emitter.send(Integer.toString(i)); i++) {
                Thread.sleep(10);
            }
        });
        returned(tag).add(true);
    }

    /** Four threads send 200 two-line events each, at once, into one stream. */
    static void burst(Request request, Response response) throws Exception {
        Sse.stream(request, response, emitter -> {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 200; i++) {
                        emitter.send(SseEvent.of("t" + thread, "line one " + i + "\nline two " + i));
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        });
    }

    private static HttpResponse<InputStream> open(TestServer on, String path, String... headers) throws Exception {
        HttpRequest.Builder request = on.request(path);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return on.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private static <T> T poll(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(Lines.WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(value, "nothing within " + Lines.WAIT_SECONDS + " s");
        return value;
    }

    private static void awaitSubscribers(SseBroadcaster broadcaster, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Lines.WAIT_SECONDS);
        while (broadcaster.subscribers() != n) {
            assertTrue(System.nanoTime() < deadline, "subscribers: " + broadcaster.subscribers() + ", expected " + n);
            Thread.sleep(5);
        }
    }

    @Test
    void theJdkClientReadsEveryEventLineByLineThenTheEnd() throws Exception {
        HttpResponse<InputStream> response = open(server, "/count?n=3&interval_ms=1", "Accept", "text/event-stream");
        assertEquals(200, response.statusCode());
        assertEquals(Optional.of("text/event-stream; charset=utf-8"), response.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("no-store"), response.headers().firstValue("Cache-Control"));
        assertEquals(Optional.of("no"), response.headers().firstValue("X-Accel-Buffering"));
        assertEquals(Optional.empty(), response.headers().firstValue("Content-Length"));
        try (Lines lines = new Lines(response.body())) {
            assertEquals(List.of("id: 1", "data: 1", ""), lines.block());
            assertEquals(List.of("id: 2", "data: 2", ""), lines.block());
            assertEquals(List.of("id: 3", "data: 3", ""), lines.block());
            assertNull(lines.next(), "the stream ends after the last event");
        }
    }

    @Test
    void lastEventIdResumesAfterTheEventTheClientHad() throws Exception {
        HttpResponse<InputStream> response = open(server, "/count?n=4&interval_ms=0", "Last-Event-ID", "2");
        try (Lines lines = new Lines(response.body())) {
            List<EventStreamParser.Event> events = EventStreamParser.events(String.join("\n", lines.rest()) + "\n");
            assertEquals(List.of(new EventStreamParser.Event("message", "3", "3"),
                    new EventStreamParser.Event("message", "4", "4")), events);
        }
    }

    @Test
    void nothingLeftToResumeIs204SoThatBrowsersStopReconnecting() throws Exception {
        assertEquals(204, server.get("/count?n=3", "Last-Event-ID", "3").statusCode());
    }

    @Test
    void badParametersAre400BeforeAnyStream() throws Exception {
        for (String query : List.of("n=0", "n=abc", "n=1001", "n=-1", "n=+5", "interval_ms=10001", "interval_ms=1e3")) {
            HttpResponse<String> response = server.get("/count?" + query);
            assertEquals(400, response.statusCode(), query);
            assertFalse(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        }
        assertEquals(400, server.get("/count?n=3", "Last-Event-ID", "4").statusCode());
        assertEquals(400, server.get("/count?n=3", "Last-Event-ID", "x").statusCode());
    }

    @Test
    void curlWithoutBufferingSeesTheStreamAsSent() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Curl.Result result = Curl.run("-N", "--include", server.uri("/count?n=2&interval_ms=1").toString());
        assertEquals(0, result.exit(), result.err());
        assertEquals(200, result.status());
        assertEquals("text/event-stream; charset=utf-8", result.header("Content-Type"));
        assertEquals("chunked", result.header("Transfer-Encoding"));
        assertNull(result.header("Content-Length"));
        assertEquals("id: 1\ndata: 1\n\nid: 2\ndata: 2\n\n", result.body());
    }

    @Test
    void curlResumesWithLastEventId() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Curl.Result result = Curl.run("-N", "-H", "Last-Event-ID: 4", server.uri("/count?n=5&interval_ms=1").toString());
        assertEquals(0, result.exit(), result.err());
        assertEquals("id: 5\ndata: 5\n\n", result.out());
    }

    @Test
    void headGetsTheHeadAndNoStream() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Curl.Result result = Curl.run("--head", server.uri("/wait?tag=head").toString());
        assertEquals(0, result.exit(), result.err());
        assertEquals(200, result.status());
        assertEquals("text/event-stream; charset=utf-8", result.header("Content-Type"));
        assertNull(REASONS.get("head"), "the producer did not run");
    }

    @Test
    void heartbeatsKeepAnIdleStreamBusyAndFindTheClientGone() throws Exception {
        HttpResponse<InputStream> response = open(beating, "/wait?tag=hb");
        try (Lines lines = new Lines(response.body())) {
            assertEquals(List.of("retry: 2000", ""), lines.block(), "the retry setting opens the stream");
            // heartbeats may come before the event too, if the handler's thread was slow to send it
            List<String> block = lines.block();
            for (int i = 0; i < 100 && block.equals(List.of(":", "")); i++) {
                block = lines.block();
            }
            assertEquals(List.of("event: ready", "data: hb", ""), block);
            assertEquals(List.of(":", ""), lines.block(), "a heartbeat follows the silence");
            assertEquals(List.of(":", ""), lines.block());
        }
        assertEquals(CloseReason.CLIENT_GONE, poll(reasons("hb")));
        assertTrue(poll(returned("hb")), "the handler's thread is free again");
    }

    @Test
    void aClientThatHangsUpIsNoticedByTheNextSend() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(Lines.WAIT_SECONDS));
            OutputStream out = socket.getOutputStream();
            out.write("GET /ticks?tag=hangup HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[256];
            while (!seen.toString().contains("data: 2\n")) {
                int n = in.read(buffer);
                assertTrue(n > 0, "the stream ended early: " + seen);
                seen.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
            }
            assertTrue(seen.toString().startsWith("HTTP/1.1 200 "), seen.toString());
        }
        assertEquals(CloseReason.CLIENT_GONE, poll(reasons("hangup")));
        assertTrue(poll(returned("hangup")));
    }

    @Test
    void broadcastReachesEveryClient() throws Exception {
        List<Lines> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                HttpResponse<InputStream> response = open(server, "/room");
                assertEquals(200, response.statusCode());
                clients.add(new Lines(response.body()));
            }
            awaitSubscribers(ROOM, 3);
            for (int i = 1; i <= 5; i++) {
                assertEquals(3, ROOM.publish(SseEvent.of("chat", "message " + i).withId(Integer.toString(i))));
            }
            for (Lines client : clients) {
                for (int i = 1; i <= 5; i++) {
                    assertEquals(List.of("event: chat", "id: " + i, "data: message " + i, ""), client.block());
                }
            }
        } finally {
            for (Lines client : clients) {
                client.close();
            }
        }
        // the clients are gone; the next publish finds them so and they leave
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Lines.WAIT_SECONDS);
        while (ROOM.subscribers() > 0) {
            assertTrue(System.nanoTime() < deadline, "subscribers left: " + ROOM.subscribers());
            ROOM.publish(SseEvent.data("anyone?"));
            Thread.sleep(20);
        }
    }

    @Test
    void eventsOnTheServersBusAreForwarded() throws Exception {
        try (var forwarding = NOTES.forward(server.server().events(), Note.class,
                note -> note.text().isEmpty() ? null : SseEvent.of("note", note.text()))) {
            HttpResponse<InputStream> response = open(server, "/notes");
            try (Lines lines = new Lines(response.body())) {
                awaitSubscribers(NOTES, 1);
                server.server().events().publish(new Note(""));
                server.server().events().publish(new Note("hello\nworld"));
                assertEquals(List.of("event: note", "data: hello", "data: world", ""), lines.block());
            }
        }
    }

    @Test
    void concurrentSendersNeverInterleaveTheirEvents() throws Exception {
        HttpResponse<InputStream> response = open(beating, "/burst");
        try (Lines lines = new Lines(response.body())) {
            EventStreamParser parser = new EventStreamParser();
            parser.feed(String.join("\n", lines.rest()) + "\n");
            assertEquals(800, parser.events.size());
            int[] next = new int[4];
            for (EventStreamParser.Event event : parser.events) {
                int thread = event.type().charAt(1) - '0';
                int i = next[thread]++;
                assertEquals("line one " + i + "\nline two " + i, event.data(), "from " + event.type());
            }
        }
    }

    @Test
    void aUtf8LastEventIdIsDecodedAndInvalidBytesAre400() throws Exception {
        try (RawClient raw = server.raw()) {
            byte[] head = "GET /id HTTP/1.1\r\nHost: x\r\nConnection: close\r\nLast-Event-ID: ".getBytes(StandardCharsets.US_ASCII);
            byte[] id = "é42".getBytes(StandardCharsets.UTF_8);
            byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[head.length + id.length + end.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(id, 0, request, head.length, id.length);
            System.arraycopy(end, 0, request, head.length + id.length, end.length);
            RawClient.Response response = raw.send(request).read();
            assertEquals(200, response.status());
            assertEquals("data: é42\n\n", new String(response.body(), StandardCharsets.UTF_8));
        }
        try (RawClient raw = server.raw()) {
            RawClient.Response response = raw.send("GET /id HTTP/1.1\r\nHost: x\r\nLast-Event-ID: secret\u00ff\r\n\r\n").read();
            assertEquals(400, response.status());
            assertFalse(response.text().contains("secret"));
        }
        try (RawClient raw = server.raw()) {
            RawClient.Response response = raw.send("GET /id HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 1\r\n"
                    + "Last-Event-ID: 2\r\n\r\n").read();
            assertEquals(400, response.status());
        }
    }

    @Test
    void anHttp10ClientGetsTheStreamUntilTheConnectionCloses() throws Exception {
        try (RawClient raw = server.raw()) {
            String all = raw.send("GET /count?n=2&interval_ms=0 HTTP/1.0\r\n\r\n").readToEnd();
            assertTrue(all.startsWith("HTTP/1.1 200 "), all);
            assertFalse(all.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding"), all);
            assertTrue(all.endsWith("\r\n\r\nid: 1\ndata: 1\n\nid: 2\ndata: 2\n\n"), all);
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    void keepAliveCarriesTheNextRequestAfterAStreamEnds() throws Exception {
        try (RawClient raw = server.raw()) {
            RawClient.Response first = raw.send("GET /count?n=1 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertTrue(first.chunked());
            assertEquals("id: 1\ndata: 1\n\n", first.text());
            RawClient.Response second = raw.send("GET /count?n=2&interval_ms=0 HTTP/1.1\r\nHost: x\r\n"
                    + "Last-Event-ID: 1\r\n\r\n").read();
            assertEquals("id: 2\ndata: 2\n\n", second.text());
        }
    }
}
