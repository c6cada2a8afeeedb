package motor.ext.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import motor.core.Server;
import motor.ext.template.internal.TemplateExtension;
import motor.spi.extension.ConfigException;
import motor.test.Curl;
import motor.test.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates rendered by handlers in a running server. */
class TemplatesServerTest {

    /** A page model. */
    public record Page(String title, List<String> items, String site) {
    }

    private static Server.Builder builder(Path base, Map<String, ?> section, boolean development) {
        return Server.builder().discoverExtensions(false).extension(new TemplateExtension()).baseDirectory(base)
                .developmentMode(development)
                .config(Map.of("template", section))
                .routes(r -> {
                    r.get("/page", (request, response) -> Templates.of(request).render(response, "page.html",
                            new Page(request.query().first("title"), List.of("one", "<two>"), "example.org")));
                    r.get("/text", (request, response) -> response.send(Templates.of(request).render("note.mustache",
                            Map.of("n", 3))));
                    r.get("/named", (request, response) -> Templates.of(request).render(response,
                            request.query().first("name"), Map.of()));
                });
    }

    @Test
    void handlersRenderFolderTemplatesWithClassPathPartials(@TempDir Path base) throws Exception {
        Path dir = Files.createDirectories(base.resolve("templates"));
        Files.writeString(dir.resolve("page.html"), """
                <h1>{{title}}</h1>
                <ul>
                  {{#items}}
                  <li>{{.}}</li>
                  {{/items}}
                </ul>
                {{> parts/footer.html}}
                """);
        Files.writeString(dir.resolve("note.mustache"), "n={{n}}");
        try (TestServer server = TestServer.start(builder(base, Map.of(), false))) {
            HttpResponse<String> page = server.get("/page?title=%3Cscript%3E");
            assertEquals(200, page.statusCode());
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("<h1>&lt;script&gt;</h1>\n<ul>\n  <li>one</li>\n  <li>&lt;two&gt;</li>\n</ul>\n"
                    + "<footer>example.org</footer>\n", page.body());
            assertEquals("n=3", server.get("/text").body());
            Curl.Result curl = Curl.run("-s", "-i", server.uri("/page?title=curl").toString());
            assertTrue(curl.out().contains("<h1>curl</h1>"), curl.out());
        }
    }

    @Test
    void missingOrEscapingNamesFailWithoutLeakingFiles(@TempDir Path base) throws Exception {
        Files.createDirectories(base.resolve("templates"));
        Files.writeString(base.resolve("secret.html"), "secret");
        try (TestServer server = TestServer.start(builder(base, Map.of(), false))) {
            for (String name : List.of("nowhere.html", "../secret.html", "/etc/passwd", "a//b.html", "x.unknown")) {
                HttpResponse<String> response = server.get("/named?name=" + java.net.URLEncoder.encode(name,
                        java.nio.charset.StandardCharsets.UTF_8));
                assertEquals(500, response.statusCode(), name);
                assertTrue(!response.body().contains("secret"), response.body());
            }
        }
    }

    @Test
    void developmentModeReloadsChangedTemplates(@TempDir Path base) throws Exception {
        Path dir = Files.createDirectories(base.resolve("views"));
        Path note = dir.resolve("note.mustache");
        Files.writeString(note, "first {{n}}");
        try (TestServer server = TestServer.start(builder(base, Map.of("dir", "views"), true))) {
            assertEquals("first 3", server.get("/text").body());
            Files.writeString(note, "second {{n}}");
            Files.setLastModifiedTime(note, FileTime.from(Instant.now().plusSeconds(5)));
            assertEquals("second 3", server.get("/text").body());
        }
        // without reload, the first compilation stays
        Files.writeString(note, "first {{n}}");
        try (TestServer server = TestServer.start(builder(base, Map.of("dir", "views", "reload", false), true))) {
            assertEquals("first 3", server.get("/text").body());
            Files.writeString(note, "third {{n}}");
            Files.setLastModifiedTime(note, FileTime.from(Instant.now().plusSeconds(10)));
            assertEquals("first 3", server.get("/text").body());
        }
    }

    @Test
    void badSettingsStopTheStart(@TempDir Path base) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TestServer.start(builder(base, Map.of("resources", "/abs"), false)).close());
        assertTrue(e.getMessage().contains("template.resources"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> TestServer.start(builder(base,
                Map.of("contentTypes", Map.of("svg", "image/svg+xml\r\nSet-Cookie: a=b")), false)).close());
        assertTrue(e.getMessage().contains("template.contentTypes.svg"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> TestServer.start(builder(base,
                Map.of("contentTypes", Map.of("svg", "")), false)).close());
        assertTrue(e.getMessage().contains("template.contentTypes.svg"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> TestServer.start(builder(base, Map.of("folder", "x"), false)).close());
        assertTrue(e.getMessage().contains("template.folder"), e.getMessage());
    }
}
