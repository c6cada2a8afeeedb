package motor.ext.proxy;

import java.net.URI;
import java.util.List;
import motor.ext.proxy.internal.Forwarder;
import motor.spi.Handler;
import motor.spi.Request;
import motor.spi.Response;

/**
 * A reverse proxy as a handler: it forwards each request to one of its upstream servers and streams the
 * answer back. Mount it on a route of your own:
 *
 * <pre>{@code
 * Proxy api = Proxy.to(List.of(URI.create("http://10.0.0.5:8080"), URI.create("http://10.0.0.6:8080")),
 *         ProxyOptions.defaults().withStripPrefix("/api"));
 * context.onStop(api);
 * for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
 *     context.routes().add(method, "/api/{rest...}", api);
 * }
 * }</pre>
 *
 * <p>The path and query go upstream byte for byte as the client sent them (minus the stripped prefix);
 * hop-by-hop fields stay behind; {@code X-Forwarded-For}, {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host}, {@code Forwarded} and {@code Via} are added. Failures are answered with 502
 * (connection refused or reset, malformed response), 504 (timeout) or 503 (no upstream available); the
 * message names the upstream by its index ({@code upstream #0}), never its address. A WebSocket
 * handshake is passed to the upstream and, once accepted, the connection is tunnelled to it.
 *
 * <p>A proxy owns an HTTP client, its connections and, with active health checks, a thread: close it
 * when the server stops. It is thread-safe; one instance serves all requests of its routes.
 */
public final class Proxy implements Handler, AutoCloseable {

    private final Forwarder forwarder;

    private Proxy(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    /**
     * Creates a proxy.
     *
     * @param upstreams the upstream servers, such as {@code http://10.0.0.5:8080}; {@code http} or
     *                  {@code https}, with an optional path that forwarded paths are appended to
     * @param options   how to forward
     * @return the proxy
     * @throws IllegalArgumentException if there is no upstream, one is not such a URI, or the weights do
     *                                  not match the upstreams
     * @throws IllegalStateException    if {@code preserveHost} is asked for and the JDK refuses to send
     *                                  {@code Host} (see the documentation)
     */
    public static Proxy to(List<URI> upstreams, ProxyOptions options) {
        return new Proxy(new Forwarder(List.copyOf(upstreams), options));
    }

    /**
     * Creates a proxy with the {@linkplain ProxyOptions#defaults() default options}.
     *
     * @param upstreams the upstream servers
     * @return the proxy
     * @throws IllegalArgumentException as for {@link #to(List, ProxyOptions)}
     */
    public static Proxy to(List<URI> upstreams) {
        return to(upstreams, ProxyOptions.defaults());
    }

    /**
     * Forwards the request to an upstream and relays its response.
     *
     * @param request  the request
     * @param response the response
     * @throws Exception {@link motor.spi.HttpException} 400, 413, 501, 502, 503 or 504, or an
     *                   {@link java.io.IOException} when the client connection fails
     */
    @Override
    public void handle(Request request, Response response) throws Exception {
        forwarder.handle(request, response);
    }

    /**
     * {@return the state of each upstream, in the order they were given}
     */
    public List<UpstreamStatus> upstreams() {
        return forwarder.status();
    }

    /** Stops the health checks and closes the upstream connections; requests in progress fail. */
    @Override
    public void close() {
        forwarder.close();
    }
}
