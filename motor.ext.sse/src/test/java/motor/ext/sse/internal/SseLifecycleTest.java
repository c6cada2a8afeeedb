package motor.ext.sse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import motor.core.Server;
import motor.ext.sse.Sse;
import motor.ext.sse.SseEmitter.CloseReason;
import motor.ext.sse.SseEvent;
import motor.spi.event.ServerStopped;
import motor.spi.extension.ConfigException;
import motor.test.TestServer;
import org.junit.jupiter.api.Test;

/** The extension's settings, and streams ending when the server stops. */
class SseLifecycleTest {

    private static Server.Builder builder(Map<String, ?> sse) {
        return Server.builder().discoverExtensions(false).extension(new SseExtension())
                .config(Map.of("sse", sse));
    }

    private static <T> T poll(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(Lines.WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(value, "nothing within " + Lines.WAIT_SECONDS + " s");
        return value;
    }

    @Test
    void stoppingTheServerEndsOpenStreamsSoThatItDrainsWithoutForce() throws Exception {
        BlockingQueue<CloseReason> reasons = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> forced = new LinkedBlockingQueue<>();
        TestServer server = TestServer.start(builder(Map.of()).shutdownGracePeriod(Duration.ofSeconds(20))
                .routes(r -> r.get("/wait", (request, response) -> Sse.stream(request, response, emitter -> {
                    emitter.onClose(reasons::add);
                    emitter.send(SseEvent.of("ready", "1"));
                    emitter.awaitClose();
                }))));
        try (var subscription = server.server().events().subscribe(ServerStopped.class,
                stopped -> forced.add(stopped.forcedConnections()))) {
            HttpResponse<InputStream> response = server.send(server.request("/wait"),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (Lines lines = new Lines(response.body())) {
                assertEquals(List.of("event: ready", "data: 1", ""), lines.block());
                Thread stopper = Thread.ofVirtual().start(server::close);
                assertEquals(CloseReason.SERVER_STOPPING, poll(reasons));
                assertNull(lines.next(), "the client sees the stream end, and would reconnect");
                stopper.join(TimeUnit.SECONDS.toMillis(Lines.WAIT_SECONDS));
                assertEquals(0, poll(forced), "no connection had to be closed by force");
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffByTheWriteTimeoutAndTheStreamEnds() throws Exception {
        BlockingQueue<CloseReason> reasons = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> sent = new LinkedBlockingQueue<>();
        String chunk = "x".repeat(64 * 1024);
        try (TestServer server = TestServer.start(builder(Map.of("heartbeat", "0s"))
                .writeTimeout(Duration.ofMillis(300))
                .routes(r -> r.get("/flood", (request, response) -> Sse.stream(request, response, emitter -> {
                    emitter.onClose(reasons::add);
                    int n = 0;
                    while (emitter.send(chunk)) {
                        n++;
                    }
                    sent.add(n);
                }))));
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setReceiveBufferSize(4096);
            socket.getOutputStream().write("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // and never read
            assertEquals(CloseReason.CLIENT_GONE, poll(reasons));
            assertTrue(poll(sent) > 0);
        }
    }

    @Test
    void streamsOfClientsThatLeftAreAllReleased() throws Exception {
        BlockingQueue<CloseReason> reasons = new LinkedBlockingQueue<>();
        try (TestServer server = TestServer.start(builder(Map.of("heartbeat", "20ms"))
                .routes(r -> {
                    r.get("/wait", (request, response) -> Sse.stream(request, response, emitter -> {
                        emitter.onClose(reasons::add);
                        emitter.awaitClose();
                    }));
                    r.get("/open", (request, response) -> response.send(Integer.toString(
                            Streams.of(request).openStreams())));
                }))) {
            int clients = 20;
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    Socket socket = new Socket("127.0.0.1", server.port());
                    sockets.add(socket);
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(
                            StandardCharsets.US_ASCII));
                    assertTrue(socket.getInputStream().read() >= 0, "the head arrives");
                }
                assertEquals(Integer.toString(clients), server.get("/open").body());
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
            for (int i = 0; i < clients; i++) {
                assertEquals(CloseReason.CLIENT_GONE, poll(reasons));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Lines.WAIT_SECONDS);
            String open;
            while (!(open = server.get("/open").body()).equals("0")) {
                assertTrue(System.nanoTime() < deadline, open + " streams still open");
                Thread.sleep(10);
            }
        }
    }

    @Test
    void settingsAreChecked() {
        ConfigException e = assertThrows(ConfigException.class, () -> TestServer.start(builder(Map.of("heartbeat", "5ms"))));
        assertTrue(e.getMessage().contains("sse.heartbeat"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> TestServer.start(builder(Map.of("heartbeat", "2d"))));
        assertTrue(e.getMessage().contains("sse.heartbeat"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> TestServer.start(builder(Map.of("retry", "-1s"))));
        assertTrue(e.getMessage().contains("sse.retry"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> TestServer.start(builder(Map.of("maxLastEventIdLength", 0))));
        assertTrue(e.getMessage().contains("sse.maxLastEventIdLength"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> TestServer.start(builder(Map.of("heartbeats", "1s"))));
        assertTrue(e.getMessage().contains("heartbeats"), e.getMessage());
    }

    @Test
    void settingsReachTheStreams() throws Exception {
        try (TestServer server = TestServer.start(builder(Map.of("heartbeat", "0s", "retry", "250ms",
                "maxLastEventIdLength", 4)).routes(r -> r.get("/one", (request, response) ->
                Sse.stream(request, response, emitter -> emitter.send("x")))))) {
            assertEquals("retry: 250\n\ndata: x\n\n", server.get("/one").body());
            assertEquals("retry: 250\n\ndata: x\n\n", server.get("/one", "Last-Event-ID", "1234").body());
            assertEquals(400, server.get("/one", "Last-Event-ID", "12345").statusCode());
        }
    }

    @Test
    void theExtensionIsFoundByServiceLoader() throws Exception {
        try (TestServer server = TestServer.start(Server.builder())) {
            assertTrue(server.server().extensions().stream().anyMatch(x -> x.name().equals("sse")));
        }
    }
}
