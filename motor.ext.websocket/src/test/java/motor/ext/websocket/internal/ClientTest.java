package motor.ext.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import motor.test.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Integration tests with the JDK's own WebSocket client (java.net.http), a client we did not write. */
class ClientTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(TestEndpoints::configure);

    /** Collects whole messages and events from the JDK client as strings: "text:..", "binary:N", "pong:..", "close:CODE:REASON". */
    static final class Collector implements WebSocket.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add("text:" + text);
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
                binaries.add(binary.toByteArray());
                events.add("binary:" + binary.size());
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            events.add("ping");
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            events.add("pong:" + java.nio.charset.StandardCharsets.UTF_8.decode(message));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            events.add("close:" + statusCode + ":" + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            events.add("error:" + error);
        }

        String next() throws InterruptedException {
            String event = events.poll(10, TimeUnit.SECONDS);
            return event == null ? "(nothing within 10 s)" : event;
        }

        /** The next event that is not a ping. */
        String nextNotPing() throws InterruptedException {
            String event;
            do {
                event = next();
            } while (event.equals("ping"));
            return event;
        }
    }

    static URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    static WebSocket connect(String path, Collector collector, String... subprotocols) throws Exception {
        WebSocket.Builder builder = server.client().newWebSocketBuilder();
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        return builder.buildAsync(ws(path), collector).get(10, TimeUnit.SECONDS);
    }

    @Test
    void textAndBinaryAreEchoed() throws Exception {
        Collector c = new Collector();
        WebSocket ws = connect("/echo", c);
        ws.sendText("Hello, κόσμε 😀", true).get(10, TimeUnit.SECONDS);
        assertEquals("text:Hello, κόσμε 😀", c.next());
        ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xFF}), true).get(10, TimeUnit.SECONDS);
        assertEquals("binary:4", c.next());
        assertEquals(List.of((byte) 1, (byte) 2, (byte) 3, (byte) -1), toList(c.binaries.poll(10, TimeUnit.SECONDS)));
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        assertEquals("close:1000:", c.next());
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> list = new ArrayList<>();
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }

    @Test
    void bigMessageSentInFragmentsComesBackWhole() throws Exception {
        Collector c = new Collector();
        WebSocket ws = connect("/echo", c);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            String part = Character.toString('a' + i).repeat(50_000) + "é";
            expected.append(part);
            ws.sendText(part, i == 3).get(10, TimeUnit.SECONDS);
        }
        assertEquals("text:" + expected, c.next());
        byte[] big = ProtocolTest.bytes(200_000);
        ws.sendBinary(ByteBuffer.wrap(big, 0, 100_000), false).get(10, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(big, 100_000, 100_000), true).get(10, TimeUnit.SECONDS);
        assertEquals("binary:200000", c.next());
        assertTrue(java.util.Arrays.equals(big, c.binaries.poll(10, TimeUnit.SECONDS)));
        ws.abort();
    }

    @Test
    void streamedEchoOfSeveralMegabytes() throws Exception {
        Collector c = new Collector();
        WebSocket ws = connect("/stream", c);
        byte[] big = ProtocolTest.bytes(5 * 1024 * 1024);
        for (int off = 0; off < big.length; off += 1 << 20) {
            ws.sendBinary(ByteBuffer.wrap(big, off, 1 << 20), off + (1 << 20) == big.length).get(10, TimeUnit.SECONDS);
        }
        assertEquals("binary:" + big.length, c.next());
        assertTrue(java.util.Arrays.equals(big, c.binaries.poll(10, TimeUnit.SECONDS)));
        String text = "Grüße ".repeat(200_000);
        ws.sendText(text, true).get(10, TimeUnit.SECONDS);
        assertEquals("text:" + text, c.next());
        ws.abort();
    }

    @Test
    void pingsAreAnsweredAndServerPingsArrive() throws Exception {
        Collector c = new Collector();
        WebSocket ws = connect("/ping", c);
        assertEquals("ping", c.next(), "the server pings on its own");
        ws.sendPing(ByteBuffer.wrap("are you there".getBytes())).get(10, TimeUnit.SECONDS);
        assertEquals("pong:are you there", c.nextNotPing());
        ws.sendText("still echoing", true).get(10, TimeUnit.SECONDS);
        assertEquals("text:still echoing", c.nextNotPing());
        ws.abort();
    }

    @Test
    void clientCloseCodeIsEchoed() throws Exception {
        Collector c = new Collector();
        WebSocket ws = connect("/echo", c);
        ws.sendClose(4321, "custom reason").get(10, TimeUnit.SECONDS);
        assertEquals("close:4321:", c.next());
    }

    @Test
    void serverCloseWithCodeAndReasonReachesTheClient() throws Exception {
        Collector c = new Collector();
        WebSocket ws = connect("/events", c);
        ws.sendText("close 4001 going away now", true).get(10, TimeUnit.SECONDS);
        assertEquals("close:4001:going away now", c.next(), "the JDK client then answers with its own close");
    }

    @Test
    void sendsFromAnotherThreadArriveInOrderThenTheClose() throws Exception {
        Collector c = new Collector();
        connect("/push?n=200", c);
        for (int i = 0; i < 200; i++) {
            assertEquals("text:" + i, c.next());
        }
        assertEquals("close:1000:all sent", c.next());
    }

    @Test
    void concurrentSendersNeverInterleaveMessages() throws Exception {
        Collector c = new Collector();
        connect("/burst", c);
        int[] nextOf = new int[8];
        for (int k = 0; k < 400; k++) {
            String event = c.next();
            assertTrue(event.startsWith("text:t"), event);
            String body = event.substring("text:t".length());
            int thread = body.charAt(0) - '0';
            int colon = body.indexOf(':');
            int i = Integer.parseInt(body.substring(2, colon));
            assertEquals(nextOf[thread]++, i, "each thread's messages in its order");
            assertEquals("x".repeat(i * 100), body.substring(colon + 1), "message " + thread + "-" + i + " intact");
        }
        assertEquals("close:1000:burst done", c.next());
    }

    @Test
    void subprotocolIsTheServersPreference() throws Exception {
        Collector c = new Collector();
        WebSocket ws = connect("/plain", c, "chat.v1", "chat.v2");
        assertEquals("chat.v2", ws.getSubprotocol());
        ws.abort();
        WebSocket none = connect("/plain", new Collector(), "other");
        assertEquals("", none.getSubprotocol());
        none.abort();
    }

    @Test
    void broadcastReachesEveryMember() throws Exception {
        Collector a = new Collector();
        Collector b = new Collector();
        WebSocket wa = connect("/room", a);
        WebSocket wb = connect("/room", b);
        // each is a member once its own message came back through the room
        wa.sendText("a joins", true).get(10, TimeUnit.SECONDS);
        awaitEvent(a, "text:a joins");
        wb.sendText("b joins", true).get(10, TimeUnit.SECONDS);
        awaitEvent(b, "text:b joins");
        wa.sendText("news", true).get(10, TimeUnit.SECONDS);
        awaitEvent(a, "text:news");
        awaitEvent(b, "text:news");
        wa.abort();
        wb.abort();
    }

    private static void awaitEvent(Collector c, String expected) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String event = c.next();
            if (event.equals(expected)) {
                return;
            }
            seen.add(event);
        }
        fail("no " + expected + " among " + seen);
    }

    @Test
    void idleConnectionIsClosedWith1001() throws Exception {
        Collector c = new Collector();
        connect("/idle", c);
        assertEquals("close:1001:", c.next());
    }

    @Test
    void refusedHandshakeFailsTheClient() throws Exception {
        try {
            connect("/refuse", new Collector());
            fail("the handshake should fail");
        } catch (ExecutionException e) {
            WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            assertEquals(403, handshake.getResponse().statusCode());
        }
        try {
            HttpClient client = server.client();
            client.newWebSocketBuilder().header("Origin", "https://evil.example").buildAsync(ws("/echo"), new Collector())
                    .get(10, TimeUnit.SECONDS);
            fail("a foreign origin is refused");
        } catch (ExecutionException e) {
            assertEquals(403, assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode());
        }
    }

    @Test
    void compressionIsNotOfferedByThisClientSoNoneIsUsed() throws Exception {
        Collector c = new Collector();
        CompletableFuture<WebSocket> future = server.client().newWebSocketBuilder().buildAsync(ws("/echo"), c);
        WebSocket ws = future.get(10, TimeUnit.SECONDS);
        ws.sendText("x".repeat(1000), true).get(10, TimeUnit.SECONDS);
        assertEquals("text:" + "x".repeat(1000), c.next());
        ws.abort();
    }
}
