package motor.bench.peers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * The JDK's built-in {@code com.sun.net.httpserver.HttpServer}, with a virtual thread per exchange.
 *
 * <p>Two of its defaults would break the idle-connection test, so they are set (as system properties,
 * before the server class reads them) to match Motor: {@code sun.net.httpserver.maxIdleConnections}
 * (default 200: keep-alive connections beyond it are closed after their response) and
 * {@code sun.net.httpserver.idleInterval} (default 30 s).
 */
public final class JdkServer {

    private JdkServer() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
        System.setProperty("sun.net.httpserver.idleInterval", String.valueOf(Common.IDLE_TIMEOUT_MILLIS / 1000));
        int port = Common.port(args);
        HttpServer server = HttpServer.create(new InetSocketAddress(Common.HOST, port), 1024);
        server.createContext("/plaintext", route("/plaintext", Common.TEXT_PLAIN, false));
        server.createContext("/json", route("/json", Common.APPLICATION_JSON, true));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        Common.ready("jdk", port, "com.sun.net.httpserver, virtual thread per exchange");
    }

    private static HttpHandler route(String path, String contentType, boolean json) {
        return exchange -> {
            try (exchange) {
                // a context matches by prefix; the route is the exact path
                if (!exchange.getRequestURI().getPath().equals(path)) {
                    send(exchange, 404, "text/plain", new byte[0]);
                } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    send(exchange, 405, "text/plain", new byte[0]);
                } else {
                    send(exchange, 200, contentType, json ? Common.json() : Common.HELLO);
                }
            }
        };
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
