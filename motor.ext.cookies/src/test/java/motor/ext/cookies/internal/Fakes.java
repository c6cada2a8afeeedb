package motor.ext.cookies.internal;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import motor.spi.Headers;
import motor.spi.Parameters;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;
import motor.spi.transport.Upgrade;

/** Stand-ins for the server's types, for tests without sockets. */
final class Fakes {

    private Fakes() {
    }

    /** A clock that moves only when told. */
    static final class ManualClock implements InstantSource {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    /** A request with headers, attributes and a scheme; nothing else is needed by the cookies code. */
    static final class FakeRequest implements Request {
        private final Headers headers = new Headers();
        private final Map<String, Object> attributes = new HashMap<>();
        private final String scheme;

        FakeRequest(String scheme, String... cookieHeaders) {
            this.scheme = scheme;
            for (String cookie : cookieHeaders) {
                headers.add("Cookie", cookie);
            }
        }

        @Override
        public String method() {
            return "GET";
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
            return scheme;
        }

        @Override
        public String authority() {
            return "example.com";
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
            return "1";
        }
    }

    /** A response that commits on send or output, as the server's does. */
    static final class FakeResponse implements Response {
        private final Headers headers = new Headers();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status = 200;
        private boolean committed;

        @Override
        public int status() {
            return status;
        }

        @Override
        public Response status(int status) {
            if (committed) {
                throw new IllegalStateException("committed");
            }
            this.status = status;
            return this;
        }

        @Override
        public Headers headers() {
            return headers;
        }

        @Override
        public void send(byte[] bytes) {
            committed = true;
            body.writeBytes(bytes);
        }

        @Override
        public OutputStream output() {
            committed = true;
            return body;
        }

        @Override
        public void interim(int status, Headers headers) {
        }

        @Override
        public boolean committed() {
            return committed;
        }

        @Override
        public void upgrade(Upgrade upgrade) {
            committed = true;
        }
    }

    /** A configuration section from a map, reporting wrong types as the server's does. */
    static final class MapConfig implements Config {
        private final String path;
        private final Map<String, Object> values;

        MapConfig(String path, Map<String, ?> values) {
            this.path = path;
            this.values = new LinkedHashMap<>(values);
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public Set<String> keys() {
            return values.keySet();
        }

        @Override
        public boolean has(String key) {
            return values.containsKey(key);
        }

        @Override
        public String string(String key, String defaultValue) {
            Object v = values.get(key);
            return v == null ? defaultValue : v.toString();
        }

        @Override
        public int integer(String key, int defaultValue) {
            Object v = values.get(key);
            return v == null ? defaultValue : ((Number) v).intValue();
        }

        @Override
        public boolean bool(String key, boolean defaultValue) {
            Object v = values.get(key);
            return v == null ? defaultValue : (Boolean) v;
        }

        @Override
        public long size(String key, long defaultValue) {
            Object v = values.get(key);
            return v == null ? defaultValue : ((Number) v).longValue();
        }

        @Override
        public Duration duration(String key, Duration defaultValue) {
            Object v = values.get(key);
            if (v == null) {
                return defaultValue;
            }
            if (v instanceof Duration d) {
                return d;
            }
            throw new ConfigException(path + "." + key, "expected a duration");
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<String> strings(String key, List<String> defaultValue) {
            Object v = values.get(key);
            return v == null ? defaultValue : v instanceof List<?> list ? (List<String>) list : List.of(v.toString());
        }

        @Override
        @SuppressWarnings("unchecked")
        public Config section(String key) {
            Object v = values.get(key);
            return new MapConfig(path + "." + key, v == null ? Map.of() : (Map<String, ?>) v);
        }

        @Override
        public List<Config> sections(String key) {
            return List.of();
        }
    }
}
