package motor.bench.peers;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Vert.x 5 core: one verticle with an {@code HttpServer} and a plain request handler on its event loop,
 * the native transport preferred (epoll, when Netty's native library loads; the READY line says which
 * ran), header names and values pre-built with {@link HttpHeaders#createOptimized}, a {@code Date} header
 * formatted once a second by a timer (Vert.x sends none by itself). Vert.x has no idle timeout by default:
 * idle connections stay open.
 */
public final class VertxServer {

    private static final CharSequence TEXT = HttpHeaders.createOptimized(Common.TEXT_PLAIN);
    private static final CharSequence JSON = HttpHeaders.createOptimized(Common.APPLICATION_JSON);
    private static final CharSequence SERVER = HttpHeaders.createOptimized("Vert.x");
    private static final CharSequence CONTENT_TYPE = HttpHeaders.CONTENT_TYPE;
    private static final CharSequence SERVER_NAME = HttpHeaders.SERVER;
    private static final CharSequence DATE_NAME = HttpHeaders.DATE;
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);
    private static final Buffer HELLO = Buffer.buffer(Common.HELLO);

    private VertxServer() {
    }

    public static void main(String[] args) {
        int port = Common.port(args);
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        boolean nativeTransport = vertx.isNativeTransportEnabled();
        vertx.deployVerticle(new Routes(port)).onComplete(result -> {
            if (result.succeeded()) {
                Common.ready("vertx", port, "vert.x 5 core, one verticle, transport "
                        + (nativeTransport ? "native (epoll)" : "NIO (native unavailable: "
                        + vertx.unavailableNativeTransportCause() + ")"));
            } else {
                result.cause().printStackTrace();
                System.exit(1);
            }
        });
    }

    /** The verticle: a server and its handler. */
    static final class Routes extends VerticleBase {
        private final int port;
        private CharSequence date = formatDate();

        Routes(int port) {
            this.port = port;
        }

        @Override
        public Future<?> start() {
            vertx.setPeriodic(1000, id -> date = formatDate());
            return vertx.createHttpServer(new HttpServerOptions().setHost(Common.HOST).setPort(port)
                            .setAcceptBacklog(1024).setTcpNoDelay(true))
                    .requestHandler(this::handle)
                    .listen();
        }

        private void handle(HttpServerRequest request) {
            String path = request.path();
            boolean plaintext = "/plaintext".equals(path);
            if (!plaintext && !"/json".equals(path)) {
                request.response().setStatusCode(404).end();
            } else if (request.method() != HttpMethod.GET) {
                request.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET").end();
            } else {
                request.response()
                        .putHeader(CONTENT_TYPE, plaintext ? TEXT : JSON)
                        .putHeader(SERVER_NAME, SERVER)
                        .putHeader(DATE_NAME, date)
                        .end(plaintext ? HELLO : Buffer.buffer(Common.json()));
            }
        }

        private static CharSequence formatDate() {
            return HttpHeaders.createOptimized(IMF_FIXDATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        }
    }
}
