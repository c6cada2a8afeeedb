package motor.ext.json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import motor.spi.Headers;
import motor.spi.Request;

/**
 * Requests made in memory, for testing the codec without sockets: only what the codec asks of a request
 * (method, headers, body, its length and limit, attributes) is answered; anything else fails the test.
 * The body may arrive one byte per read, as a slow client's would.
 */
final class FakeRequest {

    private FakeRequest() {
    }

    static Request post(String contentType, String body) {
        Headers headers = contentType == null ? new Headers() : Headers.of("Content-Type", contentType);
        return create("POST", headers, body.getBytes(StandardCharsets.UTF_8), false);
    }

    static Request create(String method, Headers headers, byte[] body, boolean trickle) {
        InputStream stream = trickle ? new OneByteAtATime(body) : new ByteArrayInputStream(body);
        Map<String, Object> attributes = new HashMap<>();
        long[] limit = {10 * 1024 * 1024};
        InvocationHandler answers = (proxy, called, arguments) -> switch (called.getName()) {
            case "method" -> method;
            case "headers" -> headers;
            case "body" -> stream;
            case "contentLength" -> trickle ? -1L : (long) body.length;
            case "bodyLimit" -> {
                if (arguments == null) {
                    yield limit[0];
                }
                limit[0] = (Long) arguments[0];
                yield null;
            }
            case "attributes" -> attributes;
            case "toString" -> method + " fake request";
            default -> {
                if (called.isDefault()) {
                    yield InvocationHandler.invokeDefault(proxy, called, arguments);
                }
                throw new UnsupportedOperationException("the fake request does not answer " + called.getName());
            }
        };
        return (Request) Proxy.newProxyInstance(Request.class.getClassLoader(), new Class<?>[] {Request.class}, answers);
    }

    /** Hands out at most one byte per read, and reads whole bodies through that. */
    private static final class OneByteAtATime extends ByteArrayInputStream {
        OneByteAtATime(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1));
        }

        @Override
        public byte[] readNBytes(int len) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] one = new byte[1];
            while (out.size() < len && read(one, 0, 1) > 0) {
                out.write(one[0]);
            }
            return out.toByteArray();
        }
    }
}
