package motor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The minimum data rate: a client that trickles bytes is cut off even within the header timeout. */
class SlowClientTest {

    private static Server server;

    @BeforeAll
    static void start() throws Exception {
        server = Server.builder()
                .listen("127.0.0.1", 0)
                .discoverExtensions(false)
                .headerTimeout(Duration.ofSeconds(30))
                .bodyTimeout(Duration.ofSeconds(30))
                .minDataRate(1000, Duration.ofMillis(300))
                .routes(r -> r.post("/upload", (req, res) -> res.send("got " + req.bodyBytes().length)))
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(1));
    }

    @Test
    void tricklingHeadGets408() throws Exception {
        try (RawClient raw = new RawClient(server.port(), 10_000)) {
            String head = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n";
            RawClient.Response response = trickle(raw, head);
            assertEquals(408, response.status());
        }
    }

    @Test
    void tricklingBodyGets408() throws Exception {
        try (RawClient raw = new RawClient(server.port(), 10_000)) {
            raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
            RawClient.Response response = trickle(raw, "x".repeat(100_000));
            assertEquals(408, response.status());
        }
    }

    @Test
    void aClientReadingTooSlowlyIsCutOffWhileOneReadingFastGetsEverything() throws Exception {
        try (Server writer = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false)
                .writeTimeout(Duration.ofSeconds(3))
                .minDataRate(4_000_000, Duration.ofMillis(300))
                .routes(r -> r.get("/big", (req, res) -> {
                    byte[] chunk = new byte[64 * 1024];
                    res.headers().set("Content-Length", Long.toString(BIG));
                    try (java.io.OutputStream out = res.output()) {
                        for (long sent = 0; sent < BIG; sent += chunk.length) {
                            out.write(chunk);
                        }
                    }
                }))
                .build().start()) {
            assertEquals(BIG, readAll(writer.port(), 0), "a fast reader gets the whole body");
            // it makes progress all the time, so only the rate can cut it off
            long got = readAll(writer.port(), 50);
            org.junit.jupiter.api.Assertions.assertTrue(got < BIG && got != GAVE_UP,
                    "a reader of about 1 MB/s is cut off by the server: " + (got == GAVE_UP ? "it was not" : got));
        }
    }

    @Test
    void timeInWhichNoWriteWaitsDoesNotCountAgainstTheClientsRate() throws Exception {
        long half = 8L * 1024 * 1024;
        try (Server writer = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false)
                .writeTimeout(Duration.ofSeconds(3))
                .minDataRate(8_000_000, Duration.ofMillis(300))
                .routes(r -> r.get("/twice", (req, res) -> {
                    // each half in one write (a large message, say), so that no write in between finds
                    // the client keeping up and starts the count afresh
                    byte[] bytes = new byte[(int) half];
                    res.headers().set("Content-Length", Long.toString(2 * half));
                    try (java.io.OutputStream out = res.output()) {
                        out.write(bytes);
                        out.flush();
                        Thread.sleep(4000); // busy elsewhere: nothing waits for the client meanwhile
                        out.write(bytes);
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                }))
                .build().start();
                java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", writer.port()), 5000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("GET /twice HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
            java.io.InputStream in = socket.getInputStream();
            Thread.sleep(300); // the first half waits for the client a moment, then goes at full speed
            byte[] buffer = new byte[65536];
            long total = 0;
            boolean paused = false;
            long expected = -1;
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            while (expected < 0 || total < expected) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                total += n;
                if (expected < 0) {
                    head.write(buffer, 0, n);
                    String text = head.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
                    int end = text.indexOf("\r\n\r\n");
                    if (end >= 0) {
                        expected = end + 4 + 2 * half;
                    }
                }
                if (!paused && expected > 0 && total >= expected - half) {
                    // the first half is in; the second waits for the client again, briefly, after the quiet
                    // 4 s, which the rate must not count (it would find 8 MiB in 4 s, under 8 MB/s)
                    paused = true;
                    Thread.sleep(4600);
                }
            }
            assertEquals(expected, total, "the whole body arrived");
        }
    }

    private static final long BIG = 32L * 1024 * 1024;
    /** What {@link #readAll} returns when the server never ended a slow read. */
    private static final long GAVE_UP = -1;

    /**
     * Reads /big, pausing {@code pauseMillis} after each read of at most 64 KiB of body; returns the body bytes read before
     * the body was complete or the server ended the connection, or {@link #GAVE_UP}.
     */
    private static long readAll(int port, int pauseMillis) throws Exception {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
            java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 1024);
            // (1 KiB of buffering, so that skipping the head reads little of the body ahead)
            for (int state = 0; state < 4; ) { // skip the head: up to CRLF CRLF
                int b = in.read();
                if (b < 0) {
                    return 0;
                }
                state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : b == '\r' ? 1 : 0;
            }
            byte[] buffer = new byte[65536];
            long body = 0;
            // bounded: a slow reader that is never cut off stops after 2,000 pauses (about 100 s)
            for (int i = 0; body < BIG; i++) {
                if (pauseMillis > 0 && i == 2000) {
                    return GAVE_UP;
                }
                int n;
                try {
                    n = in.read(buffer, 0, (int) Math.min(buffer.length, BIG - body));
                } catch (java.net.SocketException e) {
                    break; // reset by the server
                }
                if (n < 0) {
                    break;
                }
                body += n;
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
            return body;
        }
    }

    @Test
    void writesAfterABodyTimeoutStillWaitAndAreCutByTheWriteTimeout() throws Exception {
        java.util.concurrent.CompletableFuture<String> outcome = new java.util.concurrent.CompletableFuture<>();
        try (Server server = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false)
                .bodyTimeout(Duration.ofMillis(300))
                .writeTimeout(Duration.ofSeconds(1))
                .minDataRate(0, Duration.ZERO)
                .routes(r -> r.post("/late", (req, res) -> {
                    try {
                        req.bodyBytes();
                    } catch (Exception e) {
                        // the body timed out; the handler writes a lot anyway, to a client that reads nothing
                    }
                    byte[] chunk = new byte[64 * 1024];
                    try (java.io.OutputStream out = res.output()) {
                        for (int i = 0; i < 1024; i++) {
                            out.write(chunk);
                        }
                        outcome.complete("wrote 64 MiB");
                    } catch (java.io.IOException e) {
                        outcome.complete("cut off");
                    }
                }))
                .build().start();
             java.net.Socket client = new java.net.Socket()) {
            client.setReceiveBufferSize(4096);
            client.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 5000);
            client.getOutputStream().write("POST /late HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            // before the fix the write spun on the full socket with no write timeout, and never ended
            assertEquals("cut off", outcome.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    /** Sends one byte every 50 ms until the server answers (bounded by the text's length). */
    private static RawClient.Response trickle(RawClient raw, String text) throws Exception {
        for (int i = 0; i < text.length(); i++) {
            try {
                raw.send(text.substring(i, i + 1));
            } catch (java.io.IOException e) {
                break; // the server closed its side; its answer is waiting to be read
            }
            if (raw.socket().getInputStream().available() > 0) {
                break;
            }
            Thread.sleep(50);
        }
        return raw.read();
    }
}
