package motor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import motor.spi.ContentCoding;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;
import motor.spi.transport.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an extension can do through its context, seen from outside through a running server. */
class ExtensionContextTest {

    /** An extension made of a lambda, for tests. */
    record Ext(String name, Set<String> after, Consumer<ExtensionContext> body) implements Extension {
        Ext(String name, Consumer<ExtensionContext> body) {
            this(name, Set.of(), body);
        }

        @Override
        public void install(ExtensionContext context) {
            body.accept(context);
        }
    }

    /** A transport that claims to be secure and passes everything through. */
    static final class MarkedSecure implements Transport {
        private final Transport delegate;

        MarkedSecure(Transport delegate) {
            this.delegate = delegate;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException { return delegate.read(b, off, len); }
        @Override public void write(byte[] b, int off, int len) throws IOException { delegate.write(b, off, len); }
        @Override public void shutdownOutput() throws IOException { delegate.shutdownOutput(); }
        @Override public boolean isOpen() { return delegate.isOpen(); }
        @Override public SocketAddress remoteAddress() { return delegate.remoteAddress(); }
        @Override public SocketAddress localAddress() { return delegate.localAddress(); }
        @Override public boolean secure() { return true; }
        @Override public javax.net.ssl.SSLSession sslSession() {
            return (javax.net.ssl.SSLSession) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {javax.net.ssl.SSLSession.class},
                    (proxy, method, args) -> method.getName().equals("getProtocol") ? "TLSv1.3" : null);
        }
        @Override public void close() throws IOException { delegate.close(); }
    }

    private static final ContentCoding FAKE = new ContentCoding() {
        @Override public String name() { return "x-fake"; }
        @Override public OutputStream encode(OutputStream out) { return out; }
        @Override public InputStream decode(InputStream in) { return in; }
    };

    interface Greeter {
        String greet(String who);
    }

    @Test
    void wrappersCodingsServicesAndStopHooks() throws Exception {
        List<String> closed = new ArrayList<>();
        List<String> listeners = new ArrayList<>();
        Server server = Server.builder()
                .listen("secure", new java.net.InetSocketAddress("127.0.0.1", 0))
                .discoverExtensions(false)
                .extension(new Ext("consumer", Set.of("provider"), ctx -> {
                    ctx.routes().get("/info", (req, res) -> res.send(req.scheme() + " "
                            + ctx.service(Greeter.class).orElseThrow().greet("you") + " "
                            + ctx.contentCodings().keySet() + " " + req.sslSession().getProtocol()));
                    // a handler, through its request (wrapped or not), finds what an extension provided
                    ctx.routes().get("/service", (req, res) -> res.send(
                            new motor.spi.RequestWrapper(req).service(Greeter.class).orElseThrow().greet("handler")
                                    + " " + req.service(String.class).isPresent()));
                    ctx.onStop(() -> closed.add("consumer"));
                }))
                .extension(new Ext("provider", ctx -> {
                    ctx.provide(Greeter.class, who -> "hello " + who);
                    ctx.addContentCoding(FAKE);
                    ctx.addTransportWrapper((transport, listener) -> {
                        listeners.add(listener);
                        return new MarkedSecure(transport);
                    });
                    ctx.onStop(() -> closed.add("provider"));
                }))
                .build()
                .start();
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /info HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("https hello you [x-fake] TLSv1.3", raw.read().text(), "the transport's TLS session reaches the request");
            raw.send("GET /service HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("hello handler false", raw.read().text());
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
        assertEquals(List.of("secure"), listeners);
        assertEquals(List.of("consumer", "provider"), closed, "closed in reverse order of registration");
        assertEquals(List.of("provider", "consumer"), server.extensions().stream().map(Extension::name).toList());
    }

    @Test
    void protocolsRegisteredLaterAreSeenThroughTheLiveView() throws Exception {
        List<String> seen = new ArrayList<>();
        motor.spi.transport.ProtocolHandler h2 = new motor.spi.transport.ProtocolHandler() {
            @Override public String name() { return "fake-h2"; }
            @Override public Set<String> applicationProtocols() { return Set.of("h2"); }
            @Override public void serve(motor.spi.transport.Connection connection) { }
        };
        Server server = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false)
                .extension(new Ext("tls", ctx -> {
                    List<motor.spi.transport.ProtocolHandler> view = ctx.protocols();
                    seen.add("at install: " + view.size());
                    ctx.addTransportWrapper((transport, listener) -> {
                        seen.add("per connection: " + view.stream().map(p -> p.name()).toList());
                        return transport;
                    });
                    assertThrows(UnsupportedOperationException.class, () -> view.add(h2));
                }))
                .extension(new Ext("h2", Set.of("tls"), ctx -> ctx.addProtocol(h2)))
                .build()
                .start();
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /none HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(404, raw.read().status());
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
        assertEquals(List.of("at install: 0", "per connection: [fake-h2]"), seen);
    }

    @Test
    void relativeSettingsResolveAgainstTheBaseDirectory(@TempDir Path dir) throws Exception {
        List<Path> seen = new ArrayList<>();
        Server.builder().listen("127.0.0.1", 0).discoverExtensions(false)
                .extension(new Ext("a", ctx -> seen.add(ctx.baseDirectory())))
                .build().check();
        Server.builder().listen("127.0.0.1", 0).discoverExtensions(false).baseDirectory(dir.resolve("x/.."))
                .extension(new Ext("b", ctx -> seen.add(ctx.baseDirectory())))
                .build().check();
        assertEquals(List.of(Path.of("").toAbsolutePath(), dir.toAbsolutePath()), seen);
    }

    @Test
    void duplicateCodingsAndServicesAreRefused() {
        Server server = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false)
                .extension(new Ext("a", ctx -> {
                    ctx.addContentCoding(FAKE);
                    ctx.addContentCoding(FAKE);
                }))
                .build();
        IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
        assertTrue(e.getMessage().contains("extension 'a'") && e.getMessage().contains("x-fake"), e.getMessage());
    }

    @Test
    void failingInstallStopsTheStartAndNamesTheExtension() {
        Server server = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false)
                .extension(new Ext("broken", ctx -> {
                    throw new IllegalArgumentException("missing key file");
                }))
                .build();
        IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
        assertTrue(e.getMessage().contains("extension 'broken'"), e.getMessage());
        assertTrue(e.getMessage().contains("missing key file"), e.getMessage());
    }

    @Test
    void sectionsGoToTheirExtensionsAndUnknownKeysStopTheStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("motor.json");
        Files.writeString(file, """
                {"server": {"port": 0, "host": "127.0.0.1"},
                 "greeter": {"greeting": "Hi", "volume": 11}}
                """);
        Server server = Server.builder().config(file).discoverExtensions(false)
                .extension(new Ext("greeter", ctx -> {
                    String greeting = ctx.config().string("greeting", "Hello");
                    ctx.routes().get("/", (req, res) -> res.send(greeting));
                }))
                .build();
        ConfigException e = assertThrows(ConfigException.class, server::start);
        assertEquals(file + ": greeter.volume: unknown setting; check the spelling, or whether the extension it"
                + " configures is installed", e.getMessage());
    }

    @Test
    void misspeltServerSettingStopsTheStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("motor.json");
        Files.writeString(file, "{\"server\": {\"port\": 0, \"limits\": {\"maxBodySise\": \"1MiB\"}},"
                + " \"plugins\": {\"watchh\": true}}");
        ConfigException e = assertThrows(ConfigException.class,
                () -> Server.builder().config(file).discoverExtensions(false).build().start());
        assertEquals(file + ": server.limits.maxBodySise: unknown setting (also unknown: plugins.watchh); check the"
                + " spelling, or whether the extension it configures is installed", e.getMessage());
    }

    @Test
    void sectionOfAnAbsentExtensionIsUnknown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("motor.json");
        Files.writeString(file, "{\"server\": {\"port\": 0}, \"gzpi\": {}}");
        ConfigException e = assertThrows(ConfigException.class,
                () -> Server.builder().config(file).discoverExtensions(false).build().start());
        assertTrue(e.getMessage().contains(": gzpi: unknown setting"), e.getMessage());
    }

    @Test
    void configuredServerSettingsApply(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("motor.json");
        Files.writeString(file, """
                {"server": {"host": "127.0.0.1", "port": 0, "serverHeader": "",
                            "limits": {"maxBodySize": "4B"}, "compliance": ["BARE_LF"]}}
                """);
        Server server = Server.builder().config(file).discoverExtensions(false)
                .routes(r -> r.post("/", (req, res) -> res.send(req.bodyBytes())))
                .build()
                .start();
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("POST / HTTP/1.1\nHost: x\nContent-Length: 4\n\nabcd");
            RawClient.Response ok = raw.read();
            assertEquals("abcd", ok.text());
            assertEquals(null, ok.header("Server"));
            raw.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcde");
            assertEquals(413, raw.read().status());
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void settingsGivenInCodeReachTheirExtensions() throws Exception {
        List<Object> seen = new ArrayList<>();
        Server server = Server.builder().discoverExtensions(false)
                .config(java.util.Map.of(
                        "server", java.util.Map.of("host", "127.0.0.1", "port", 0),
                        "greeter", java.util.Map.of("greeting", "Hi", "times", 3, "size", "2KiB",
                                "words", List.of("a", "b"), "nested", java.util.Map.of("on", true))))
                .extension(new Ext("greeter", ctx -> {
                    seen.add(ctx.config().string("greeting", null));
                    seen.add(ctx.config().integer("times", 0));
                    seen.add(ctx.config().size("size", 0));
                    seen.add(ctx.config().strings("words", List.of()));
                    seen.add(ctx.config().section("nested").bool("on", false));
                }))
                .build()
                .start();
        try {
            assertEquals(List.of("Hi", 3, 2048L, List.of("a", "b"), true), seen);
            assertTrue(server.port() > 0, "the server section applied: port 0 on 127.0.0.1");
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
        ConfigException unknown = assertThrows(ConfigException.class, () -> Server.builder()
                .discoverExtensions(false).listen("127.0.0.1", 0)
                .config(java.util.Map.of("greeter", java.util.Map.of("volume", 11)))
                .extension(new Ext("greeter", ctx -> { })).build().start());
        assertTrue(unknown.getMessage().contains("greeter.volume: unknown setting"), unknown.getMessage());
        ConfigException type = assertThrows(ConfigException.class, () -> Server.builder()
                .config(java.util.Map.of("greeter", java.util.Map.of("when", new Object()))));
        assertTrue(type.getMessage().contains("greeter.when"), type.getMessage());
    }

    @Test
    void errorHeadersGoOnTheErrorsWrittenBeforeMiddleware() throws Exception {
        Server server = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false)
                .extension(new Ext("headers", ctx -> {
                    ctx.addErrorHeaders(motor.spi.Headers.of("X-Content-Type-Options", "nosniff"));
                    assertThrows(IllegalArgumentException.class,
                            () -> ctx.addErrorHeaders(motor.spi.Headers.of("connection", "keep-alive")));
                }))
                .build()
                .start();
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n");
            RawClient.Response bad = raw.read();
            assertEquals(400, bad.status());
            assertEquals("nosniff", bad.header("X-Content-Type-Options"));
            assertEquals("close", bad.header("Connection"));
        }
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response notFound = raw.read();
            assertEquals(404, notFound.status());
            assertEquals(null, notFound.header("X-Content-Type-Options"), "middleware's business");
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void aDisabledExtensionsSectionMayStay() throws Exception {
        Server server = Server.builder().discoverExtensions(false)
                .config(java.util.Map.of("server", java.util.Map.of("host", "127.0.0.1", "port", 0,
                                "disabledExtensions", List.of("greeter")),
                        "greeter", java.util.Map.of("greeting", "Hi")))
                .extension(new Ext("greeter", ctx -> {
                    throw new AssertionError("a disabled extension is not installed");
                }))
                .build()
                .start();
        try {
            assertTrue(server.extensions().isEmpty());
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void unknownComplianceNameIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> Server.builder().config("test",
                motor.core.internal.config.Json.parseObject("test", "{\"server\": {\"compliance\": [\"LENIENT\"]}}"),
                new motor.core.internal.config.JsonConfig.Overrides(java.util.Map.of(), name -> null)));
        assertTrue(e.getMessage().contains("unknown tolerance 'LENIENT'"), e.getMessage());
    }

    @Test
    void disabledExtensionsAreLeftOut() throws Exception {
        Server server = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false)
                .extension(new Ext("kept", ctx -> { }))
                .extension(new Ext("dropped", ctx -> {
                    throw new IllegalStateException("must not install");
                }))
                .disableExtension("dropped")
                .build()
                .start();
        assertEquals(List.of("kept"), server.extensions().stream().map(Extension::name).toList());
        server.stop(Duration.ofSeconds(1));
    }
}
