package motor.ext.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import motor.core.Server;
import motor.test.Browser;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * CORS as a real browser enforces it: a page served by one server (one origin) calls the API of another
 * (another port, so another origin) with a request that needs a preflight, and reports what its script
 * could read. The API allows the page's origin on one path and another origin on a second path.
 */
class BrowserCorsTest {

    private static final BlockingQueue<String> REPORTS = new LinkedBlockingQueue<>();

    @Test
    void chromiumReadsTheAllowedApiAndIsRefusedTheOther() throws Exception {
        Assumptions.assumeTrue(Browser.available(), "chromium is not installed");
        try (TestServer page = TestServer.start(Server.builder().discoverExtensions(false).routes(routes -> {
            routes.get("/page", (request, response) -> {
                response.headers().set("Content-Type", "text/html; charset=utf-8");
                String api = java.net.URLEncoder.encode(request.query().first("api"), java.nio.charset.StandardCharsets.UTF_8);
                response.send("<!DOCTYPE html><title>cors</title><script src=\"/page.js?api=" + api + "\"></script>");
            });
            routes.get("/page.js", (request, response) -> {
                response.headers().set("Content-Type", "text/javascript; charset=utf-8");
                String api = request.query().first("api");
                // a PUT with a JSON type and a custom header: not a simple request, so a preflight goes first
                response.send("""
                        async function call(path) {
                          try {
                            const r = await fetch('%s' + path, {method: 'PUT', credentials: 'include',
                              headers: {'Content-Type': 'application/json', 'X-Requested-With': 'page'}, body: '{}'});
                            return r.status + ' ' + (await r.text()) + ' ' + r.headers.get('X-Total-Count');
                          } catch (e) {
                            return 'blocked';
                          }
                        }
                        (async () => {
                          const allowed = await call('/api/items/7');
                          const refused = await call('/api/other/7');
                          fetch('/report', {method: 'POST', body: allowed + '|' + refused});
                        })();
                        """.formatted(api));
            });
            routes.post("/report", (request, response) -> {
                REPORTS.add(request.bodyText());
                response.status(204);
            });
        }))) {
            String pageOrigin = "http://127.0.0.1:" + page.port();
            try (TestServer api = TestServer.start(Server.builder().discoverExtensions(false)
                    .extension(new SecurityExtension())
                    .config(Map.of("security", Map.of("paths", List.of(
                            Map.of("prefix", "/api/items", "cors", Map.of(
                                    "allowedOrigins", List.of(pageOrigin),
                                    "allowedMethods", List.of("GET", "PUT"),
                                    "allowedHeaders", List.of("Content-Type", "X-Requested-With"),
                                    "exposedHeaders", List.of("X-Total-Count"),
                                    "allowCredentials", true)),
                            Map.of("prefix", "/api/other", "cors", Map.of(
                                    "allowedOrigins", List.of("http://elsewhere.example"),
                                    "allowedMethods", List.of("GET", "PUT"),
                                    "allowedHeaders", List.of("Content-Type", "X-Requested-With")))))))
                    .routes(routes -> {
                        routes.put("/api/items/{id}", (request, response) -> {
                            response.headers().set("X-Total-Count", "1");
                            response.send("item " + request.pathParameter("id"));
                        });
                        routes.put("/api/other/{id}", (request, response) -> response.send("other"));
                    }))) {
                String apiOrigin = "http://127.0.0.1:" + api.port();
                try (Browser browser = Browser.open(page.uri("/page?api=" + apiOrigin))) {
                    String report = REPORTS.poll(60, TimeUnit.SECONDS);
                    assertNotNull(report, "the page reported within a minute");
                    // allowed: the preflight passed, the response and the exposed header were readable;
                    // refused: the browser kept the response from the script
                    assertEquals("200 item 7 1|blocked", report);
                }
            }
        }
    }
}
