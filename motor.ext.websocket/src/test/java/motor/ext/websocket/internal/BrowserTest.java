package motor.ext.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import motor.ext.websocket.WebSocket;
import motor.test.Browser;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real browser's WebSocket (headless Chromium, when installed): it offers permessage-deflate, which the
 * server accepts; text (with non-ASCII and a large message, where the compression context carries over),
 * binary and a clean close with a code go both ways.
 */
class BrowserTest {

    private static final BlockingQueue<String> REPORTS = new LinkedBlockingQueue<>();

    private static final String PAGE = """
            <!doctype html><meta charset="utf-8"><title>ws</title>
            <script>
            const out = [];
            const ws = new WebSocket("ws://" + location.host + (new URLSearchParams(location.search).get("ws") || "/ws"));
            ws.binaryType = "arraybuffer";
            const big = "x".repeat(300000) + "é😀";
            const texts = ["hello", "κόσμε 😀", big, "hello again", big];
            let next = 0;
            ws.onopen = () => {
              out.push("open [" + ws.extensions + "]");
              texts.forEach(t => ws.send(t));
              ws.send(new Uint8Array([1, 2, 3, 255]));
            };
            ws.onmessage = e => {
              if (typeof e.data === "string") {
                out.push("text " + (e.data === texts[next] ? "same" : "different") + " " + e.data.length);
                next++;
              } else {
                out.push("binary " + new Uint8Array(e.data).join(","));
                ws.close(4000, "done");
              }
            };
            ws.onclose = e => {
              out.push("close " + e.code + " " + e.wasClean);
              fetch("/report", {method: "POST", body: out.join("|")});
            };
            </script>
            """;

    @RegisterExtension
    static final TestServer server = TestServer.with(builder -> builder.discoverExtensions(false)
            .extension(new WebSocketExtension())
            .config(Map.of("websocket", Map.of("maxMessageSize", "2MiB")))
            .routes(r -> {
                r.get("/", (request, response) -> {
                    response.headers().set("Content-Type", "text/html; charset=utf-8");
                    response.send(PAGE);
                });
                r.post("/report", (request, response) -> {
                    REPORTS.add(request.bodyText());
                    response.status(204).send(new byte[0]);
                });
                r.get("/ws", WebSocket.endpoint(TestEndpoints.ECHO));
                r.get("/stream", WebSocket.endpoint(TestEndpoints.STREAM_ECHO));
            }));

    @Test
    void browserTalksCompressedWebSocket() throws Exception {
        Assumptions.assumeTrue(Browser.available(), "chromium is not installed");
        try (Browser browser = Browser.open(server.uri("/"))) {
            String report = REPORTS.poll(60, TimeUnit.SECONDS);
            assertNotNull(report, "the page reported within a minute");
            assertEquals(String.join("|", "open [permessage-deflate]", "text same 5", "text same 8", "text same 300003",
                    "text same 11", "text same 300003", "binary 1,2,3,255", "close 4000 true"), report);
        }
    }

    @Test
    void browserInflatesStreamedCompressedMessages() throws Exception {
        Assumptions.assumeTrue(Browser.available(), "chromium is not installed");
        REPORTS.clear();
        // sendTextStream's Writer flushes before it closes: the message ends on a flushed DEFLATE block
        try (Browser browser = Browser.open(server.uri("/?ws=/stream"))) {
            String report = REPORTS.poll(60, TimeUnit.SECONDS);
            assertNotNull(report, "the page reported within a minute");
            assertEquals(String.join("|", "open [permessage-deflate]", "text same 5", "text same 8", "text same 300003",
                    "text same 11", "text same 300003", "binary 1,2,3,255", "close 4000 true"), report);
        }
    }
}
