package motor.bench.peers;

import motor.core.Server;

/**
 * Motor with the showcase extension (found by {@link java.util.ServiceLoader} on the class path), which
 * serves {@code /plaintext} and {@code /json} among others, and the HTTP/2 extension for cleartext HTTP/2
 * by prior knowledge (the h2load figures). Everything at its defaults except the
 * connection limit: the default of 10,000 is exactly what the idle-connection test holds, so it is
 * raised to 20,000 to leave room for stragglers of the previous test (the peers have no limit).
 */
public final class MotorServer {

    private MotorServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Common.port(args);
        Server server = Server.builder()
                .listen(Common.HOST, port)
                .maxConnections(20_000)
                // the showcase brings the extensions along; the peers compress nothing and add no
                // security headers, sessions, caches or real-time endpoints, so neither does Motor here
                .disableExtension("gzip").disableExtension("cookies").disableExtension("json")
                .disableExtension("multipart").disableExtension("auth").disableExtension("security")
                .disableExtension("static").disableExtension("cache").disableExtension("websocket")
                .disableExtension("sse")
                // HTTP/2 by prior knowledge only, for h2load: no per-request check for an h2c upgrade
                .config(java.util.Map.of("http2", java.util.Map.of("upgrade", false)))
                .build()
                .start();
        Common.ready("motor", server.port(), "extensions " + server.extensions().stream()
                .map(e -> e.name()).toList());
        server.awaitStop();
    }
}
