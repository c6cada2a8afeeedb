package motor.ext.proxy.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import motor.ext.proxy.ProxyOptions;
import motor.ext.proxy.UpstreamStatus;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Method;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards requests to a set of upstreams through the JDK's HTTP client and relays the answers.
 *
 * <pre>
 *  pick upstream ──► send head (+ stream client body) ──► response head ──► relay body ──► done
 *       │ none: 503          │ refused/reset/malformed: 502   │ status, fields     │ upstream fails: cut
 *       │                    │ timeout: 504                   │ minus hop-by-hop   │ client gone: cancel
 *       └──── retry on another upstream (idempotent, no body byte sent) ◄┘
 * </pre>
 *
 * <p>One exchange runs on the client connection's virtual thread, which blocks until the upstream's
 * response head arrives and then copies the body, flushing whenever the upstream has nothing more ready,
 * so a stream (server-sent events, say) reaches the client as it is produced. The request body is read by
 * the HTTP client on a virtual thread of its own while the handler waits.
 *
 * <p>Error messages name the upstream by its index in the list ({@code upstream #1}), never its address.
 */
public final class Forwarder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    private static final int COPY_BUFFER = 16 * 1024;
    private static final Set<String> IDEMPOTENT = Set.of(Method.GET, Method.HEAD, Method.OPTIONS, Method.PUT,
            Method.DELETE, Method.TRACE);

    /** The attribute in which the {@code forwarded} extension keeps the connection's peer (see its API). */
    static final String FORWARDED_PEER = "motor.forwarded.peer";

    private final ProxyOptions options;
    private final Balancer balancer;
    private final ExecutorService executor;
    private final HttpClient client;
    private final LongSupplier clock;
    private final HealthChecker checker;

    /**
     * Creates a forwarder.
     *
     * @param upstreams the upstreams' URIs: {@code http} or {@code https}, a host, optionally a port and a
     *                  path; no query, fragment or user information
     * @param options   the options
     * @throws IllegalArgumentException if an upstream or the weights are wrong
     * @throws IllegalStateException    if {@code preserveHost} is asked for and the JDK refuses to send
     *                                  {@code Host}
     */
    public Forwarder(List<URI> upstreams, ProxyOptions options) {
        this(upstreams, options, System::nanoTime);
    }

    Forwarder(List<URI> upstreams, ProxyOptions options, LongSupplier clock) {
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("at least one upstream is needed");
        }
        if (!options.weights().isEmpty() && options.weights().size() != upstreams.size()) {
            throw new IllegalArgumentException("there are " + options.weights().size() + " weights for "
                    + upstreams.size() + " upstreams: give one weight per upstream or none");
        }
        List<Upstream> list = new ArrayList<>(upstreams.size());
        for (int i = 0; i < upstreams.size(); i++) {
            URI uri = checkUpstream(upstreams.get(i));
            list.add(new Upstream(i, uri, options.weights().isEmpty() ? 1 : options.weights().get(i)));
        }
        if (options.preserveHost()) {
            HostHeader.ensureAllowed();
        }
        this.options = options;
        this.clock = clock;
        this.balancer = new Balancer(options.balance(), list, clock);
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("motor-proxy-", 0).factory());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(options.connectTimeout())
                .executor(executor)
                .build();
        this.checker = options.healthCheck() == null ? null
                : new HealthChecker(client, balancer.upstreams(), options.healthCheck());
    }

    /**
     * Checks an upstream URI.
     *
     * @param uri the URI
     * @return the URI
     * @throws IllegalArgumentException if it is not an http(s) URI with a host and nothing else
     */
    public static URI checkUpstream(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("an upstream must be an http:// or https:// URI");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("an upstream names a host, an optional port and an optional path,"
                    + " without user information, query or fragment");
        }
        return uri;
    }

    /**
     * Forwards one exchange.
     *
     * @param request  the client's request
     * @param response the client's response
     * @throws IOException   if the client connection fails
     * @throws HttpException 400, 413, 501, 502, 503 or 504 as described in the class documentation
     */
    public void handle(Request request, Response response) throws IOException {
        if (request.method().equals(Method.CONNECT)) {
            throw new HttpException(Status.NOT_IMPLEMENTED, "CONNECT cannot be proxied");
        }
        String rawPath = request.path();
        if (!rawPath.startsWith("/")) {
            throw new HttpException(Status.BAD_REQUEST, "only origin-form request targets can be proxied");
        }
        if (Targets.hasDotSegment(rawPath)) {
            throw new HttpException(Status.BAD_REQUEST, "a path with . or .. segments cannot be proxied");
        }
        String path = Targets.forwardPath(rawPath, options.stripPrefix());
        // an upgrade request lists "upgrade" in Connection (RFC 9110 section 7.8, RFC 6455 section 4.1),
        // and Upgrade in an HTTP/1.0 request is ignored; otherwise Upgrade is an ordinary hop-by-hop field
        // and is dropped: a front end that sees no upgrade goes on sending HTTP on this connection, which
        // must not reach a tunnel
        if (request.headers().containsToken("Upgrade", "websocket")
                && request.headers().containsToken("Connection", "upgrade") && !request.protocol().equals("HTTP/1.0")) {
            webSocket(request, response, path);
            return;
        }
        if (options.maxBodySize() >= 0) {
            try {
                request.bodyLimit(options.maxBodySize());
            } catch (IllegalStateException e) {
                // earlier middleware began reading the body: the limit in force stays
            }
        }
        long declared = request.contentLength();
        if (declared > request.bodyLimit()) {
            throw new HttpException(Status.CONTENT_TOO_LARGE,
                    "the request body is larger than " + request.bodyLimit() + " bytes");
        }
        Headers fields = HeaderRules.requestFields(request.headers(), peer(request), request.scheme(),
                request.authority(), request.protocol(), options.preserveHost());
        if (maxForwardsReached(request, response, fields)) {
            return;
        }
        ClientBody body = declared != 0 ? new ClientBody(request.body()) : null;
        try {
            forward(request, response, path, fields, body, declared);
        } finally {
            if (body != null) {
                body.detach();
            }
        }
    }

    /** Tries the upstreams in turn, as the retry rules allow, and relays the first answer. */
    private void forward(Request request, Response response, String path, Headers fields, ClientBody body,
            long declared) throws IOException {
        boolean idempotent = IDEMPOTENT.contains(request.method());
        Set<Upstream> tried = new HashSet<>(4);
        HttpException last = null;
        for (int attempt = 0; ; attempt++) {
            Upstream upstream = balancer.pick(request.remoteAddress(), tried);
            if (upstream == null) {
                if (last != null) {
                    throw last;
                }
                throw new HttpException(Status.SERVICE_UNAVAILABLE, "no upstream is available");
            }
            tried.add(upstream);
            upstream.inFlight.incrementAndGet();
            try {
                HttpRequest outgoing = upstreamRequest(upstream, request, path, fields, body, declared);
                HttpResponse<UpstreamBody> answer;
                try {
                    answer = send(outgoing, body);
                } catch (IOException e) {
                    rethrowClientFailure(body);
                    last = upstreamFailure(upstream, e);
                    if (attempt < options.retries() && idempotent && retriable(e, body)) {
                        LOG.debug("request {}: retrying {} after {} failed: {}", request.id(), request.method(),
                                upstream, e.toString());
                        continue;
                    }
                    throw last;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the upstream");
                }
                upstream.succeeded();
                relay(upstream, request, answer, response);
                return;
            } finally {
                upstream.inFlight.decrementAndGet();
            }
        }
    }

    /**
     * Applies {@code Max-Forwards} to {@code OPTIONS} and {@code TRACE} (RFC 9110 section 7.6.2): at 0 the
     * proxy answers as the final recipient, otherwise the forwarded value is one less.
     *
     * @return whether the request was answered here
     */
    private static boolean maxForwardsReached(Request request, Response response, Headers fields) throws IOException {
        String method = request.method();
        String value = request.header("Max-Forwards");
        if (value == null || !method.equals(Method.OPTIONS) && !method.equals(Method.TRACE)) {
            return false;
        }
        long hops = 0;
        String digits = value.strip();
        if (digits.isEmpty() || digits.length() > 18 || request.headers().count("Max-Forwards") > 1) {
            throw new HttpException(Status.BAD_REQUEST, "Max-Forwards must be one number");
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new HttpException(Status.BAD_REQUEST, "Max-Forwards must be one number");
            }
            hops = hops * 10 + (c - '0');
        }
        if (hops > 0) {
            fields.set("Max-Forwards", Long.toString(Math.min(hops - 1, Integer.MAX_VALUE)));
            return false;
        }
        if (method.equals(Method.TRACE)) {
            // echoing the request back (cookies and credentials included) is what TRACE would do: refuse
            throw new HttpException(Status.NOT_IMPLEMENTED, "TRACE is not answered by the proxy");
        }
        response.headers().set("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        response.status(Status.OK).send(new byte[0]);
        return true;
    }

    /** Passes a WebSocket handshake to an upstream and, once it is accepted, the connection; see {@link Tunnel}. */
    private void webSocket(Request request, Response response, String path) throws IOException {
        if (!request.method().equals(Method.GET) || !request.protocol().equals("HTTP/1.1")) {
            throw new HttpException(Status.NOT_IMPLEMENTED, "a WebSocket handshake is proxied as an HTTP/1.1 GET only");
        }
        if (request.contentLength() != 0) {
            throw new HttpException(Status.BAD_REQUEST, "a WebSocket handshake has no body");
        }
        Headers fields = HeaderRules.requestFields(request.headers(), peer(request), request.scheme(),
                request.authority(), request.protocol(), options.preserveHost());
        Set<Upstream> tried = new HashSet<>(4);
        HttpException last = null;
        for (int attempt = 0; ; attempt++) {
            Upstream upstream = balancer.pick(request.remoteAddress(), tried);
            if (upstream == null) {
                throw last != null ? last : new HttpException(Status.SERVICE_UNAVAILABLE, "no upstream is available");
            }
            tried.add(upstream);
            upstream.inFlight.incrementAndGet();
            try {
                URI uri;
                try {
                    uri = Targets.upstreamUri(upstream.origin, upstream.basePath, path, request.rawQuery());
                } catch (IllegalArgumentException e) {
                    throw new HttpException(Status.BAD_REQUEST, "the request-target cannot be forwarded");
                }
                String target = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
                Socket socket;
                try {
                    socket = Tunnel.handshake(upstream, target, fields, options.connectTimeout());
                } catch (IOException e) {
                    last = upstreamFailure(upstream, e);
                    if (attempt < options.retries()) {
                        continue;
                    }
                    throw last;
                }
                try {
                    Tunnel.answer(upstream, socket, response, options.responseTimeout(), options.idleTimeout());
                } catch (Tunnel.NotAccepted e) {
                    upstream.succeeded(); // a well-formed answer: the upstream works
                    throw e;
                } catch (HttpException e) {
                    upstream.failed(clock.getAsLong(), options.maxFailures(), options.cooldown().toNanos());
                    throw e;
                }
                upstream.succeeded();
                return;
            } finally {
                upstream.inFlight.decrementAndGet();
            }
        }
    }

    /**
     * The address this request came from over the network. When the {@code forwarded} extension replaced
     * the client address with the one a trusted proxy reported, it keeps the connection's own peer under
     * {@link #FORWARDED_PEER}: that peer is the hop to append to {@code X-Forwarded-For}, since the chain
     * already names the client.
     */
    static SocketAddress peer(Request request) {
        return request.attributes().get(FORWARDED_PEER) instanceof SocketAddress peer ? peer
                : request.remoteAddress();
    }

    /**
     * Sends the request and waits for the response head. The response timeout runs from the end of the
     * request body, so that a large upload is not cut by it; while the body is still going up, the wait
     * ends only if the upload makes no progress for a whole timeout (an upstream that stopped reading).
     * The JDK's client reports some malformed heads (a {@code Content-Length} that is not a number, say)
     * with unchecked exceptions: they are upstream failures like any other.
     */
    private HttpResponse<UpstreamBody> send(HttpRequest outgoing, ClientBody body)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<UpstreamBody>> answer = client.sendAsync(outgoing,
                info -> new UpstreamBody(options.idleTimeout().toNanos()));
        long timeout = options.responseTimeout().toNanos();
        try {
            if (body != null) {
                long seen = body.bytesRead();
                while (!body.finished().isDone() && !answer.isDone()) {
                    try {
                        CompletableFuture.anyOf(answer, body.finished()).get(timeout, TimeUnit.NANOSECONDS);
                    } catch (TimeoutException e) {
                        if (body.bytesRead() == seen) {
                            throw e;
                        }
                        seen = body.bytesRead();
                    }
                }
            }
            return answer.get(timeout, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("no response head within the response timeout");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("the upstream response could not be parsed", cause);
        }
    }

    /** Builds the upstream request; a field the JDK will not send is the client's error. */
    private HttpRequest upstreamRequest(Upstream upstream, Request request, String path, Headers fields,
            ClientBody body, long declared) {
        URI uri;
        try {
            uri = Targets.upstreamUri(upstream.origin, upstream.basePath, path, request.rawQuery());
        } catch (IllegalArgumentException e) {
            throw new HttpException(Status.BAD_REQUEST, "the request-target cannot be forwarded");
        }
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else if (declared > 0) {
            publisher = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body),
                    declared);
        } else {
            publisher = HttpRequest.BodyPublishers.ofInputStream(() -> body);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).expectContinue(false);
        try {
            // the JDK adds "Content-Length: 0" to a body-less request unless it comes from these three
            switch (body == null ? request.method() : "") {
                case Method.GET -> builder.GET();
                case Method.HEAD -> builder.HEAD();
                case Method.DELETE -> builder.DELETE();
                default -> builder.method(request.method(), publisher);
            }
        } catch (IllegalArgumentException e) {
            throw new HttpException(Status.NOT_IMPLEMENTED, "this method cannot be proxied");
        }
        for (Headers.Field field : fields) {
            try {
                builder.header(field.name(), field.value());
            } catch (IllegalArgumentException e) {
                throw new HttpException(Status.BAD_REQUEST, "a request header field cannot be forwarded");
            }
        }
        return builder.build();
    }

    /** A failure of the client's own body wins over the upstream failure it caused. */
    private static void rethrowClientFailure(ClientBody body) throws IOException {
        Exception failure = body == null ? null : body.failure();
        if (failure instanceof HttpException e) {
            throw e;
        }
        if (failure instanceof IOException e) {
            throw e;
        }
    }

    /**
     * Whether a failed attempt may be repeated on another upstream: not after a response timeout (the
     * upstream may still be working on it), and with a body only when the connection was never made, since
     * then not one byte of it was read.
     */
    private static boolean retriable(IOException e, ClientBody body) {
        boolean notConnected = e instanceof HttpConnectTimeoutException || causedBy(e, ConnectException.class);
        if (body != null) {
            return notConnected && body.bytesRead() == 0;
        }
        return notConnected || !(e instanceof HttpTimeoutException);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Records an upstream's failure before its response head and says what the client gets. */
    private HttpException upstreamFailure(Upstream upstream, IOException e) {
        if (upstream.failed(clock.getAsLong(), options.maxFailures(), options.cooldown().toNanos())) {
            LOG.warn("proxy {} ({}) is taken out for {} after {} failures in a row", upstream, upstream.uri,
                    options.cooldown(), options.maxFailures());
        }
        LOG.debug("proxy {} ({}) failed: {}", upstream, upstream.uri, e.toString());
        if (e instanceof HttpConnectTimeoutException || e instanceof SocketTimeoutException) {
            return new HttpException(Status.GATEWAY_TIMEOUT, upstream + " could not be connected to in time");
        }
        if (e instanceof HttpTimeoutException) {
            return new HttpException(Status.GATEWAY_TIMEOUT, upstream + " did not answer in time");
        }
        if (causedBy(e, ConnectException.class)) {
            return new HttpException(Status.BAD_GATEWAY, upstream + " refused the connection");
        }
        return new HttpException(Status.BAD_GATEWAY,
                upstream + " closed the connection or sent a malformed response");
    }

    /** Sends the upstream's response to the client, the body as it arrives. */
    private void relay(Upstream upstream, Request request, HttpResponse<UpstreamBody> answer, Response response)
            throws IOException {
        try (UpstreamBody in = answer.body()) {
            int status = answer.statusCode();
            if (status < 200 || status > 599) {
                throw new HttpException(Status.BAD_GATEWAY, upstream + " answered with an unusable status");
            }
            HttpHeaders upstreamFields = answer.headers();
            Set<String> connectionOptions = HeaderRules.connectionOptions(upstreamFields.allValues("Connection"));
            Headers out = response.headers();
            try {
                for (Map.Entry<String, List<String>> field : upstreamFields.map().entrySet()) {
                    String lower = field.getKey().toLowerCase(Locale.ROOT);
                    if (HeaderRules.forwardResponseField(lower, connectionOptions)) {
                        String name = HeaderRules.usualSpelling(lower);
                        for (String value : field.getValue()) {
                            out.add(name, value);
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new HttpException(Status.BAD_GATEWAY, upstream + " sent a malformed header field");
            }
            out.add("Via", HeaderRules.append(upstreamFields.allValues("Via"), "1.1 motor"));
            boolean chunked = upstreamFields.firstValue("Transfer-Encoding").isPresent();
            List<String> lengths = upstreamFields.allValues("Content-Length");
            if (lengths.size() > 1 && lengths.stream().distinct().count() > 1 && !chunked) {
                // RFC 9112 section 6.3: differing lengths make the framing unknowable; never guess
                throw new HttpException(Status.BAD_GATEWAY, upstream + " sent conflicting Content-Length fields");
            }
            OptionalLong length = upstreamFields.firstValueAsLong("Content-Length");
            if (length.isPresent() && !chunked && length.getAsLong() >= 0) {
                out.set("Content-Length", Long.toString(length.getAsLong()));
            }
            response.status(status);
            copy(upstream, in, response);
        } catch (NumberFormatException e) {
            throw new HttpException(Status.BAD_GATEWAY, upstream + " sent a malformed Content-Length");
        }
    }

    private void copy(Upstream upstream, UpstreamBody in, Response response) throws IOException {
        OutputStream out = response.output();
        byte[] buffer = new byte[COPY_BUFFER];
        while (true) {
            int n;
            boolean more;
            try {
                n = in.read(buffer, 0, buffer.length);
                more = n > 0 && in.ready();
            } catch (IOException e) {
                LOG.debug("proxy {} ({}): the response body failed: {}", upstream, upstream.uri, e.toString());
                if (response.committed()) {
                    throw e; // the head is out: the server cuts the response short and closes
                }
                throw e instanceof UpstreamBody.IdleTimeout
                        ? new HttpException(Status.GATEWAY_TIMEOUT, upstream + " stopped sending its response")
                        : new HttpException(Status.BAD_GATEWAY, upstream + " sent a malformed response body");
            }
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            if (!more) {
                out.flush();
            }
        }
        out.close();
    }

    /**
     * {@return the state of each upstream, in order}
     */
    public List<UpstreamStatus> status() {
        long now = clock.getAsLong();
        List<UpstreamStatus> states = new ArrayList<>(balancer.upstreams().size());
        for (Upstream upstream : balancer.upstreams()) {
            states.add(new UpstreamStatus(upstream.uri, upstream.available(now), upstream.inFlight.get()));
        }
        return List.copyOf(states);
    }

    @Override
    public void close() {
        if (checker != null) {
            checker.close();
        }
        client.shutdownNow();
        executor.shutdownNow();
    }
}
