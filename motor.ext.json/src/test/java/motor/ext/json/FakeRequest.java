package motor.ext.json;

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

/**
 * A request made in memory, for testing the codec without sockets. Its body may arrive one byte per
 * read, as a slow client's would.
 */
final class FakeRequest implements Request {

    private final String method;
    private final Headers headers;
    private final InputStream body;
    private final long contentLength;
    private final Map<String, Object> attributes = new HashMap<>();
    private long bodyLimit = 10 * 1024 * 1024;

    FakeRequest(String method, Headers headers, byte[] body, boolean trickle) {
        this.method = method;
        this.headers = headers;
        this.contentLength = trickle ? -1 : body.length;
        this.body = trickle ? new OneByteAtATime(body) : new ByteArrayInputStream(body);
    }

    static FakeRequest post(String contentType, String body) {
        Headers headers = contentType == null ? new Headers() : Headers.of("Content-Type", contentType);
        return new FakeRequest("POST", headers, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
    }

    /** Hands out at most one byte per read. */
    private static final class OneByteAtATime extends ByteArrayInputStream {
        OneByteAtATime(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1));
        }

        @Override
        public byte[] readNBytes(int len) throws java.io.IOException {
            // InputStream's loop over read(byte[], int, int), not ByteArrayInputStream's shortcut
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] one = new byte[1];
            while (out.size() < len) {
                int n = read(one, 0, 1);
                if (n < 0) {
                    break;
                }
                out.write(one, 0, n);
            }
            return out.toByteArray();
        }
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String target() {
        return "/";
    }

    @Override
    public String path() {
        return "/";
    }

    @Override
    public List<String> pathSegments() {
        return List.of("");
    }

    @Override
    public String rawQuery() {
        return null;
    }

    @Override
    public Parameters query() {
        throw new UnsupportedOperationException();
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
        return new InetSocketAddress("127.0.0.1", 1);
    }

    @Override
    public SocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 2);
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
