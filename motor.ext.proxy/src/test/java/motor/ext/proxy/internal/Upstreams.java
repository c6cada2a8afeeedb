package motor.ext.proxy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import motor.core.Server;
import motor.spi.Handler;
import motor.spi.Headers;
import motor.spi.Routes;
import motor.test.TestServer;

/** Upstream servers for the proxy's tests: Motor servers that describe what they received. */
final class Upstreams {

    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH"};

    private Upstreams() {
    }

    /** What a test controls on an upstream: its health answer and a latch its slow routes wait on. */
    static final class Control {
        final AtomicBoolean healthy = new AtomicBoolean(true);
        volatile CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch aborted = new CountDownLatch(1);
        final CountDownLatch holding = new CountDownLatch(1);
    }

    /**
     * Starts an upstream named {@code id} with these routes:
     * <ul>
     *   <li>{@code /echo/...} (every method): the description of the request as {@code key=value} lines;</li>
     *   <li>{@code GET /download/{size}}: {@code size} bytes of {@link #pattern}, streamed;</li>
     *   <li>{@code GET /slow}, {@code /sse}: a first part, then the rest once {@code release} opens;</li>
     *   <li>{@code GET /hold}: waits for {@code release} (10 s at most) before answering;</li>
     *   <li>{@code GET /forever}: a chunk every 20 ms until writing fails, then {@code aborted} opens;</li>
     *   <li>{@code GET /health}: 200 or 503 after {@code healthy};</li>
     *   <li>{@code GET /status/{code}}: that status.</li>
     * </ul>
     */
    static TestServer start(String id, Control control) throws IOException {
        return TestServer.start(Server.builder().discoverExtensions(false).maxBodySize(64L << 20).routes(r -> {
            Handler echo = (req, res) -> {
                MessageDigest sha = sha256();
                long length = 0;
                try (InputStream in = req.body()) {
                    byte[] buffer = new byte[32 * 1024];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        sha.update(buffer, 0, n);
                        length += n;
                    }
                }
                StringBuilder text = new StringBuilder();
                text.append("id=").append(id).append('\n');
                text.append("method=").append(req.method()).append('\n');
                text.append("target=").append(req.target()).append('\n');
                text.append("length=").append(length).append('\n');
                text.append("sha256=").append(HexFormat.of().formatHex(sha.digest())).append('\n');
                for (Headers.Field field : req.headers()) {
                    text.append("h.").append(field.name().toLowerCase()).append('=').append(field.value()).append('\n');
                }
                res.headers().set("X-Upstream", id);
                res.send(text.toString());
            };
            for (String method : METHODS) {
                r.add(method, "/echo/{rest...}", echo);
            }
            r.get("/download/{size}", (req, res) -> {
                long size = Long.parseLong(req.pathParameter("size"));
                res.headers().set("X-Upstream", id);
                res.headers().set("Content-Type", "application/octet-stream");
                try (OutputStream out = res.output()) {
                    byte[] buffer = new byte[64 * 1024];
                    for (long done = 0; done < size; ) {
                        int n = (int) Math.min(buffer.length, size - done);
                        for (int i = 0; i < n; i++) {
                            buffer[i] = pattern(done + i);
                        }
                        out.write(buffer, 0, n);
                        done += n;
                    }
                }
            });
            r.get("/slow", (req, res) -> twoParts(res, control, "text/plain", "first\n", "second\n"));
            r.get("/sse", (req, res) -> twoParts(res, control, "text/event-stream", "data: one\n\n",
                    "data: two\n\n"));
            r.get("/hold", (req, res) -> {
                control.holding.countDown();
                boolean released = control.release.await(10, TimeUnit.SECONDS);
                res.headers().set("X-Upstream", id);
                res.send(released ? "released" : "gave up");
            });
            r.get("/forever", (req, res) -> {
                res.headers().set("Content-Type", "text/plain");
                OutputStream out = res.output();
                try {
                    for (int i = 0; i < 500; i++) {
                        out.write(("tick " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(20);
                    }
                } catch (IOException e) {
                    control.aborted.countDown();
                    throw e;
                }
            });
            r.get("/health", (req, res) -> res.send(control.healthy.get() ? 200 : 503, id));
            r.get("/status/{code}", (req, res) -> {
                res.headers().set("X-Upstream", id);
                res.send(Integer.parseInt(req.pathParameter("code")), "status from " + id);
            });
        }));
    }

    private static void twoParts(motor.spi.Response res, Control control, String type, String first, String second)
            throws IOException, InterruptedException {
        res.headers().set("Content-Type", type);
        OutputStream out = res.output();
        out.write(first.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        boolean released = control.release.await(10, TimeUnit.SECONDS);
        out.write((released ? second : "not released\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** {@return byte {@code i} of the download pattern} */
    static byte pattern(long i) {
        return (byte) (i * 31 + (i >>> 13));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** {@return an echo body as a map from key to values} */
    static Map<String, List<String>> parse(String echo) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String line : echo.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                map.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
            }
        }
        return map;
    }

    /** {@return one value of an echo, or null} */
    static String one(Map<String, List<String>> echo, String key) {
        List<String> values = echo.get(key);
        return values == null ? null : String.join(", ", values);
    }

    /** {@return a URI on which nothing listens: the port of a server socket opened and closed} */
    static URI refusing() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    static URI uri(TestServer server) {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** {@return a proxy server with the proxy extension configured with one route} */
    static TestServer proxy(Map<String, Object> route) throws IOException {
        return TestServer.start(Server.builder().discoverExtensions(false).extension(new ProxyExtension())
                .maxBodySize(64L << 20)
                .config(Map.of("proxy", Map.of("routes", List.of(route)))));
    }

    /** {@return the route settings with {@code prefix} and the upstreams, plus key-value pairs} */
    static Map<String, Object> route(String prefix, List<URI> upstreams, Object... more) {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("prefix", prefix);
        route.put("upstreams", upstreams.stream().map(URI::toString).toList());
        for (int i = 0; i < more.length; i += 2) {
            route.put((String) more[i], more[i + 1]);
        }
        return route;
    }
}
