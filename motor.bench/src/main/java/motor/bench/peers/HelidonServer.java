package motor.bench.peers;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;

/**
 * Helidon SE 4 web server (its own HTTP/1.1 implementation, one virtual thread per connection) with
 * plain routing; the fixed header values are created once as cached headers, and {@code TCP_NODELAY}
 * is switched on (Helidon's connection option {@code tcp-no-delay}, documented as one that may improve
 * performance; off by default). The idle-connection timeout stays at Helidon's default (5 minutes,
 * checked every 2 minutes), longer than the measurement.
 */
public final class HelidonServer {

    private static final Header TEXT = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, Common.TEXT_PLAIN);
    private static final Header JSON = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, Common.APPLICATION_JSON);

    private HelidonServer() {
    }

    public static void main(String[] args) {
        int port = Common.port(args);
        WebServer server = WebServer.builder()
                .host(Common.HOST)
                .port(port)
                .backlog(1024)
                // documented by Helidon as a performance option ("tcp-no-delay"); off by default
                .connectionOptions(options -> options.tcpNoDelay(true))
                .routing(routing -> routing
                        .get("/plaintext", (req, res) -> res.header(TEXT).send(Common.HELLO))
                        .get("/json", (req, res) -> res.header(JSON).send(Common.json())))
                .build()
                .start();
        Common.ready("helidon", server.port(), "helidon webserver 4 SE routing, tcp-no-delay");
    }
}
