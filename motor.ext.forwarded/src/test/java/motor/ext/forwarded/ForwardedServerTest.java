package motor.ext.forwarded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import motor.core.Server;
import motor.ext.forwarded.internal.ForwardedExtension;
import motor.spi.Middleware;
import motor.spi.Request;
import motor.spi.extension.ConfigException;
import motor.test.RawClient;
import motor.test.TestServer;
import org.junit.jupiter.api.Test;

/** The extension in a running server, called over the loopback with the JDK client and raw bytes. */
class ForwardedServerTest {

    private static String describe(Request request) {
        InetSocketAddress remote = (InetSocketAddress) request.remoteAddress();
        InetSocketAddress peer = (InetSocketAddress) Forwarded.peer(request);
        return remote.getAddress().getHostAddress() + " " + request.scheme() + " " + request.authority()
                + " via " + peer.getAddress().getHostAddress();
    }

    private static Server.Builder builder(Map<String, ?> section) {
        return Server.builder().discoverExtensions(false).extension(new ForwardedExtension())
                .config(Map.of("forwarded", section))
                .routes(r -> r.get("/who", (request, response) -> response.send(describe(request))));
    }

    @Test
    void aTrustedLoopbackProxyIsBelieved() throws Exception {
        try (TestServer server = TestServer.start(builder(Map.of("trustedProxies", List.of("loopback"),
                "headers", List.of("forwarded", "x-forwarded"))))) {
            HttpResponse<String> response = server.get("/who", "X-Forwarded-For", "6.6.6.6, 203.0.113.7",
                    "X-Forwarded-Proto", "https", "X-Forwarded-Host", "shop.example");
            assertEquals("203.0.113.7 https shop.example via 127.0.0.1", response.body());
            // without forwarding fields the request is what the socket says
            assertEquals("127.0.0.1 http 127.0.0.1:" + server.port() + " via 127.0.0.1", server.get("/who").body());
            try (RawClient raw = server.raw()) {
                raw.send("GET /who HTTP/1.1\r\nHost: inner\r\nForwarded: for=\"[2001:db8::5]:1234\";proto=https;"
                        + "host=api.example\r\n\r\n");
                assertEquals("2001:db8:0:0:0:0:0:5 https api.example via 127.0.0.1", raw.read().text());
                // a forged hop after ours is not believed: our proxy is the last one
                raw.send("GET /who HTTP/1.1\r\nHost: inner\r\nX-Forwarded-For: 198.51.100.1, bogus\r\n\r\n");
                assertEquals("127.0.0.1 http inner via 127.0.0.1", raw.read().text());
            }
        }
    }

    @Test
    void byDefaultOnlyXForwardedIsReadSoAClientCannotAddAForwardedFieldTheProxyPassesOn() throws Exception {
        // the usual proxy (nginx, Envoy, a cloud load balancer) appends to X-Forwarded-For and passes a
        // client's own Forwarded field on untouched: that field must not be believed unless configured
        try (TestServer server = TestServer.start(builder(Map.of("trustedProxies", List.of("loopback"))));
                RawClient raw = server.raw()) {
            raw.send("GET /who HTTP/1.1\r\nHost: inner\r\nForwarded: for=6.6.6.6;proto=https;host=evil.example\r\n"
                    + "X-Forwarded-For: 203.0.113.7\r\n\r\n");
            assertEquals("203.0.113.7 http inner via 127.0.0.1", raw.read().text());
            raw.send("GET /who HTTP/1.1\r\nHost: inner\r\nForwarded: for=6.6.6.6\r\n\r\n");
            assertEquals("127.0.0.1 http inner via 127.0.0.1", raw.read().text());
        }
    }

    @Test
    void anUntrustedPeerIsTakenAtItsWord() throws Exception {
        try (TestServer server = TestServer.start(builder(Map.of("trustedProxies", List.of("10.0.0.0/8"))))) {
            HttpResponse<String> response = server.get("/who", "X-Forwarded-For", "203.0.113.7",
                    "X-Forwarded-Proto", "https", "Forwarded", "for=203.0.113.8");
            assertEquals("127.0.0.1 http 127.0.0.1:" + server.port() + " via 127.0.0.1", response.body());
        }
    }

    @Test
    void withoutTrustedProxiesNothingIsAdded() throws Exception {
        try (TestServer server = TestServer.start(builder(Map.of()))) {
            assertEquals("127.0.0.1 http 127.0.0.1:" + server.port() + " via 127.0.0.1",
                    server.get("/who", "X-Forwarded-For", "203.0.113.7").body());
        }
    }

    @Test
    void middlewareOfOtherExtensionsSeesTheClient() throws Exception {
        StringBuilder seen = new StringBuilder();
        Server.Builder builder = builder(Map.of("trustedProxies", List.of("127.0.0.1"), "headers", List.of("forwarded")))
                .middleware(Middleware.OUTERMOST, (request, response, next) -> {
                    seen.append(((InetSocketAddress) request.remoteAddress()).getAddress().getHostAddress());
                    next.handle(request, response);
                });
        try (TestServer server = TestServer.start(builder)) {
            server.get("/who", "Forwarded", "for=203.0.113.7");
            assertEquals("203.0.113.7", seen.toString());
            // only Forwarded is read in this configuration
            assertEquals("127.0.0.1 http 127.0.0.1:" + server.port() + " via 127.0.0.1",
                    server.get("/who", "X-Forwarded-For", "203.0.113.7").body());
        }
    }

    @Test
    void badSettingsStopTheStartNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TestServer.start(builder(Map.of("trustedProxies", List.of("proxy.example.com")))).close());
        assertTrue(e.getMessage().contains("forwarded.trustedProxies") && e.getMessage().contains("proxy.example.com"),
                e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> TestServer.start(builder(Map.of("headers", List.of("x-real-ip")))).close());
        assertTrue(e.getMessage().contains("forwarded.headers"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> TestServer.start(builder(Map.of("trustedProxies",
                List.of("loopback"), "headers", List.of()))).close());
        assertTrue(e.getMessage().contains("forwarded.headers"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> TestServer.start(builder(Map.of("trusted", List.of("loopback")))).close());
        assertTrue(e.getMessage().contains("forwarded.trusted"), e.getMessage());
    }
}
