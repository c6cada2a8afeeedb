package motor.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import motor.core.Server;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Motor server on {@code 127.0.0.1} and a port the system picks, for a test, with a JDK
 * {@link HttpClient} to call it. Two ways to have one:
 *
 * <p>As a JUnit 5 extension, which starts the server before the tests and stops it after: for the whole
 * class when the field is {@code static}, for each test when it is not.
 * <pre>{@code
 * @RegisterExtension
 * static final TestServer server = TestServer.with(builder -> builder
 *         .routes(r -> r.get("/hello", (req, res) -> res.send("hello"))));
 *
 * @Test
 * void hello() throws Exception {
 *     assertEquals("hello", server.get("/hello").body());
 * }
 * }</pre>
 * The setup runs when the server starts, so it may use {@code @TempDir} fields and the like.
 *
 * <p>By hand, for a test that starts servers with different settings:
 * <pre>{@code
 * try (TestServer server = TestServer.start(Server.builder().config(Map.of("gzip", Map.of())))) {
 *     HttpResponse<String> response = server.get("/", "Accept-Encoding", "gzip");
 * }
 * }</pre>
 *
 * <p>Either way the server listens on {@code 127.0.0.1} port 0, besides any listener the builder names;
 * {@link #port()} and {@link #uri(String)} lead to that one. Extensions are discovered as the builder says
 * (by default, from the module path and class path). Requests made through {@link #request(String)},
 * {@link #get} and {@link #send} time out after {@value #TIMEOUT_SECONDS} seconds, so no test waits
 * forever; {@link #close()} stops the server with a {@value #GRACE_SECONDS}-second grace period.
 */
public final class TestServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    /** How long a request made through this class may take, in seconds. */
    public static final int TIMEOUT_SECONDS = 30;
    /** How long requests in progress may run on when the server stops, in seconds. */
    public static final int GRACE_SECONDS = 2;

    private final Consumer<Server.Builder> setup;
    private volatile Server server;
    private volatile HttpClient client;
    private volatile int port;
    /** The JUnit context whose end stops the server, or null when the test manages it. */
    private String startedBy;

    private TestServer(Consumer<Server.Builder> setup) {
        this.setup = setup;
    }

    /**
     * Starts a server now, with the settings of {@code builder} and a listener on {@code 127.0.0.1} port 0.
     * Close it when the test ends (try-with-resources, or an {@code @AfterEach} method).
     *
     * @param builder the server's settings, routes and extensions
     * @return the running server
     * @throws IOException if the listener cannot bind
     * @throws motor.spi.extension.ConfigException if a setting is wrong or unknown
     * @throws IllegalStateException if an extension cannot be installed
     */
    public static TestServer start(Server.Builder builder) throws IOException {
        TestServer test = new TestServer(null);
        test.launch(builder);
        return test;
    }

    /**
     * A server for a JUnit 5 {@code @RegisterExtension} field, started by JUnit: before all tests of the
     * class when the field is static, before each test otherwise; stopped when that scope ends.
     *
     * @param setup what to do to a fresh {@code Server.builder()} before it starts: routes, middleware,
     *              extensions, settings
     * @return the server, not started yet
     */
    public static TestServer with(Consumer<Server.Builder> setup) {
        return new TestServer(Objects.requireNonNull(setup, "setup"));
    }

    /**
     * {@return the running server, for its extensions, event bus or connection count}
     *
     * @throws IllegalStateException if it is not running
     */
    public Server server() {
        Server running = server;
        if (running == null) {
            throw new IllegalStateException("the test server is not running; register it with @RegisterExtension"
                    + " or make it with TestServer.start");
        }
        return running;
    }

    /**
     * {@return the port the server listens on at {@code 127.0.0.1}}
     *
     * @throws IllegalStateException if it is not running
     */
    public int port() {
        server();
        return port;
    }

    /**
     * {@return the URI of a path on this server}
     *
     * @param pathAndQuery a path starting with {@code /}, with an optional query, encoded as it goes on
     *                     the wire
     * @throws IllegalArgumentException if it does not start with {@code /} or is not valid in a URI (send
     *                                  such bytes with {@link #raw()})
     * @throws IllegalStateException    if the server is not running
     */
    public URI uri(String pathAndQuery) {
        if (!pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("a path starts with /: " + pathAndQuery);
        }
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /**
     * {@return the client for this server: HTTP/1.1, connecting within 10 seconds, following no
     * redirects, keeping no cookies} It is closed with the server. Build another with
     * {@code HttpClient.newBuilder()} for cookies, authentication or HTTP/2.
     *
     * @throws IllegalStateException if the server is not running
     */
    public HttpClient client() {
        server();
        return client;
    }

    /**
     * Begins a request to a path on this server, with the time limit set.
     *
     * @param pathAndQuery a path starting with {@code /}, as for {@link #uri(String)}
     * @return a request builder: add a method, headers and a body, then pass it to {@link #send}
     */
    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(TIMEOUT_SECONDS));
    }

    /**
     * Sends a {@code GET} request and reads the body as text.
     *
     * @param pathAndQuery a path starting with {@code /}, as for {@link #uri(String)}
     * @param headers      header names and values in turn, such as {@code "Accept", "text/html"}
     * @return the response, its body decoded with the charset of its {@code Content-Type} (UTF-8 if none)
     * @throws IOException          if the exchange fails or times out
     * @throws InterruptedException if interrupted while waiting
     */
    public HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(pathAndQuery);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /**
     * Sends a request with {@link #client()} and reads the body as text.
     *
     * @param request the request, usually begun with {@link #request(String)}
     * @return the response, its body decoded with the charset of its {@code Content-Type} (UTF-8 if none)
     * @throws IOException          if the exchange fails or times out
     * @throws InterruptedException if interrupted while waiting
     */
    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a request with {@link #client()} and reads the body as {@code bodyHandler} says.
     *
     * @param request     the request, usually begun with {@link #request(String)}
     * @param bodyHandler how to read the body, such as {@code HttpResponse.BodyHandlers.ofByteArray()}
     * @param <T>         the type of the body
     * @return the response
     * @throws IOException          if the exchange fails or times out
     * @throws InterruptedException if interrupted while waiting
     */
    public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> bodyHandler)
            throws IOException, InterruptedException {
        return client().send(request.build(), bodyHandler);
    }

    /**
     * Opens a raw socket to this server, for bytes a client library would not send.
     *
     * @return the connected client; close it
     * @throws IOException if the connection fails
     */
    public RawClient raw() throws IOException {
        return RawClient.connect(port());
    }

    /**
     * Stops the server, letting requests in progress run on for {@value #GRACE_SECONDS} seconds, and closes
     * the client. Calling it again does nothing. A server started by JUnit may be stopped early this way;
     * it is started afresh for the next test or class that needs it.
     */
    @Override
    public void close() {
        Server running = server;
        HttpClient open = client;
        server = null;
        client = null;
        startedBy = null;
        if (running != null) {
            running.stop(Duration.ofSeconds(GRACE_SECONDS));
        }
        if (open != null) {
            open.shutdownNow();
        }
    }

    /**
     * Starts the server for a test class when this is a static {@code @RegisterExtension} field. Called by
     * JUnit.
     *
     * @param context the class's context
     * @throws IOException if the listener cannot bind
     */
    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        startFor(context);
    }

    /**
     * Starts the server for one test when this is an instance {@code @RegisterExtension} field (a static
     * one is running already). Called by JUnit.
     *
     * @param context the test's context
     * @throws IOException if the listener cannot bind
     */
    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        startFor(context);
    }

    /**
     * Stops the server if it was started for this test. Called by JUnit.
     *
     * @param context the test's context
     */
    @Override
    public void afterEach(ExtensionContext context) {
        stopFor(context);
    }

    /**
     * Stops the server if it was started for this class. Called by JUnit.
     *
     * @param context the class's context
     */
    @Override
    public void afterAll(ExtensionContext context) {
        stopFor(context);
    }

    private void startFor(ExtensionContext context) throws IOException {
        if (server != null || setup == null) {
            return; // running already: started for an enclosing scope, or by the test itself
        }
        Server.Builder builder = Server.builder();
        setup.accept(builder);
        launch(builder);
        startedBy = context.getUniqueId();
    }

    private void stopFor(ExtensionContext context) {
        if (startedBy != null && startedBy.equals(context.getUniqueId())) {
            close();
        }
    }

    private void launch(Server.Builder builder) throws IOException {
        Server started = builder.listen("127.0.0.1", 0).build().start();
        // the listener added last is ours, whatever the builder named before it
        List<SocketAddress> addresses = started.addresses();
        port = ((InetSocketAddress) addresses.get(addresses.size() - 1)).getPort();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        server = started;
    }
}
