package motor.ext.http2.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import motor.core.Server;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Routes;

/** The routes the integration tests call, and a builder for a server with only the http2 extension. */
final class TestRoutes {

    /** Released by a test to let {@code /block} return. */
    static volatile CountDownLatch gate = new CountDownLatch(1);
    /** Counted down when {@code /block} has started. */
    static volatile CountDownLatch blocked = new CountDownLatch(1);

    private TestRoutes() {
    }

    static Server.Builder server(Map<String, Object> http2) {
        return Server.builder().discoverExtensions(false).extension(new Http2Extension())
                .config(Map.of("http2", http2)).routes(TestRoutes::routes);
    }

    /** Deterministic pseudo-random bytes. */
    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        return b;
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    static void routes(Routes r) {
        r.get("/hello", (req, res) -> res.send("hello " + req.protocol() + " " + req.scheme() + " " + req.authority()
                + " " + req.pathSegments()));
        r.get("/headers", (req, res) -> {
            StringBuilder sb = new StringBuilder();
            req.headers().forEach((n, v) -> sb.append(n).append('=').append(v).append('\n'));
            res.send(sb.toString());
        });
        r.post("/sha", (req, res) -> {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            long total = 0;
            try (InputStream in = req.body()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, n);
                    total += n;
                }
            }
            res.send(total + " " + HexFormat.of().formatHex(digest.digest()));
        });
        r.post("/echo", (req, res) -> {
            byte[] body = req.bodyBytes();
            String trailer = req.trailers().first("x-checksum");
            if (trailer != null) {
                res.headers().set("x-trailer", trailer);
            }
            res.headers().set("Content-Type", "application/octet-stream");
            res.send(body);
        });
        r.get("/big", (req, res) -> {
            int n = Integer.parseInt(req.query().first("n"));
            long seed = Long.parseLong(req.query().first("seed"));
            byte[] data = bytes(n, seed);
            res.headers().set("x-sha256", sha256(data));
            if (req.query().first("stream") != null) {
                try (OutputStream out = res.output()) {
                    for (int i = 0; i < n; i += 10_000) {
                        out.write(data, i, Math.min(10_000, n - i));
                    }
                }
            } else {
                res.send(data);
            }
        });
        r.get("/file", (req, res) -> {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("h2-file", ".bin");
            try {
                java.nio.file.Files.write(file, bytes(100_000, 11));
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
                    res.send(channel, 10, 50_000);
                }
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        });
        r.get("/page", (req, res) -> {
            res.headers().set("Content-Type", "text/html; charset=utf-8");
            res.send("<!doctype html><title>t</title><p id=p></p><script>document.getElementById('p').textContent="
                    + "'protocol=' + performance.getEntriesByType('navigation')[0].nextHopProtocol</script>");
        });
        r.get("/listener", (req, res) -> res.send(String.valueOf(req.listener())));
        r.get("/tls", (req, res) -> res.send(req.sslSession() == null ? "none" : req.sslSession().getProtocol()));
        r.get("/is-h2", (req, res) -> res.send(Boolean.toString(motor.ext.http2.Http2Requests.isHttp2(req))));
        r.get("/empty", (req, res) -> res.status(204));
        r.get("/notmodified", (req, res) -> {
            res.status(304);
            res.headers().set("ETag", "\"x\"");
        });
        r.get("/forbidden", (req, res) -> {
            throw new HttpException(403, "not for you").header("x-why", "test");
        });
        r.get("/boom", (req, res) -> {
            throw new IllegalStateException("secret internals");
        });
        r.get("/late-boom", (req, res) -> {
            OutputStream out = res.output();
            out.write(new byte[20_000]);
            out.flush();
            throw new IllegalStateException("after commit");
        });
        r.get("/block", (req, res) -> {
            blocked.countDown();
            boolean released = gate.await(30, TimeUnit.SECONDS);
            res.send(released ? "released" : "timed out");
        });
        r.get("/hints", (req, res) -> {
            res.interim(103, Headers.of("Link", "</style.css>; rel=preload; as=style"));
            res.send("with hints");
        });
        r.get("/connection-header", (req, res) -> {
            res.headers().set("Connection", "close").set("Keep-Alive", "timeout=5").set("X-Kept", "yes");
            res.send("dropped");
        });
        r.get("/ws", (req, res) -> {
            res.status(101);
            res.headers().set("Upgrade", "websocket");
            res.upgrade(connection -> { });
        });
        r.get("/stream", (req, res) -> {
            try (OutputStream out = res.output()) {
                for (int i = 0; i < 5; i++) {
                    out.write(("part " + i + "\n").getBytes());
                    out.flush();
                }
            }
        });
        r.post("/limited", (req, res) -> res.send(Integer.toString(req.bodyBytes().length))).maxBodySize(1000);
    }
}
