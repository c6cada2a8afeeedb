package motor.test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Method;
import motor.spi.Parameters;
import motor.spi.PercentCoding;
import motor.spi.Request;
import motor.spi.Status;

/**
 * A {@link Request} held in memory, for unit tests of middleware, handlers and body parsers without a
 * socket. It behaves as the server's request does where a test can tell:
 * <ul>
 *   <li>the target is split as the server splits it: {@link #path()} and {@link #rawQuery()} as sent,
 *       {@link #pathSegments()} percent-decoded once with dot segments resolved (400 when that fails),
 *       {@link #query()} decoded (400 for bad encoding), {@link #authority()} from an absolute-form target
 *       or the {@code Host} header;</li>
 *   <li>an HTTP/1.1 request has a {@code Host} header ({@code localhost} unless the test gives one), and
 *       a body comes with its framing header: {@code Content-Length}, or
 *       {@code Transfer-Encoding: chunked} for a body of unknown length;</li>
 *   <li>the body limit is the server's default ({@value #DEFAULT_BODY_LIMIT} bytes) until changed; the
 *       first read of a body whose declared length is over the limit, and the read that passes the limit
 *       in a body of unknown length, throw {@link HttpException} 413; changing the limit once reading has
 *       begun throws {@link IllegalStateException};</li>
 *   <li>a body that ends before its declared length throws {@link HttpException} 400, as a client that
 *       stops sending does; an {@link IOException} from the test's stream passes through, as a reset
 *       connection's does;</li>
 *   <li>{@link #trailers()} are empty until a body of unknown length has been read to its end;</li>
 *   <li>{@link #method()} returns the {@link Method} constant for a standard method.</li>
 * </ul>
 *
 * <pre>{@code
 * TestRequest request = TestRequest.builder("POST", "/orders?dry=1")
 *         .header("Content-Type", "application/json")
 *         .body("{\"item\":\"tea\"}")
 *         .build();
 * TestResponse response = new TestResponse();
 * middleware.handle(request, response, handler);
 * assertEquals(201, response.status());
 * }</pre>
 *
 * <p>Like the server's, an instance belongs to one thread and is not thread-safe.
 */
public final class TestRequest implements Request {

    /** The body limit a request has until one is set: the server's default {@code maxBodySize}, 10 MiB. */
    public static final long DEFAULT_BODY_LIMIT = 10L * 1024 * 1024;

    private static final AtomicLong IDS = new AtomicLong();

    private final String method;
    private final String target;
    private final String path;
    private final String rawQuery;
    private final String authority;
    private final String protocol;
    private final String scheme;
    private final Headers headers;
    private final Headers trailers;
    private final Map<String, String> pathParameters;
    private final SocketAddress remoteAddress;
    private final SocketAddress localAddress;
    private final String listener;
    private final long contentLength;
    private final InputStream source;
    private final int readSize;
    private final Map<String, Object> attributes;
    private final Map<Class<?>, Object> services;
    private final String id;

    private long bodyLimit;
    private List<String> segments;
    private Parameters query;
    private Body body;

    private TestRequest(Builder b, String path, String rawQuery, String targetAuthority, Headers headers) {
        this.method = b.method;
        this.target = b.target;
        this.path = path;
        this.rawQuery = rawQuery;
        this.protocol = b.protocol;
        this.scheme = b.scheme;
        this.headers = headers;
        this.trailers = b.trailers.copy();
        this.pathParameters = Map.copyOf(b.pathParameters);
        this.remoteAddress = b.remoteAddress;
        this.localAddress = b.localAddress;
        this.listener = b.listener;
        this.contentLength = b.contentLength;
        this.source = b.body;
        this.readSize = b.readSize;
        this.attributes = new HashMap<>(b.attributes);
        this.services = Map.copyOf(b.services);
        this.bodyLimit = b.bodyLimit;
        this.id = b.id != null ? b.id : "test-" + IDS.incrementAndGet();
        String host = headers.first("Host");
        this.authority = targetAuthority != null ? targetAuthority : host != null ? host : "";
    }

    /** {@return a builder for {@code GET /} over HTTP/1.1, without a body} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return a builder for a request with this method and target}
     *
     * @param method the method, such as {@code POST}
     * @param target the request-target as a client sends it: a path with an optional query
     *               ({@code /a/b?c=d}), an absolute URI ({@code http://host/a}), {@code *} (with
     *               {@code OPTIONS}) or {@code host:port} (with {@code CONNECT})
     */
    public static Builder builder(String method, String target) {
        return new Builder().method(method).target(target);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public String path() {
        return path;
    }

    /**
     * {@inheritDoc}
     *
     * @throws HttpException 400 if a segment's percent-encoding or UTF-8 is invalid, a segment decodes to
     *                       NUL, or {@code ..} climbs above the root (as the server answers)
     */
    @Override
    public List<String> pathSegments() {
        if (segments == null) {
            segments = path.startsWith("/") ? decodeSegments(path) : List.of();
        }
        return segments;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public Parameters query() {
        if (query == null) {
            query = Parameters.parse(rawQuery);
        }
        return query;
    }

    @Override
    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    @Override
    public Map<String, String> pathParameters() {
        return pathParameters;
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public Headers trailers() {
        return body != null && body.ended && contentLength < 0 ? trailers : new Headers(1);
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String authority() {
        return authority;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public String listener() {
        return listener;
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public long bodyLimit() {
        return bodyLimit;
    }

    @Override
    public void bodyLimit(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("body limit must be 0 or more: " + maxBytes);
        }
        if (body != null && body.started) {
            throw new IllegalStateException("the body is already being read");
        }
        bodyLimit = maxBytes;
    }

    @Override
    public InputStream body() {
        if (body == null) {
            body = new Body();
        }
        return body;
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public <T> java.util.Optional<T> service(Class<T> type) {
        return java.util.Optional.ofNullable(type.cast(services.get(type)));
    }

    @Override
    public String id() {
        return id;
    }

    /** {@return whether reading the body has begun: a read asked for at least one byte of a body} */
    public boolean bodyStarted() {
        return body != null && body.started;
    }

    @Override
    public String toString() {
        return method + " " + target + " " + protocol;
    }

    /**
     * Splits a path at {@code /}, decodes each segment once and resolves {@code .} and {@code ..} after
     * decoding, so that {@code %2e%2e} counts as {@code ..} while an encoded slash stays in its segment.
     */
    private static List<String> decodeSegments(String path) {
        List<String> out = new ArrayList<>();
        boolean endsInDots = false;
        int start = 1;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            String segment = PercentCoding.decode(path.substring(start, end), false);
            endsInDots = segment.equals(".") || segment.equals("..");
            if (segment.equals("..")) {
                if (out.isEmpty()) {
                    throw new HttpException(Status.BAD_REQUEST, "path climbs above the root");
                }
                out.removeLast();
            } else if (!endsInDots) {
                if (segment.indexOf('\0') >= 0) {
                    throw new HttpException(Status.BAD_REQUEST, "NUL in the path");
                }
                out.add(segment);
            }
            start = end + 1;
        }
        if (endsInDots) {
            out.add("");
        }
        return List.copyOf(out);
    }

    /** The body as the handler reads it: the test's stream, within the declared length and the limit. */
    private final class Body extends InputStream {
        private final byte[] one = new byte[1];
        private boolean started;
        private boolean ended;
        private long read;

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (ended || (contentLength >= 0 && read == contentLength)) {
                ended = true;
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (!started) {
                started = true;
                if (contentLength > bodyLimit) {
                    throw tooLarge();
                }
            }
            long want = Math.min(len, readSize);
            if (contentLength >= 0) {
                want = Math.min(want, contentLength - read);
            } else if (read + want > bodyLimit) {
                want = Math.max(1, bodyLimit - read + 1); // one byte past the limit is enough to know
            }
            int n = source.read(b, off, (int) want);
            if (n < 0) {
                ended = true;
                if (contentLength >= 0) {
                    throw new HttpException(Status.BAD_REQUEST, "request body ended before it was complete");
                }
                return -1;
            }
            read += n;
            if (contentLength < 0 && read > bodyLimit) {
                throw tooLarge();
            }
            return n;
        }

        private HttpException tooLarge() {
            return new HttpException(Status.CONTENT_TOO_LARGE, "request body larger than " + bodyLimit + " bytes");
        }
    }

    /**
     * Builds a {@link TestRequest}. Every setting has a default: {@code GET /}, {@code HTTP/1.1},
     * scheme {@code http}, no body, client {@code 127.0.0.1:40000}, server {@code 127.0.0.1:8080}.
     */
    public static final class Builder {
        private String method = Method.GET;
        private String target = "/";
        private String protocol = "HTTP/1.1";
        private String scheme = "http";
        private final Headers headers = new Headers();
        private final Headers trailers = new Headers();
        private final Map<String, String> pathParameters = new LinkedHashMap<>();
        private final Map<String, Object> attributes = new LinkedHashMap<>();
        private final Map<Class<?>, Object> services = new LinkedHashMap<>();
        private SocketAddress remoteAddress = new InetSocketAddress("127.0.0.1", 40000);
        private SocketAddress localAddress = new InetSocketAddress("127.0.0.1", 8080);
        private String listener = "http";
        private InputStream body = InputStream.nullInputStream();
        private long contentLength;
        private boolean hasBody;
        private int readSize = Integer.MAX_VALUE;
        private long bodyLimit = DEFAULT_BODY_LIMIT;
        private String id;

        private Builder() {
        }

        /**
         * Sets the method.
         *
         * @param method a token, such as {@code GET} or {@code PROPFIND}
         * @return this builder
         * @throws IllegalArgumentException if it is not a token
         */
        public Builder method(String method) {
            if (method == null || !Headers.isToken(method)) {
                throw new IllegalArgumentException("a method is a token: " + method);
            }
            this.method = standard(method);
            return this;
        }

        /**
         * Sets the request-target, as a client sends it; it is checked when the request is built.
         *
         * @param target a path with an optional query, an absolute {@code http} or {@code https} URI,
         *               {@code *} or {@code host:port}
         * @return this builder
         */
        public Builder target(String target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * Adds a header field (after those added before, under the same name or not).
         *
         * @param name  the field name
         * @param value the field value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /**
         * Adds header fields.
         *
         * @param namesAndValues names and values in turn, such as {@code "Accept", "text/html"}
         * @return this builder
         * @throws IllegalArgumentException if there is a name without a value
         */
        public Builder headers(String... namesAndValues) {
            headers.addAll(Headers.of(namesAndValues));
            return this;
        }

        /**
         * Sets the body, sent with {@code Content-Length}.
         *
         * @param bytes the body
         * @return this builder
         */
        public Builder body(byte[] bytes) {
            return body(new ByteArrayInputStream(bytes), bytes.length);
        }

        /**
         * Sets the body to text encoded as UTF-8, sent with {@code Content-Length}. The
         * {@code Content-Type}, if any, is the test's to set.
         *
         * @param text the body
         * @return this builder
         */
        public Builder body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Sets the body to a stream, read as the handler reads. Streams that fail or never end are how a
         * test plays a client that breaks off or stalls.
         *
         * @param stream the body
         * @param length the length declared in {@code Content-Length}, or -1 for a body of unknown length
         *               ({@code Transfer-Encoding: chunked}) that ends with the stream
         * @return this builder
         * @throws IllegalArgumentException if the length is below -1
         */
        public Builder body(InputStream stream, long length) {
            if (length < -1) {
                throw new IllegalArgumentException("a body length is -1 (unknown) or more: " + length);
            }
            this.body = Objects.requireNonNull(stream, "stream");
            this.contentLength = length;
            this.hasBody = true;
            return this;
        }

        /**
         * Hands the body out in pieces of at most this many bytes per read, as it arrives from a slow
         * client; {@code 1} exercises a parser at every byte boundary.
         *
         * @param bytes the most one read returns, 1 or more
         * @return this builder
         * @throws IllegalArgumentException if it is below 1
         */
        public Builder readSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("a read size is 1 or more: " + bytes);
            }
            this.readSize = bytes;
            return this;
        }

        /**
         * Adds a trailer field, which {@link TestRequest#trailers()} shows once a body of unknown length
         * has been read to its end.
         *
         * @param name  the field name
         * @param value the field value
         * @return this builder
         */
        public Builder trailer(String name, String value) {
            trailers.add(name, value);
            return this;
        }

        /**
         * Sets the largest body the request may have; see {@link Request#bodyLimit(long)}.
         *
         * @param maxBytes the limit, 0 or more
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder bodyLimit(long maxBytes) {
            if (maxBytes < 0) {
                throw new IllegalArgumentException("body limit must be 0 or more: " + maxBytes);
            }
            this.bodyLimit = maxBytes;
            return this;
        }

        /**
         * Sets the protocol version.
         *
         * @param protocol {@code HTTP/1.1} (the default) or {@code HTTP/1.0}; an HTTP/1.0 request gets no
         *                 {@code Host} header unless the test adds one
         * @return this builder
         * @throws IllegalArgumentException if it is neither
         */
        public Builder protocol(String protocol) {
            if (!"HTTP/1.1".equals(protocol) && !"HTTP/1.0".equals(protocol)) {
                throw new IllegalArgumentException("the protocol is HTTP/1.1 or HTTP/1.0: " + protocol);
            }
            this.protocol = protocol;
            return this;
        }

        /**
         * Sets the scheme, {@code https} for a request that came over TLS.
         *
         * @param scheme {@code http} or {@code https}
         * @return this builder
         * @throws IllegalArgumentException if it is neither
         */
        public Builder scheme(String scheme) {
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("the scheme is http or https: " + scheme);
            }
            this.scheme = scheme;
            return this;
        }

        /**
         * Makes a service available through {@link Request#service}, as an extension's
         * {@code context.provide(type, service)} does on a server.
         *
         * @param type    the type it is found under
         * @param service the service
         * @param <T>     that type
         * @return this builder
         */
        public <T> Builder service(Class<T> type, T service) {
            services.put(Objects.requireNonNull(type, "type"), type.cast(Objects.requireNonNull(service, "service")));
            return this;
        }

        /**
         * Sets the client's address.
         *
         * @param address the address
         * @return this builder
         */
        public Builder remoteAddress(SocketAddress address) {
            this.remoteAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Sets the name of the listener the request arrived on; {@code "http"} unless set.
         *
         * @param name the listener's name
         * @return this builder
         */
        public Builder listener(String name) {
            this.listener = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the local address the request arrived on.
         *
         * @param address the address
         * @return this builder
         */
        public Builder localAddress(SocketAddress address) {
            this.localAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Sets a value that the route's path template captured, as the router does before a handler runs.
         *
         * @param name  the name in the template
         * @param value the captured value, decoded
         * @return this builder
         */
        public Builder pathParameter(String name, String value) {
            pathParameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets an attribute, as middleware that ran before would have.
         *
         * @param name  the name
         * @param value the value
         * @return this builder
         */
        public Builder attribute(String name, Object value) {
            attributes.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /**
         * Sets the request's identifier; by default each request gets {@code test-} and a number.
         *
         * @param id the identifier
         * @return this builder
         */
        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * Builds the request. The builder may be used again; requests built from it do not share state,
         * except the body stream.
         *
         * @return the request
         * @throws IllegalArgumentException if the target is malformed or does not suit the method, or a
         *                                  framing header given by hand contradicts the body
         */
        public TestRequest build() {
            String path;
            String query = null;
            String targetAuthority = null;
            checkCharacters(target);
            if (target.startsWith("/")) {
                if (method.equals(Method.CONNECT)) {
                    throw new IllegalArgumentException("CONNECT needs a host:port target");
                }
                int q = target.indexOf('?');
                path = q < 0 ? target : target.substring(0, q);
                query = q < 0 ? null : target.substring(q + 1);
            } else if (target.equals("*")) {
                if (!method.equals(Method.OPTIONS)) {
                    throw new IllegalArgumentException("the asterisk-form target is only for OPTIONS");
                }
                path = "*";
            } else if (method.equals(Method.CONNECT)) {
                int colon = target.lastIndexOf(':');
                if (colon <= 0 || colon == target.length() - 1 || target.indexOf('/') >= 0) {
                    throw new IllegalArgumentException("CONNECT needs a host:port target: " + target);
                }
                path = "";
                targetAuthority = target;
            } else {
                int colon = target.indexOf("://");
                String targetScheme = colon < 0 ? "" : target.substring(0, colon);
                if (!targetScheme.equalsIgnoreCase("http") && !targetScheme.equalsIgnoreCase("https")) {
                    throw new IllegalArgumentException("a target is a path, an http(s) URI, * or host:port: "
                            + target);
                }
                int end = colon + 3;
                while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
                    end++;
                }
                targetAuthority = target.substring(colon + 3, end);
                if (targetAuthority.isEmpty()) {
                    throw new IllegalArgumentException("an absolute-form target needs a host: " + target);
                }
                String rest = target.substring(end);
                int q = rest.indexOf('?');
                path = q < 0 ? rest : rest.substring(0, q);
                path = path.isEmpty() ? "/" : path;
                query = q < 0 ? null : rest.substring(q + 1);
            }
            Headers all = headers.copy();
            if (protocol.equals("HTTP/1.1") && !all.contains("Host")) {
                all.add("Host", targetAuthority != null ? targetAuthority : "localhost");
            }
            frame(all);
            return new TestRequest(this, path, query, targetAuthority, all);
        }

        /** Adds the framing header the body implies, unless the test gave one that agrees with it. */
        private void frame(Headers all) {
            String length = all.first("Content-Length");
            boolean chunked = all.contains("Transfer-Encoding");
            if (contentLength >= 0 && chunked) {
                throw new IllegalArgumentException("Transfer-Encoding given with a body of known length; use"
                        + " body(stream, -1)");
            }
            if (contentLength < 0 && length != null) {
                throw new IllegalArgumentException("Content-Length given with a body of unknown length");
            }
            if (length != null && !length.equals(Long.toString(contentLength))) {
                throw new IllegalArgumentException("Content-Length " + length + " given for a body of "
                        + contentLength + " bytes; body(...) sets it");
            }
            if (contentLength < 0 && !chunked) {
                all.add("Transfer-Encoding", "chunked");
            } else if (hasBody && contentLength >= 0 && length == null) {
                all.add("Content-Length", Long.toString(contentLength));
            }
        }

        /** Refuses what no parsed request-target holds: controls, spaces, non-ASCII, broken escapes. */
        private static void checkCharacters(String target) {
            if (target.isEmpty()) {
                throw new IllegalArgumentException("empty request-target");
            }
            for (int i = 0; i < target.length(); i++) {
                char c = target.charAt(i);
                if (c <= ' ' || c >= 0x7f || c == '#' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^'
                        || c == '`' || c == '{' || c == '|' || c == '}') {
                    throw new IllegalArgumentException("character " + (int) c + " cannot be in a request-target"
                            + " (percent-encode it): " + target);
                }
                if (c == '%' && (i + 2 >= target.length() || PercentCoding.hex(target.charAt(i + 1)) < 0
                        || PercentCoding.hex(target.charAt(i + 2)) < 0)) {
                    throw new IllegalArgumentException("invalid percent-encoding in the request-target: " + target);
                }
            }
        }

        /** The {@link Method} constant for a standard method, so that identity comparisons work. */
        private static String standard(String method) {
            return switch (method) {
                case Method.GET -> Method.GET;
                case Method.HEAD -> Method.HEAD;
                case Method.POST -> Method.POST;
                case Method.PUT -> Method.PUT;
                case Method.DELETE -> Method.DELETE;
                case Method.CONNECT -> Method.CONNECT;
                case Method.OPTIONS -> Method.OPTIONS;
                case Method.TRACE -> Method.TRACE;
                case Method.PATCH -> Method.PATCH;
                default -> method;
            };
        }
    }
}
