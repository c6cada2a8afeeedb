package motor.core.internal.routing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import motor.core.internal.http1.PathDecoder;
import motor.spi.Headers;
import motor.spi.Parameters;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.transport.Upgrade;

/** A request and a response held in memory, for testing routing without sockets. */
final class Stubs {

    private Stubs() {
    }

    static final class StubRequest implements Request {
        final String method;
        final String path;
        long contentLength;
        long bodyLimit = Long.MAX_VALUE;
        final Map<String, Object> attributes = new HashMap<>();

        StubRequest(String method, String path) {
            this.method = method;
            this.path = path;
        }

        @Override public String method() { return method; }
        @Override public String target() { return path; }
        @Override public String path() { return path; }
        @Override public List<String> pathSegments() { return path.startsWith("/") ? PathDecoder.decode(path) : List.of(); }
        @Override public String rawQuery() { return null; }
        @Override public Parameters query() { return Parameters.empty(); }
        @Override public String pathParameter(String name) { return null; }
        @Override public Map<String, String> pathParameters() { return Map.of(); }
        @Override public Headers headers() { return new Headers(); }
        @Override public Headers trailers() { return new Headers(); }
        @Override public String protocol() { return "HTTP/1.1"; }
        @Override public String scheme() { return "http"; }
        @Override public String authority() { return "test"; }
        @Override public SocketAddress remoteAddress() { return new InetSocketAddress(0); }
        @Override public SocketAddress localAddress() { return new InetSocketAddress(0); }
        @Override public long contentLength() { return contentLength; }
        @Override public long bodyLimit() { return bodyLimit; }
        @Override public void bodyLimit(long maxBytes) { bodyLimit = maxBytes; }
        @Override public InputStream body() { return new ByteArrayInputStream(new byte[0]); }
        @Override public Map<String, Object> attributes() { return attributes; }
        @Override public String id() { return "test-1"; }
    }

    static final class StubResponse implements Response {
        int status = 200;
        final Headers headers = new Headers();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean committed;

        @Override public int status() { return status; }
        @Override public Response status(int status) { this.status = status; return this; }
        @Override public Headers headers() { return headers; }
        @Override public void send(byte[] bytes) { body.writeBytes(bytes); committed = true; }
        @Override public OutputStream output() { committed = true; return body; }
        @Override public void interim(int status, Headers headers) { }
        @Override public boolean committed() { return committed; }
        @Override public void upgrade(Upgrade upgrade) { }

        String text() {
            return body.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
