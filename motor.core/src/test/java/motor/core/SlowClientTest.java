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
