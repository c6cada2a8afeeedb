package motor.core.internal.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import motor.core.internal.routing.Stubs.StubRequest;
import motor.core.internal.routing.Stubs.StubResponse;
import motor.spi.Handler;
import motor.spi.HttpException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouterTest {

    private Router router;

    private static Handler says(String what) {
        return (req, res) -> res.send(what + req.pathParameters());
    }

    @BeforeEach
    void routes() {
        router = new Router(1000);
        router.get("/", says("root"));
        router.get("/users", says("list"));
        router.get("/users/me", says("me"));
        router.get("/users/{id}", says("user"));
        router.post("/users/{id}", says("update"));
        router.get("/users/{id}/posts/{post}", says("post"));
        router.get("/files/{path...}", says("file"));
        router.get("/files/special", says("special"));
        router.get("/a/{x}/c", says("axc"));
        router.get("/a/b/d", says("abd"));
        router.delete("/users/{id}", says("delete"));
        router.add("PURGE", "/cache", says("purge"));
    }

    private String call(String method, String path) throws Exception {
        StubResponse response = new StubResponse();
        router.handle(new StubRequest(method, path), response);
        return response.text();
    }

    private HttpException fails(String method, String path) {
        return assertThrows(HttpException.class, () -> call(method, path));
    }

    @Test
    void literalsBeatCapturesBeatWildcards() throws Exception {
        assertEquals("root{}", call("GET", "/"));
        assertEquals("list{}", call("GET", "/users"));
        assertEquals("me{}", call("GET", "/users/me"));
        assertEquals("user{id=42}", call("GET", "/users/42"));
        assertEquals("special{}", call("GET", "/files/special"));
        assertEquals("file{path=special/x}", call("GET", "/files/special/x"));
    }

    @Test
    void capturesAreDecodedSegments() throws Exception {
        assertEquals("post{id=a b, post=7}", call("GET", "/users/a%20b/posts/7"));
        assertEquals("user{id=x/y}", call("GET", "/users/x%2Fy"));
    }

    @Test
    void wildcardTakesZeroOrMoreSegments() throws Exception {
        assertEquals("file{path=}", call("GET", "/files"));
        assertEquals("file{path=}", call("GET", "/files/"));
        assertEquals("file{path=a/b/c.txt}", call("GET", "/files/a/b/c.txt"));
    }

    @Test
    void backtracksWhenALiteralBranchDeadEnds() throws Exception {
        assertEquals("axc{x=b}", call("GET", "/a/b/c"));
        assertEquals("abd{}", call("GET", "/a/b/d"));
    }

    @Test
    void methodPicksAmongMatchingTemplates() throws Exception {
        assertEquals("update{id=me}", call("POST", "/users/me"));
    }

    @Test
    void emptySegmentsDoNotMatchCaptures() {
        assertEquals(404, fails("GET", "/users//posts/1").status());
    }

    @Test
    void trailingSlashIsADifferentPath() {
        assertEquals(404, fails("GET", "/users/me/").status());
    }

    @Test
    void notFound() {
        assertEquals(404, fails("GET", "/nothing").status());
    }

    @Test
    void methodNotAllowedListsTheMethodsOfEveryMatch() {
        HttpException e = fails("PUT", "/users/me");
        assertEquals(405, e.status());
        assertEquals("DELETE, GET, HEAD, OPTIONS, POST", e.headers().first("Allow"));
    }

    @Test
    void headUsesGet() throws Exception {
        assertEquals("me{}", call("HEAD", "/users/me"));
    }

    @Test
    void optionsAnswersWithAllow() throws Exception {
        StubResponse response = new StubResponse();
        router.handle(new StubRequest("OPTIONS", "/users"), response);
        assertEquals(204, response.status());
        assertEquals("GET, HEAD, OPTIONS", response.headers().first("Allow"));
        StubResponse star = new StubResponse();
        router.handle(new StubRequest("OPTIONS", "*"), star);
        assertEquals("DELETE, GET, HEAD, OPTIONS, POST, PURGE", star.headers().first("Allow"));
    }

    @Test
    void unknownMethodsAre501() throws Exception {
        assertEquals(501, fails("BREW", "/users").status());
        assertEquals(501, fails("CONNECT", "").status());
        assertEquals("purge{}", call("PURGE", "/cache"));
        assertEquals(405, fails("PURGE", "/users").status());
    }

    @Test
    void bodyLimitFromTheRouteOrTheServer() throws Exception {
        router = new Router(1000);
        router.post("/small", says("small")).maxBodySize(10);
        router.post("/default", says("default"));
        StubRequest small = new StubRequest("POST", "/small");
        small.contentLength = 11;
        assertEquals(413, assertThrows(HttpException.class, () -> router.handle(small, new StubResponse())).status());
        StubRequest fine = new StubRequest("POST", "/default");
        fine.contentLength = 1000;
        router.handle(fine, new StubResponse());
        assertEquals(1000, fine.bodyLimit());
    }

    @Test
    void duplicateRoutesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> router.get("/users/{other}", says("x")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "/a/{b...}/c", "/a/{}", "/a/{b}{c}", "/a/x{b}", "/a/{1b}", "/a/{b}/{b}", ""})
    void malformedTemplatesAreRefused(String template) {
        assertThrows(IllegalArgumentException.class, () -> router.get(template, says("x")));
    }

    @Test
    void frozenRouterRefusesRoutes() {
        router.freeze();
        assertThrows(IllegalStateException.class, () -> router.get("/late", says("x")));
    }
}
