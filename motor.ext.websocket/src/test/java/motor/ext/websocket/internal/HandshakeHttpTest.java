package motor.ext.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import motor.core.Server;
import motor.spi.extension.ConfigException;
import motor.test.Curl;
import motor.test.RawClient;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The opening handshake's answers to requests that are not valid handshakes, and the configuration. */
class HandshakeHttpTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(TestEndpoints::configure);

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static RawClient.Response attempt(String request) throws IOException {
        try (RawClient raw = server.raw()) {
            return raw.send(request).read();
        }
    }

    private static String request(String path, String... headers) {
        StringBuilder sb = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    @Test
    void plainGetGets426WithUpgrade() throws Exception {
        HttpResponse<String> response = server.get("/echo");
        assertEquals(426, response.statusCode());
        assertEquals("websocket", response.headers().firstValue("Upgrade").orElse(null));
        assertTrue(response.headers().firstValue("Connection").orElse("").toLowerCase().contains("upgrade"));
        assertEquals("13", response.headers().firstValue("Sec-WebSocket-Version").orElse(null));
    }

    @Test
    void otherVersionGets426WithTheVersionWeSpeak() throws IOException {
        RawClient.Response r = attempt(request("/echo", "Upgrade", "websocket", "Connection", "Upgrade",
                "Sec-WebSocket-Key", KEY, "Sec-WebSocket-Version", "8"));
        assertEquals(426, r.status());
        assertEquals("13", r.header("Sec-WebSocket-Version"));
    }

    @Test
    void missingOrBadHeadersGet400() throws IOException {
        assertEquals(400, attempt(request("/echo", "Upgrade", "websocket", "Connection", "Upgrade",
                "Sec-WebSocket-Version", "13")).status(), "no key");
        assertEquals(400, attempt(request("/echo", "Upgrade", "websocket", "Connection", "Upgrade",
                "Sec-WebSocket-Key", "c2hvcnQ=", "Sec-WebSocket-Version", "13")).status(), "a key of 5 bytes");
        assertEquals(400, attempt(request("/echo", "Upgrade", "websocket", "Connection", "Upgrade",
                "Sec-WebSocket-Key", KEY, "Sec-WebSocket-Key", KEY, "Sec-WebSocket-Version", "13")).status(), "two keys");
        assertEquals(400, attempt(request("/echo", "Upgrade", "websocket", "Sec-WebSocket-Key", KEY,
                "Sec-WebSocket-Version", "13")).status(), "no Connection: Upgrade");
        assertEquals(400, attempt(request("/echo", "Upgrade", "websocket", "Connection", "Upgrade",
                "Sec-WebSocket-Key", KEY)).status(), "no version");
        RawClient.Response http10 = attempt("GET /echo HTTP/1.0\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertEquals(400, http10.status(), "HTTP/1.0");
    }

    @Test
    void errorMessagesDoNotEchoTheRequest() throws IOException {
        RawClient.Response r = attempt(request("/echo", "Upgrade", "websocket", "Connection", "Upgrade",
                "Sec-WebSocket-Key", "<script>secret</script>", "Sec-WebSocket-Version", "13"));
        assertEquals(400, r.status());
        assertFalse(r.text().contains("secret"));
    }

    @Test
    void headIsNotAHandshake() throws IOException {
        try (RawClient raw = server.raw()) {
            RawClient.Response r = raw.send("HEAD /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n").read("HEAD");
            assertEquals(405, r.status());
            assertEquals("GET", r.header("Allow"));
        }
    }

    @Test
    void originIsChecked() throws IOException {
        String[] base = {"Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Key", KEY,
                "Sec-WebSocket-Version", "13"};
        assertEquals(403, attempt(request("/echo", concat(base, "Origin", "https://evil.example"))).status());
        assertEquals(403, attempt(request("/echo", concat(base, "Origin", "null"))).status());
        try (WsClient ws = WsClient.open(server, "/echo", "Origin", "http://127.0.0.1")) {
            assertEquals(101, ws.status, "same origin");
        }
        try (WsClient ws = WsClient.open(server, "/cors", "Origin", "https://app.example")) {
            assertEquals(101, ws.status, "a listed origin");
        }
        assertEquals(403, attempt(request("/cors", concat(base, "Origin", "http://127.0.0.1"))).status(),
                "with a list, only the list");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void factoryMayRefuse() throws IOException {
        RawClient.Response r = attempt(request("/refuse", "Upgrade", "websocket", "Connection", "keep-alive, Upgrade",
                "Sec-WebSocket-Key", KEY, "Sec-WebSocket-Version", "13"));
        assertEquals(403, r.status());
    }

    @Test
    void successfulHandshakeHeaders() throws IOException {
        try (WsClient ws = WsClient.open(server, "/plain", "Sec-WebSocket-Protocol", "x, chat.v1",
                "Sec-WebSocket-Extensions", "permessage-deflate")) {
            assertEquals("websocket", ws.header("Upgrade"));
            assertTrue(ws.header("Connection").equalsIgnoreCase("upgrade"));
            assertEquals("chat.v1", ws.header("Sec-WebSocket-Protocol"));
            assertNull(ws.header("Sec-WebSocket-Extensions"), "compression is off on /plain");
        }
    }

    @Test
    void curlSeesTheSwitchAndThe426() throws IOException {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Curl.Result page = Curl.run("--include", server.uri("/echo").toString());
        assertEquals(0, page.exit(), page.err());
        assertEquals(426, page.status());
        Curl.Result upgrade = Curl.run("--include", "--http1.1", "--max-time", "2", "-H", "Connection: Upgrade",
                "-H", "Upgrade: websocket", "-H", "Sec-WebSocket-Key: " + KEY, "-H", "Sec-WebSocket-Version: 13",
                server.uri("/echo").toString());
        // curl 7 does not speak WebSocket: it shows the 101 and waits until its time limit
        assertTrue(upgrade.out().startsWith("HTTP/1.1 101"), upgrade.out() + upgrade.err());
        assertTrue(upgrade.out().contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), upgrade.out());
    }

    @Test
    void wrongSettingsStopTheStart() {
        assertThrows(ConfigException.class, () -> TestServer.start(Server.builder().discoverExtensions(false)
                .extension(new WebSocketExtension()).config(Map.of("websocket", Map.of("maxMessageSize", "0")))).close());
        assertThrows(ConfigException.class, () -> TestServer.start(Server.builder().discoverExtensions(false)
                .extension(new WebSocketExtension()).config(Map.of("websocket", Map.of("subprotocols", "a b")))).close());
        assertThrows(ConfigException.class, () -> TestServer.start(Server.builder().discoverExtensions(false)
                .extension(new WebSocketExtension()).config(Map.of("websocket",
                        Map.of("deflate", Map.of("clientMaxWindowBits", 16))))).close());
        assertThrows(ConfigException.class, () -> TestServer.start(Server.builder().discoverExtensions(false)
                .extension(new WebSocketExtension()).config(Map.of("websocket", Map.of("allowedOrigins", "example.com"))))
                .close());
        assertThrows(ConfigException.class, () -> TestServer.start(Server.builder().discoverExtensions(false)
                .extension(new WebSocketExtension()).config(Map.of("websocket", Map.of("maxMesageSize", "1MiB")))).close(),
                "a misspelt key");
    }

    @Test
    void everySettingIsRead() throws Exception {
        try (TestServer configured = TestServer.start(Server.builder().discoverExtensions(false)
                .extension(new WebSocketExtension())
                .config(Map.of("websocket", Map.of("allowedOrigins", java.util.List.of("https://a.example"),
                        "subprotocols", java.util.List.of("v1"), "maxMessageSize", "2MiB", "maxFrameSize", "64KiB",
                        "idleTimeout", "1m", "pingInterval", "30s", "closeTimeout", "3s", "broadcastQueue", "4MiB",
                        "deflate", Map.of("enabled", false, "serverNoContextTakeover", true,
                                "clientNoContextTakeover", true, "clientMaxWindowBits", 12))))
                .routes(r -> {
                    r.get("/ws", motor.ext.websocket.WebSocket.endpoint(TestEndpoints.ECHO));
                    r.get("/adjusted", motor.ext.websocket.WebSocket.endpoint(
                            o -> o.withSubprotocols("v2").withMaxMessageSize(10), request -> TestEndpoints.ECHO));
                }))) {
            try (WsClient ws = WsClient.open(configured, "/ws", "Origin", "https://a.example",
                    "Sec-WebSocket-Protocol", "v1", "Sec-WebSocket-Extensions", "permessage-deflate")) {
                assertEquals("v1", ws.header("Sec-WebSocket-Protocol"));
                assertNull(ws.header("Sec-WebSocket-Extensions"), "deflate disabled by the configuration");
            }
            for (int i = 0; i < 2; i++) {
                try (WsClient ws = WsClient.open(configured, "/adjusted", "Origin", "https://a.example",
                        "Sec-WebSocket-Protocol", "v1, v2")) {
                    assertEquals("v2", ws.header("Sec-WebSocket-Protocol"), "the endpoint's own subprotocols");
                    ws.text("0123456789");
                    assertEquals("0123456789", ws.read().text());
                    ws.text("0123456789a");
                    assertEquals(1009, ws.expectClose(), "the endpoint's own limit");
                }
            }
            try (WsClient refused = WsClient.attempt(configured, WsClient.handshake("/adjusted", "Origin",
                    "https://b.example"))) {
                assertEquals(403, refused.status, "the configured origins still apply");
            }
        }
    }
}
