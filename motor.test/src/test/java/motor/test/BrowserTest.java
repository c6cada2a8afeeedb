package motor.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Headless Chromium runs a page's script, which reports back to the server; closing ends the browser. */
class BrowserTest {

    private static final BlockingQueue<String> REPORTS = new LinkedBlockingQueue<>();

    @RegisterExtension
    static final TestServer server = TestServer.with(builder -> builder.discoverExtensions(false)
            .routes(routes -> {
                routes.get("/page", (request, response) -> {
                    response.headers().set("Content-Type", "text/html; charset=utf-8");
                    response.send("<!DOCTYPE html><title>t</title><script>"
                            + "fetch('/report', {method: 'POST', body: navigator.userAgent.includes('Chrome') + ':'"
                            + " + (6 * 7)});</script>");
                });
                routes.post("/report", (request, response) -> {
                    REPORTS.add(request.bodyText());
                    response.status(204);
                });
            }));

    @Test
    void aPageReportsWhatItsScriptComputed() throws Exception {
        Assumptions.assumeTrue(Browser.available(), "chromium is not installed");
        Browser browser = Browser.open(server.uri("/page"));
        try (browser) {
            String report = REPORTS.poll(60, TimeUnit.SECONDS);
            assertNotNull(report, "the page reported within a minute");
            assertEquals("true:42", report);
        }
        assertFalse(browser.alive(), "close() ends the browser");
    }
}
