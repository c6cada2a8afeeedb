package motor.ext.http2.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Parameters;
import motor.spi.Request;
import motor.spi.Status;

/**
 * A request received on one HTTP/2 stream. The head was validated by {@link RequestHeaders}; the body
 * streams from the DATA frames the connection's reader buffered for the stream, and reading it opens the
 * flow-control windows again.
 */
final class H2Request implements Request {

    /** The protocol version this side reports. */
    static final String PROTOCOL = motor.ext.http2.Http2Requests.PROTOCOL;

    private final Http2Connection connection;
    private final Stream stream;
    private final RequestHeaders.Head head;
    private final long contentLength;
    private List<String> segments;
    private Parameters query;
    private Map<String, Object> attributes;
    private String id;
    private long bodyLimit;
    private Body body;

    H2Request(Http2Connection connection, Stream stream, RequestHeaders.Head head, boolean bodyless) {
        this.connection = connection;
        this.stream = stream;
        this.head = head;
        this.contentLength = head.contentLength() >= 0 ? head.contentLength() : bodyless ? 0 : -1;
        this.bodyLimit = connection.config.maxBodySize();
    }

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String target() {
        return head.target();
    }

    @Override
    public String path() {
        return head.path();
    }

    @Override
    public List<String> pathSegments() {
        if (segments == null) {
            segments = head.path().startsWith("/") ? Paths.decode(head.path()) : List.of();
        }
        return segments;
    }

    @Override
    public String rawQuery() {
        return head.query();
    }

    @Override
    public Parameters query() {
        if (query == null) {
            query = Parameters.parse(head.query());
        }
        return query;
    }

    @Override
    public String pathParameter(String name) {
        return null;
    }

    @Override
    public Map<String, String> pathParameters() {
        return Map.of();
    }

    @Override
    public Headers headers() {
        return head.headers();
    }

    @Override
    public Headers trailers() {
        Headers trailers = connection.trailers(stream);
        return trailers != null ? trailers : new Headers(1);
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public String scheme() {
        return connection.secure ? "https" : "http";
    }

    @Override
    public javax.net.ssl.SSLSession sslSession() {
        return connection.connection().transport().sslSession();
    }

    @Override
    public String authority() {
        return head.authority();
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.connection().transport().remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return connection.connection().transport().localAddress();
    }

    @Override
    public String listener() {
        return connection.connection().listener();
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public long bodyLimit() {
        return bodyLimit;
    }

    /**
     * {@inheritDoc} Without access to the core's routing, a limit set here can only lower the one in
     * force: the route's limit applies when it is lower than the {@code http2} section's
     * {@code maxBodySize} and what middleware set.
     */
    @Override
    public void bodyLimit(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("body limit must be 0 or more: " + maxBytes);
        }
        if (body != null && body.started) {
            throw new IllegalStateException("the body is already being read");
        }
        bodyLimit = Math.min(bodyLimit, maxBytes);
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
        if (attributes == null) {
            attributes = new HashMap<>(8);
        }
        return attributes;
    }

    @Override
    public String id() {
        if (id == null) {
            id = Long.toString(connection.id(), 36) + "-" + stream.id;
        }
        return id;
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return connection.server().context.service(type);
    }

    @Override
    public String toString() {
        return head.method() + " " + head.target() + " " + PROTOCOL;
    }

    /** The body stream, within the body limit. */
    private final class Body extends InputStream {
        boolean started;
        private long total;
        private final byte[] one = new byte[1];

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (!started) {
                started = true;
                if (contentLength > bodyLimit) {
                    throw tooLarge();
                }
                String expect = head.headers().first("expect");
                if (expect != null && expect.equalsIgnoreCase("100-continue")) {
                    connection.sendContinue(stream); // RFC 9110 10.1.1: the client waits for it
                }
            }
            if (len == 0) {
                return 0;
            }
            int n = connection.readBody(stream, b, off, len);
            if (n > 0) {
                total += n;
                if (total > bodyLimit) {
                    throw tooLarge();
                }
            }
            return n;
        }

        private HttpException tooLarge() {
            return new HttpException(Status.CONTENT_TOO_LARGE, "request body larger than " + bodyLimit + " bytes");
        }
    }
}
