package motor.ext.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import motor.core.Server;
import motor.ext.websocket.Listener;
import motor.ext.websocket.Session;
import motor.spi.HttpException;
import motor.test.RawClient;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WebSocket connections through the proxy, to a Motor upstream running the websocket extension. */
class ProxyWebSocketTest {

    private static TestServer upstream;
    private static TestServer proxy;
    private static final BlockingQueue<String> CLOSES = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        upstream = TestServer.start(Server.builder().discoverExtensions(false).routes(r -> {
            r.get("/ws/echo", motor.ext.websocket.WebSocket.endpoint(request -> new Listener() {
                @Override
                public void onOpen(Session session) throws Exception {
                    session.sendText("hello " + request.header("X-Forwarded-For") + " via " + request.header("Via"));
                }

                @Override
                public void onText(Session session, String text) throws Exception {
                    session.sendText(text);
                }

                @Override
                public void onBinary(Session session, byte[] data) throws Exception {
                    session.sendBinary(data);
                }

                @Override
                public void onClose(Session session, int code, String reason) {
                    CLOSES.add(code + " " + reason);
                }
            }));
            r.get("/ws/private", motor.ext.websocket.WebSocket.endpoint(request -> {
                throw new HttpException(403, "not for you");
            }));
        }));
        proxy = Upstreams.proxy(Upstreams.route("/", List.of(Upstreams.uri(upstream)), "idleTimeout", "30s"));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        upstream.close();
    }

    /** Collects what a JDK WebSocket client receives. */
    static final class Received implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            messages.add("closed " + code);
            return null;
        }

        Object next() throws InterruptedException {
            Object message = messages.poll(15, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("nothing arrived within 15 s");
            }
            return message;
        }
    }

    @Test
    void textAndLargeBinaryMessagesGoBothWaysAndTheCloseArrives() throws Exception {
        Received received = new Received();
        try (HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            URI uri = URI.create("ws://127.0.0.1:" + proxy.port() + "/ws/echo");
            WebSocket ws = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, received).get(15, TimeUnit.SECONDS);
            assertEquals("hello 127.0.0.1 via 1.1 motor", received.next(), "the handshake carried the forwarding fields");
            ws.sendText("ping through the proxy", true).get(15, TimeUnit.SECONDS);
            assertEquals("ping through the proxy", received.next());
            byte[] large = new byte[900 * 1024]; // under the upstream's 1 MiB frame limit
            new Random(5).nextBytes(large);
            ws.sendBinary(ByteBuffer.wrap(large), true).get(15, TimeUnit.SECONDS);
            assertArrayEquals(large, (byte[]) received.next());
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(15, TimeUnit.SECONDS);
            assertEquals("closed 1000", received.next());
            assertEquals("1000 bye", CLOSES.poll(15, TimeUnit.SECONDS), "the upstream saw the client's close");
        }
    }

    @Test
    void aRefusedHandshakeIsRelayed() throws Exception {
        try (RawClient raw = proxy.raw()) {
            RawClient.Response response = raw.send("GET /ws/private HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                    + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").read();
            assertEquals(403, response.status());
            assertTrue(response.text().contains("not for you"), response.text());
            RawClient.Response next = raw.send("GET /ws/private HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertTrue(next.status() >= 400, "the connection is still in step: " + next.status());
        }
    }

    @Test
    void upgradeWithoutTheUpgradeConnectionOptionIsNotAHandshake() throws Exception {
        // RFC 9110 section 7.8 and RFC 6455 section 4.1: an upgrade request lists "upgrade" in Connection. A
        // front end that does not see one here keeps using the connection for HTTP; a tunnel opened
        // behind its back would carry its next requests past this server's middleware
        try (RawClient raw = proxy.raw()) {
            RawClient.Response response = raw.send("GET /ws/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").read();
            assertNotEquals(101, response.status(), response.text());
            RawClient.Response next = raw.send("GET /ws/private HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertTrue(next.status() >= 400 && next.status() != 101, "the connection is still HTTP: " + next.status());
        }
    }

    @Test
    void upgradeInAnHttp10RequestIsIgnored() throws Exception {
        // RFC 9110 section 7.8: a server MUST ignore Upgrade in an HTTP/1.0 request; the request goes up as it is
        try (RawClient raw = proxy.raw()) {
            RawClient.Response response = raw.send("GET /ws/echo HTTP/1.0\r\nHost: x\r\nConnection: Upgrade\r\n"
                    + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").read();
            assertNotEquals(101, response.status(), response.text());
            assertNotEquals(501, response.status(), response.text());
            assertTrue(response.text().isEmpty() || !response.text().contains("proxied as an HTTP/1.1 GET only"),
                    response.text());
        }
    }

    @Test
    void aHealthyUpstreamThatAnswersAHandshakeWithAnOrdinaryPageIsNotTakenOut() throws Exception {
        // a client must not be able to take upstreams out by sending handshakes to ordinary pages
        String page = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
        try (RawUpstream plain = new RawUpstream(RawUpstream.fixed(page));
                TestServer front = Upstreams.proxy(Upstreams.route("/", List.of(plain.uri()), "retries", 0,
                        "maxFailures", 1, "cooldown", "60s"));
                RawClient raw = front.raw()) {
            for (int i = 0; i < 2; i++) {
                RawClient.Response response = raw.send("GET /page HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                        + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").read();
                assertEquals(502, response.status(), response.text());
                assertTrue(response.text().contains("did not accept the WebSocket handshake"), response.text());
            }
            RawClient.Response page2 = raw.send("GET /page HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(200, page2.status(), "the upstream is still in: " + page2.text());
            assertEquals("hello", page2.text());
        }
    }

    @Test
    void aHandshakeToAMissingUpstreamGives502() throws Exception {
        try (TestServer dead = Upstreams.proxy(Upstreams.route("/", List.of(Upstreams.refusing()), "retries", 0));
                RawClient raw = dead.raw()) {
            RawClient.Response response = raw.send("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                    + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").read();
            assertEquals(502, response.status());
            assertTrue(response.text().contains("upstream #0 refused the connection"), response.text());
        }
    }

    @Test
    void aMalformedHandshakeAnswerGives502() throws Exception {
        try (RawUpstream bad = new RawUpstream(RawUpstream.fixed("HTTP/1.1 101 Switching\r\nUpgrade websocket\r\n\r\n"));
                TestServer front = Upstreams.proxy(Upstreams.route("/", List.of(bad.uri()), "retries", 0));
                RawClient raw = front.raw()) {
            RawClient.Response response = raw.send("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                    + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").read();
            assertEquals(502, response.status());
            String head = bad.heads.poll(10, TimeUnit.SECONDS);
            assertTrue(head.startsWith("GET /ws HTTP/1.1\r\n"), head);
            assertTrue(head.contains("\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"), head);
            assertTrue(head.contains("\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"), head);
            assertTrue(head.contains("\r\nHost: 127.0.0.1:" + bad.uri().getPort() + "\r\n"), head);
        }
    }
}
