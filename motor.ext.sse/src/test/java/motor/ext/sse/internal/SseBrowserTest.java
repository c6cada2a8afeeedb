package motor.ext.sse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import motor.ext.sse.Sse;
import motor.ext.sse.SseEvent;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Status;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real browser's {@code EventSource} (headless chromium, when installed) against the server: it opens,
 * decodes multi-line, named and non-ASCII events, reconnects after each stream ends with
 * {@code Last-Event-ID} so that the server resumes, and stops for good at a 204.
 */
class SseBrowserTest {

    private static final List<String> LAST_EVENT_IDS = new CopyOnWriteArrayList<>();

    private static final String PAGE = """
            <!doctype html><meta charset="utf-8"><title>sse</title><pre id="log"></pre>
            <script>
            const log = [];
            const show = () => { document.getElementById('log').textContent = log.join('|'); };
            const source = new EventSource('/events');
            source.onopen = () => { log.push('open'); show(); };
            source.onmessage = e => { log.push(e.lastEventId + '=' + JSON.stringify(e.data)); show(); };
            source.addEventListener('custom', e => { log.push('custom=' + JSON.stringify(e.data)); show(); });
            source.onerror = () => { if (source.readyState === EventSource.CLOSED) { log.push('closed'); show(); } };
            </script>
            """;

    @RegisterExtension
    static final TestServer server = TestServer.with(builder -> builder
            .config(Map.of("sse", Map.of("heartbeat", "0s", "retry", "10ms")))
            .routes(r -> {
                r.get("/", (request, response) -> {
                    response.headers().set("Content-Type", "text/html; charset=utf-8");
                    response.send(PAGE);
                });
                r.get("/events", SseBrowserTest::events);
            }));

    /** Two events per connection, 1 to 5, resuming after Last-Event-ID; 204 once all were sent. */
    static void events(Request request, Response response) throws Exception {
        String last = Sse.lastEventId(request).orElse("0");
        LAST_EVENT_IDS.add(last);
        int after = CountRoute.number(last, 0, 0, 5, "Last-Event-ID");
        if (after >= 5) {
            response.status(Status.NO_CONTENT).send(new byte[0]);
            return;
        }
        Sse.stream(request, response, emitter -> {
            for (int i = after + 1; i <= Math.min(after + 2, 5); i++) {
                String id = Integer.toString(i);
                if (i == 1) {
                    emitter.send(SseEvent.of("custom", "named"));
                    emitter.comment("ignored");
                    emitter.send(SseEvent.data("é€😀\r\nsecond line\rthird\n").withId(id));
                } else {
                    emitter.send(SseEvent.data("n" + i).withId(id));
                }
            }
        });
    }

    private static boolean chromiumAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/chromium"));
    }

    @Test
    void eventSourceReceivesResumesAndStops(@TempDir Path profile) throws Exception {
        Assumptions.assumeTrue(chromiumAvailable(), "chromium is not installed");
        String dom = dumpDom(server.uri("/").toString(), profile);
        int start = dom.indexOf("<pre id=\"log\">");
        assertTrue(start >= 0, dom);
        String log = dom.substring(start + 14, dom.indexOf("</pre>", start))
                .replace("&quot;", "\"").replace("&amp;", "&");
        assertEquals(String.join("|",
                "open", "custom=\"named\"", "1=\"é€😀\\nsecond line\\nthird\\n\"", "2=\"n2\"",
                "open", "3=\"n3\"", "4=\"n4\"",
                "open", "5=\"n5\"",
                "closed"), log);
        assertEquals(List.of("0", "2", "4", "5"), LAST_EVENT_IDS);
    }

    /** Loads the page in headless chromium and returns the DOM once its virtual time has run out. */
    private static String dumpDom(String url, Path profile) throws IOException, InterruptedException {
        // the DOM goes to a file, not a pipe: reading a pipe would wait as long as a stuck chromium lives
        Path dom = profile.resolve("dom.html");
        Process process = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile.resolve("profile"), "--virtual-time-budget=10000",
                "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(dom.toFile())
                .start();
        try {
            process.getOutputStream().close();
            assertTrue(process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS), "chromium did not exit");
            return Files.readString(dom, StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
        }
    }
}
