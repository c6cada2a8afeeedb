package motor.ext.auth;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import motor.spi.Headers;
import motor.spi.Parameters;
import motor.spi.PercentCoding;
import motor.spi.Request;

/** A request for unit tests: a path given as decoded segments and some headers, nothing else. */
public final class FakeRequest implements Request {

    private final List<String> segments;
    private final Headers headers;
    private final Map<String, Object> attributes = new HashMap<>();

    private FakeRequest(List<String> segments, Headers headers) {
        this.segments = segments;
        this.headers = headers;
    }

    /**
     * A request for {@code /} with these headers.
     *
     * @param namesAndValues header names and values
     * @return the request
     */
    public static FakeRequest withHeaders(String... namesAndValues) {
        return new FakeRequest(List.of(""), Headers.of(namesAndValues));
    }

    /**
     * A request whose path decodes to these segments; its raw path has every segment percent-encoded, and
     * is {@code *} when there are none.
     *
     * @param segments the decoded segments
     * @return the request
     */
    public static FakeRequest withSegments(String... segments) {
        return new FakeRequest(List.of(segments), new Headers());
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String target() {
        return path();
    }

    @Override
    public String path() {
        if (segments.isEmpty()) {
            return "*";
        }
        return "/" + String.join("/", segments.stream().map(PercentCoding::encode).toList());
    }

    @Override
    public List<String> pathSegments() {
        return segments;
    }

    @Override
    public String rawQuery() {
        return null;
    }

    @Override
    public Parameters query() {
        return Parameters.parse(null);
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
        return headers;
    }

    @Override
    public Headers trailers() {
        return new Headers();
    }

    @Override
    public String protocol() {
        return "HTTP/1.1";
    }

    @Override
    public String scheme() {
        return "http";
    }

    @Override
    public String authority() {
        return "localhost";
    }

    @Override
    public SocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public SocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 8080);
    }

    @Override
    public long contentLength() {
        return 0;
    }

    @Override
    public long bodyLimit() {
        return 0;
    }

    @Override
    public void bodyLimit(long maxBytes) {
    }

    @Override
    public InputStream body() {
        return InputStream.nullInputStream();
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public String id() {
        return "test";
    }
}
