package motor.ext.multipart;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import motor.spi.Headers;
import motor.spi.Parameters;
import motor.spi.Request;

/** A request with a body from memory, for tests of the form API without a server. */
final class TestRequest implements Request {

    private final Headers headers = new Headers();
    private final InputStream body;
    private final long contentLength;
    private final Map<String, Object> attributes = new HashMap<>();
    private long bodyLimit = Long.MAX_VALUE;

    TestRequest(String contentType, byte[] body) {
        this(contentType, new ByteArrayInputStream(body), body.length);
    }

    TestRequest(String contentType, InputStream body, long contentLength) {
        if (contentType != null) {
            headers.add("Content-Type", contentType);
        }
        this.body = body;
        this.contentLength = contentLength;
    }

    @Override
    public String method() {
        return "POST";
    }

    @Override
    public String target() {
        return "/form";
    }

    @Override
    public String path() {
        return "/form";
    }

    @Override
    public List<String> pathSegments() {
        return List.of("form");
    }

    @Override
    public String rawQuery() {
        return null;
    }

    @Override
    public Parameters query() {
        return Parameters.empty();
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
        return contentLength;
    }

    @Override
    public long bodyLimit() {
        return bodyLimit;
    }

    @Override
    public void bodyLimit(long maxBytes) {
        bodyLimit = maxBytes;
    }

    @Override
    public InputStream body() {
        return body;
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
