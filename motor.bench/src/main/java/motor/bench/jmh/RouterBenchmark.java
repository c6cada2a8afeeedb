package motor.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import motor.core.internal.http1.PathDecoder;
import motor.core.internal.routing.Router;
import motor.spi.Handler;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.spi.RequestWrapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Router#handle}: from a request (method, decoded path segments) to the handler, through a tree
 * of 21 routes with literals, captures and a wildcard. The request is a stub with its segments decoded
 * beforehand (the server decodes them once per request, outside the router); the handler only keeps
 * the request it got, which for a route with captures is the router's wrapper holding the parameters.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class RouterBenchmark {

    private Router router;
    private Request last;
    private StubRequest plaintext;
    private StubRequest twoCaptures;
    private StubRequest deepCapture;
    private StubRequest wildcard;
    private StubRequest notFound;

    @Setup
    public void setUp() throws Exception {
        router = new Router(10 * 1024 * 1024);
        Handler keep = (request, response) -> last = request;
        String[][] routes = {
                {"GET", "/"}, {"GET", "/plaintext"}, {"GET", "/json"}, {"GET", "/health"},
                {"POST", "/echo"}, {"GET", "/stream"}, {"GET", "/slow"},
                {"GET", "/users"}, {"POST", "/users"}, {"GET", "/users/{id}"}, {"PUT", "/users/{id}"},
                {"DELETE", "/users/{id}"}, {"GET", "/users/{id}/posts"}, {"GET", "/users/{id}/posts/{postId}"},
                {"GET", "/articles/{year}/{slug}"}, {"GET", "/static/{path...}"},
                {"GET", "/api/v1/orders"}, {"GET", "/api/v1/orders/{orderId}"},
                {"GET", "/api/v1/orders/{orderId}/items"}, {"GET", "/api/v1/products/{sku}"},
                {"GET", "/admin/metrics"},
        };
        for (String[] route : routes) {
            router.add(route[0], route[1], keep);
        }
        router.freeze();
        plaintext = new StubRequest("GET", "/plaintext");
        twoCaptures = new StubRequest("GET", "/users/42/posts/7");
        deepCapture = new StubRequest("GET", "/api/v1/orders/1234/items");
        wildcard = new StubRequest("GET", "/static/css/site.css");
        notFound = new StubRequest("GET", "/users/42/likes");
        if (plaintext() != plaintext || !"7".equals(twoCaptures().pathParameter("postId"))
                || !"css/site.css".equals(wildcard().pathParameter("path"))
                || !"1234".equals(deepCapture().pathParameter("orderId")) || notFound() != 404) {
            throw new IllegalStateException("the routes do not match as expected");
        }
    }

    /** A literal route: no parameters, the request goes through as it is. */
    @Benchmark
    public Request plaintext() throws Exception {
        router.handle(plaintext, null);
        return last;
    }

    /** Two captures: the router wraps the request with its parameters. */
    @Benchmark
    public Request twoCaptures() throws Exception {
        router.handle(twoCaptures, null);
        return last;
    }

    /** Five segments, one capture. */
    @Benchmark
    public Request deepCapture() throws Exception {
        router.handle(deepCapture, null);
        return last;
    }

    /** A trailing wildcard over two segments. */
    @Benchmark
    public Request wildcard() throws Exception {
        router.handle(wildcard, null);
        return last;
    }

    /** No route: the router throws the 404 that the connection turns into an error page. */
    @Benchmark
    public int notFound() throws Exception {
        try {
            router.handle(notFound, null);
            return 200;
        } catch (HttpException e) {
            return e.status();
        }
    }

    /** Just what the router reads of a request; anything else fails loudly. */
    static final class StubRequest extends RequestWrapper {
        private final String method;
        private final String path;
        private final List<String> segments;
        private long bodyLimit;

        StubRequest(String method, String path) {
            super(null);
            this.method = method;
            this.path = path;
            this.segments = PathDecoder.decode(path);
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public String target() {
            return path;
        }

        @Override
        public List<String> pathSegments() {
            return segments;
        }

        @Override
        public long contentLength() {
            return 0;
        }

        @Override
        public long bodyLimit() {
            return bodyLimit;
        }

        @Override
        public void bodyLimit(long maxBytes) {
            bodyLimit = maxBytes;
        }
    }
}
