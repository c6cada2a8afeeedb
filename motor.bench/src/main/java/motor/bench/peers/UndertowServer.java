package motor.bench.peers;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;

/**
 * Undertow core: {@link HttpHandler}s that answer on the I/O thread (no dispatch to the worker pool,
 * which Undertow's documentation reserves for blocking work), one I/O thread per available CPU, an exact
 * path handler, the body sent with the response sender in one go. {@code NO_REQUEST_TIMEOUT} (idle
 * keep-alive connections) is set to 60 s to match Motor; Undertow's own default is to keep them.
 */
public final class UndertowServer {

    private static final ByteBuffer HELLO = ByteBuffer.allocateDirect(Common.HELLO.length).put(Common.HELLO).flip();
    private static final HttpString ALLOW = Headers.ALLOW;

    private UndertowServer() {
    }

    public static void main(String[] args) {
        int port = Common.port(args);
        int ioThreads = Runtime.getRuntime().availableProcessors();
        HttpHandler plaintext = exchange -> {
            if (methodAllowed(exchange)) {
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, Common.TEXT_PLAIN);
                exchange.getResponseSender().send(HELLO.duplicate());
            }
        };
        HttpHandler json = exchange -> {
            if (methodAllowed(exchange)) {
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, Common.APPLICATION_JSON);
                exchange.getResponseSender().send(ByteBuffer.wrap(Common.json()));
            }
        };
        Undertow server = Undertow.builder()
                .addHttpListener(port, Common.HOST)
                .setIoThreads(ioThreads)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, Common.IDLE_TIMEOUT_MILLIS)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true) // h2c, for the h2load figures
                .setHandler(Handlers.path()
                        .addExactPath("/plaintext", plaintext)
                        .addExactPath("/json", json))
                .build();
        server.start();
        Common.ready("undertow", port, "undertow core, non-blocking handlers on " + ioThreads + " I/O thread(s)");
    }

    private static boolean methodAllowed(HttpServerExchange exchange) {
        if (exchange.getRequestMethod().equals(Methods.GET) || exchange.getRequestMethod().equals(Methods.HEAD)) {
            return true;
        }
        exchange.setStatusCode(405);
        exchange.getResponseHeaders().put(ALLOW, "GET, HEAD");
        exchange.endExchange();
        return false;
    }
}
