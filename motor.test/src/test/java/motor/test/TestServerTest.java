package motor.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import motor.core.Server;
import motor.spi.Routes;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The test server as a JUnit extension and by hand, with its client helpers. */
class TestServerTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(builder -> builder.discoverExtensions(false)
            .routes(TestServerTest::routes));

    static void routes(Routes routes) {
        routes.get("/hello", (request, response) -> response.send("hello " + request.header("X-Name")));
        routes.post("/echo", (request, response) -> {
            response.headers().set("Content-Type", "application/octet-stream");
            response.send(request.bodyBytes());
        });
        routes.get("/query", (request, response) -> response.send(request.query().first("q")));
    }

    @Test
    void getWithHeaders() throws Exception {
        HttpResponse<String> response = server.get("/hello", "X-Name", "ann");
        assertEquals(200, response.statusCode());
        assertEquals("hello ann", response.body());
        assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, response.version());
        assertEquals(404, server.get("/missing").statusCode());
    }

    @Test
    void sendWithABodyAndABodyHandler() throws Exception {
        byte[] data = {0, 1, 2, (byte) 0xff};
        HttpResponse<byte[]> echoed = server.send(server.request("/echo").POST(HttpRequest.BodyPublishers.ofByteArray(data)),
                HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(data, echoed.body());
        assertEquals("\u00e9 &", server.send(server.request("/query?q=%C3%A9+%26")).body());
        assertTrue(server.request("/x").build().timeout().isPresent(), "every request is bounded");
    }

    @Test
    void uriAndPort() {
        assertEquals("http://127.0.0.1:" + server.port() + "/a?b=c", server.uri("/a?b=c").toString());
        assertEquals(server.port(), server.server().port());
        assertThrows(IllegalArgumentException.class, () -> server.uri("a"));
        assertThrows(IllegalArgumentException.class, () -> server.uri("/a b"));
    }

    @Test
    void rawClient() throws Exception {
        try (RawClient raw = server.raw()) {
            RawClient.Response response = raw.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Name: raw\r\n\r\n").read();
            assertEquals(200, response.status());
            assertEquals("hello raw", response.text());
            RawClient.Response climbing = raw.send("GET /a/%2e%2e/%2e%2e/etc HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(400, climbing.status(), "the example of docs/testing.md");
        }
    }

    @Test
    void byHandWithTheBuildersOwnListener() throws Exception {
        TestServer own;
        try (TestServer started = TestServer.start(Server.builder().discoverExtensions(false).listen("127.0.0.1", 0)
                .routes(TestServerTest::routes))) {
            own = started;
            List<SocketAddress> addresses = started.server().addresses();
            assertEquals(2, addresses.size());
            assertEquals(((InetSocketAddress) addresses.get(1)).getPort(), started.port(), "ours is added last");
            assertNotEquals(server.port(), started.port());
            assertEquals("hello you", started.get("/hello", "X-Name", "you").body());
            try (RawClient raw = RawClient.connect((InetSocketAddress) addresses.get(0), Duration.ofSeconds(10))) {
                assertEquals(200, raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
            }
        }
        assertThrows(IllegalStateException.class, own::server);
        assertThrows(IllegalStateException.class, own::port);
        assertThrows(IllegalStateException.class, own::client);
        assertThrows(IllegalStateException.class, () -> own.uri("/"));
        own.close(); // again: nothing happens
    }

    @Test
    void aServerThatCannotStartSaysWhy() {
        Server.Builder wrong = Server.builder().discoverExtensions(false)
                .config(java.util.Map.of("nobody", java.util.Map.of("x", 1)));
        RuntimeException e = assertThrows(RuntimeException.class, () -> TestServer.start(wrong));
        assertTrue(e.getMessage().contains("nobody"), e.getMessage());
    }

    // The classes below are run by the JUnit launcher in lifecycleUnderJUnit, not by the build's test run
    // (it skips nested classes).

    static final List<TestServer> perTest = new CopyOnWriteArrayList<>();
    static final List<Server> perClassServers = new CopyOnWriteArrayList<>();

    static class PerClass {
        @RegisterExtension
        static final TestServer shared = TestServer.with(builder -> builder.discoverExtensions(false)
                .routes(TestServerTest::routes));

        @Test
        void one() throws Exception {
            perClassServers.add(shared.server());
            assertEquals("hello 1", shared.get("/hello", "X-Name", "1").body());
        }

        @Test
        void two() throws Exception {
            perClassServers.add(shared.server());
            assertEquals("hello 2", shared.get("/hello", "X-Name", "2").body());
        }

        @Nested
        class Inner {
            @Test
            void three() {
                perClassServers.add(shared.server());
            }
        }
    }

    static class PerTest {
        @RegisterExtension
        final TestServer own = TestServer.with(builder -> builder.discoverExtensions(false)
                .routes(TestServerTest::routes));

        @Test
        void one() throws Exception {
            perTest.add(own);
            assertEquals(200, own.get("/hello").statusCode());
        }

        @Test
        void two() throws Exception {
            perTest.add(own);
            assertEquals(200, own.get("/hello").statusCode());
        }
    }

    @Test
    void lifecycleUnderJUnit() throws Exception {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(PerClass.class), selectClass(PerTest.class)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        StringBuilder failures = new StringBuilder();
        summary.getFailures().forEach(f -> failures.append(f.getTestIdentifier().getDisplayName()).append(": ")
                .append(f.getException()).append('\n'));
        assertEquals(5, summary.getTestsSucceededCount(), failures.toString());

        assertEquals(3, perClassServers.size());
        assertSame(perClassServers.get(0), perClassServers.get(1), "one server for the class");
        assertSame(perClassServers.get(0), perClassServers.get(2), "and for its nested classes");
        assertTrue(perClassServers.get(0).awaitStop(Duration.ofSeconds(10)), "stopped after the class");
        assertThrows(IllegalStateException.class, PerClass.shared::server);

        assertEquals(2, perTest.size());
        assertNotSame(perTest.get(0), perTest.get(1), "one server per test");
        for (TestServer each : perTest) {
            assertThrows(IllegalStateException.class, each::server, "stopped after its test");
        }
    }
}
