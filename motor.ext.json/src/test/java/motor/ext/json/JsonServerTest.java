package motor.ext.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import motor.ext.json.test.Item;
import motor.ext.json.test.User;
import motor.ext.json.test.closed.Hidden;
import motor.spi.Routes;
import motor.spi.Status;
import motor.test.Curl;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The json extension found by ServiceLoader on the module path, configured from a settings map, and
 * called by the JDK client and by curl.
 */
class JsonServerTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(builder -> {
        JsonServerTest.class.getModule().addUses(motor.spi.extension.Extension.class);
        builder.config(Map.of("json", Map.of("maxBodySize", "4KiB", "maxDepth", 10))).routes(JsonServerTest::routes);
    });

    static void routes(Routes routes) {
        routes.post("/users", (request, response) ->
                Json.write(response, Status.CREATED, Json.read(request, User.class)));
        routes.post("/items", (request, response) -> {
            List<Item> items = Json.read(request, new TypeReference<List<Item>>() { });
            Json.write(response, Map.of("count", items.size()));
        });
        routes.post("/tree", (request, response) -> {
            JsonNode tree = Json.tree(request);
            Json.write(response, Map.of("type", tree.getNodeType().toString()));
        });
        routes.post("/small", (request, response) -> Json.write(response, Json.read(request, User.class)))
                .maxBodySize(16);
        routes.post("/hidden", (request, response) -> Json.write(response, Json.read(request, Hidden.class)));
        routes.get("/hidden", (request, response) -> Json.write(response, new Hidden("x")));
        routes.get("/problem", (request, response) -> {
            response.headers().set("Content-Type", "application/problem+json");
            Json.write(response, 409, Map.of("title", "conflict"));
        });
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = server.request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return server.send(request);
    }

    @Test
    void discovered() {
        assertTrue(server.server().extensions().stream().anyMatch(e -> e.name().equals("json")));
    }

    @Test
    void readsARecordAndWritesItBack() throws Exception {
        HttpResponse<String> response = post("/users", "application/json", "{\"name\":\"Ada\",\"age\":36}");
        assertEquals(201, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"name\":\"Ada\",\"age\":36}", response.body());
    }

    @Test
    void genericTypesTreesAndPlusJson() throws Exception {
        assertEquals("{\"count\":2}", post("/items", "application/json; charset=utf-8",
                "[{\"name\":\"a\",\"price\":1,\"quantity\":1},{\"name\":\"b\",\"price\":2,\"quantity\":1}]").body());
        assertEquals("{\"type\":\"ARRAY\"}", post("/tree", "application/merge-patch+json", "[1,2]").body());
        assertEquals("{\"type\":\"NULL\"}", post("/tree", "application/json", "null").body());
    }

    @Test
    void aHandlersOwnJsonTypeIsKept() throws Exception {
        HttpResponse<String> response = server.get("/problem");
        assertEquals(409, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void mistypedBodyIs400WithPointerInTextAndProblemJson() throws Exception {
        HttpResponse<String> text = post("/users", "application/json", "{\"name\":\"Ada\",\"age\":\"<b>old</b>\"}");
        assertEquals(400, text.statusCode());
        assertTrue(text.body().startsWith("400 Bad Request: expected an integer at /age\n"), text.body());
        assertFalse(text.body().contains("<b>"), text.body());
        HttpResponse<String> problem = server.send(server.request("/users")
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\",\"nick\":1}")));
        assertEquals(400, problem.statusCode());
        assertEquals("application/problem+json", problem.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(problem.body().contains("\"detail\":\"unknown property 'nick' at the root\""), problem.body());
    }

    @Test
    void theConnectionStaysUsableAfterA400() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(400, post("/users", "application/json", "{\"name\":").statusCode());
            assertEquals(201, post("/users", "application/json", "{\"name\":\"a\",\"age\":1}").statusCode());
        }
    }

    @Test
    void wrongContentTypeIs415WithAcceptPost() throws Exception {
        HttpResponse<String> response = post("/users", "text/plain", "{\"name\":\"Ada\",\"age\":36}");
        assertEquals(415, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Accept-Post").orElseThrow());
        assertEquals(415, post("/users", null, "{}").statusCode());
        assertEquals(415, post("/users", "application/json; charset=iso-8859-1", "{}").statusCode());
    }

    @Test
    void limits() throws Exception {
        HttpResponse<String> large = post("/items", "application/json", "[" + "1,".repeat(3000) + "1]");
        assertEquals(413, large.statusCode());
        assertTrue(large.body().contains("JSON body larger than 4096 bytes"), large.body());
        HttpResponse<String> routeLimit = post("/small", "application/json", "{\"name\":\"abcdefghijklmnop\"}");
        assertEquals(413, routeLimit.statusCode());
        HttpResponse<String> deep = post("/tree", "application/json", "[".repeat(11) + "]".repeat(11));
        assertEquals(400, deep.statusCode());
        assertTrue(deep.body().contains("JSON nested deeper than 10 levels"), deep.body());
        assertEquals(200, post("/tree", "application/json", "[".repeat(10) + "]".repeat(10)).statusCode());
    }

    @Test
    void chunkedBodyAndExpectContinue() throws Exception {
        byte[] body = "{\"name\":\"Chunked\",\"age\":2}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = server.send(server.request("/users")
                .header("Content-Type", "application/json").expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertEquals(201, response.statusCode());
        assertEquals("{\"name\":\"Chunked\",\"age\":2}", response.body());
    }

    @Test
    void packageNotOpenedIs500WithoutDetails() throws Exception {
        HttpResponse<String> read = post("/hidden", "application/json", "{\"name\":\"x\"}");
        assertEquals(500, read.statusCode());
        assertFalse(read.body().contains("opens"), read.body());
        HttpResponse<String> write = server.get("/hidden");
        assertEquals(500, write.statusCode());
        assertFalse(write.body().contains("Hidden"), write.body());
    }

    @Test
    void curl(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        String url = server.uri("/users").toString();
        Curl.Result created = Curl.run("-i", "-H", "Content-Type: application/json", "-d", "{\"name\":\"Ada\",\"age\":36}", url);
        assertEquals(201, created.status(), created.out());
        assertEquals("application/json", created.header("Content-Type"), created.out());
        assertEquals("{\"name\":\"Ada\",\"age\":36}", created.body());

        // -d alone sends application/x-www-form-urlencoded
        Curl.Result form = Curl.run("-i", "-d", "{\"name\":\"Ada\",\"age\":36}", url);
        assertEquals(415, form.status(), form.out());
        assertEquals("application/json", form.header("Accept-Post"), form.out());

        Curl.Result json = Curl.run("-i", "--json", "{\"name\":\"Ada\",\"age\":\"x\"}", url);
        assertEquals(400, json.status(), json.out());
        assertEquals("application/problem+json", json.header("Content-Type"), "curl --json accepts JSON: " + json.out());
        assertTrue(json.body().contains("expected an integer at /age"), json.out());

        Curl.Result cut = Curl.run("-i", "-H", "Content-Type: application/json", "-d", "{\"name\":\"Ada\",\"age\":", url);
        assertEquals(400, cut.status(), cut.out());
        assertTrue(cut.body().contains("unexpected end of input at /age"), cut.out());

        Path big = dir.resolve("big.json");
        Files.writeString(big, "{\"name\":\"" + "x".repeat(5000) + "\",\"age\":1}");
        Curl.Result large = Curl.run("-i", "-H", "Content-Type: application/json", "--data-binary", "@" + big, url);
        assertEquals(413, large.status(), large.out());

        Curl.Result latin = Curl.run("-i", "-H", "Content-Type: application/json; charset=iso-8859-1", "-d", "{}", url);
        assertEquals(415, latin.status(), latin.out());
    }
}
