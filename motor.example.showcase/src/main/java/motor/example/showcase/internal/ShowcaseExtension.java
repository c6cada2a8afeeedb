package motor.example.showcase.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import motor.ext.staticfiles.StaticFiles;
import motor.spi.HttpException;
import motor.spi.Method;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Routes;
import motor.spi.Status;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The showcase routes:
 * <ul>
 *   <li>{@code GET /plaintext}: {@code Hello, World!} as text/plain;</li>
 *   <li>{@code GET /json}: {@code {"message":"Hello, World!"}}, serialized with Jackson per request;</li>
 *   <li>{@code POST|PUT|PATCH /echo}: the request body back, with its Content-Type; 413 above 1 MiB;</li>
 *   <li>{@code GET /stream?chunks=N&size=S}: N pieces of S bytes of {@code x}, each flushed on its own,
 *       about 10 ms apart;</li>
 *   <li>{@code GET /slow?ms=M}: {@code done} after M milliseconds;</li>
 *   <li>{@code GET /health}: {@code {"status":"UP"}};</li>
 *   <li>the routes of {@link FeatureRoutes}, which exercise the everyday extensions;</li>
 *   <li>the routes of {@link RealtimeRoutes}: server-sent events, a WebSocket echo and a page using both;</li>
 *   <li>{@code GET /cache/slow}: an answer that takes half a second to make and may be cached for ten
 *       (the distribution's {@code cache} section covers {@code /cache/});</li>
 *   <li>{@code GET /static/...}: the files of the directory named by the {@code showcase.docroot}
 *       setting, when it is set (relative to the server's base directory).</li>
 * </ul>
 */
public final class ShowcaseExtension implements Extension {

    /** The largest body /echo accepts. */
    static final long ECHO_LIMIT = 1024 * 1024;
    static final int MAX_CHUNKS = 10_000;
    static final int MAX_CHUNK_SIZE = 1024 * 1024;
    static final int MAX_SLOW_MILLIS = 60_000;
    static final long STREAM_PAUSE_MILLIS = 10;
    static final long CACHEABLE_MILLIS = 500;

    private static final byte[] HELLO = "Hello, World!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final String JSON = "application/json";

    /**
     * Jackson's writers, made when first used: a server that is never asked for JSON does not pay for
     * Jackson at startup (the holder class is initialised on first access, once, thread-safely).
     */
    private static final class Writers {
        private static final ObjectMapper MAPPER = new ObjectMapper();
        static final ObjectWriter MESSAGE = MAPPER.writerFor(Message.class);
        static final ObjectWriter HEALTH = MAPPER.writerFor(Health.class);
    }

    /** The body of /json. */
    public record Message(String message) {
    }

    /** The body of /health. */
    public record Health(String status) {
    }

    @Override
    public String name() {
        return "showcase";
    }

    @Override
    public void install(ExtensionContext context) {
        Routes routes = context.routes();
        routes.get("/plaintext", this::plaintext);
        routes.get("/json", this::json);
        for (String method : new String[] {Method.POST, Method.PUT, Method.PATCH}) {
            routes.add(method, "/echo", this::echo).maxBodySize(ECHO_LIMIT);
        }
        routes.get("/stream", this::stream);
        routes.get("/slow", this::slow);
        routes.get("/health", this::health);
        routes.get("/cache/slow", this::cacheable);
        FeatureRoutes.install(context);
        RealtimeRoutes.install(routes);
        String docroot = context.config().string("docroot", null);
        if (docroot != null) {
            Path root = context.baseDirectory().resolve(docroot).normalize();
            if (!Files.isDirectory(root)) {
                throw new ConfigException("showcase.docroot", "an existing directory; " + root + " is none");
            }
            routes.get("/static/{path...}", StaticFiles.directory(root)
                    .cacheControl("assets/**", "public, max-age=31536000, immutable")
                    .cacheControl("*.html", "no-cache")
                    .build());
        }
    }

    /** Slow to make, so worth caching: it says when it was made, which shows whether a copy was served. */
    private void cacheable(Request request, Response response) throws IOException, InterruptedException {
        Thread.sleep(CACHEABLE_MILLIS);
        response.headers().set("Cache-Control", "public, max-age=10");
        response.send("made at " + Instant.now() + "\n");
    }

    private void plaintext(Request request, Response response) throws IOException {
        response.headers().set("Content-Type", "text/plain");
        response.send(HELLO);
    }

    private void json(Request request, Response response) throws IOException {
        response.headers().set("Content-Type", JSON);
        response.send(Writers.MESSAGE.writeValueAsBytes(new Message("Hello, World!")));
    }

    private void echo(Request request, Response response) throws IOException {
        String type = request.header("Content-Type");
        if (type != null) {
            response.headers().set("Content-Type", type);
        }
        response.send(request.bodyBytes());
    }

    private void stream(Request request, Response response) throws IOException, InterruptedException {
        int chunks = intParameter(request, "chunks", 10, 0, MAX_CHUNKS);
        int size = intParameter(request, "size", 16, 1, MAX_CHUNK_SIZE);
        byte[] piece = new byte[size];
        Arrays.fill(piece, (byte) 'x');
        response.headers().set("Content-Type", "text/plain");
        try (OutputStream out = response.output()) {
            for (int i = 0; i < chunks; i++) {
                if (i > 0) {
                    Thread.sleep(STREAM_PAUSE_MILLIS);
                }
                out.write(piece);
                out.flush();
            }
        }
    }

    private void slow(Request request, Response response) throws IOException, InterruptedException {
        int millis = intParameter(request, "ms", 100, 0, MAX_SLOW_MILLIS);
        Thread.sleep(millis);
        response.send("done");
    }

    private void health(Request request, Response response) throws IOException {
        response.headers().set("Content-Type", JSON);
        response.headers().set("Cache-Control", "no-store");
        response.send(Writers.HEALTH.writeValueAsBytes(new Health("UP")));
    }

    /** Reads an integer query parameter, 400 when it is not a number within bounds. */
    static int intParameter(Request request, String name, int defaultValue, int min, int max) {
        String text = request.query().first(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new HttpException(Status.BAD_REQUEST, "query parameter '" + name + "' must be a whole number from "
                + min + " to " + max);
    }
}
