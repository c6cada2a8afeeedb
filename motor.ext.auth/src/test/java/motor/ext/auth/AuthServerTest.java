package motor.ext.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.PasswordAuthentication;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import motor.core.Server;
import motor.spi.Handler;
import motor.spi.Middleware;
import motor.test.Curl;
import motor.test.RawClient;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension found by ServiceLoader on the module path and configured from its {@code auth} section,
 * next to the API used in code, called with the JDK HttpClient, curl and a raw socket.
 */
class AuthServerTest {

    private static final String TOKEN = Tokens.generate();
    private static final String JUERGEN = "j\u00fcrgen";
    private static final String JUERGEN_PASSWORD = "p\u00e4ssw\u00f6rd \u00a3";
    private static final String BASIC_ADMIN = "Basic realm=\"admin area\", charset=\"UTF-8\"";

    @RegisterExtension
    static final TestServer server = TestServer.with(AuthServerTest::setUp);

    private static void setUp(Server.Builder builder) {
        AuthServerTest.class.getModule().addUses(motor.spi.extension.Extension.class);
        Map<String, String> users = Map.of(
                "alice", Passwords.hash("wonderland".toCharArray(), 1000),
                "bob", Passwords.hash("builder".toCharArray(), 1000),
                JUERGEN, Passwords.hash(JUERGEN_PASSWORD.toCharArray(), 1000));
        PasswordVerifier team = Passwords.verifier(users);
        Handler whoami = (request, response) ->
                response.send(request.principal().map(Principal::getName).orElse("nobody"));
        builder.config(Map.of("auth", Map.of(
                "users", users,
                "tokens", Map.of("deploy", Tokens.hash(TOKEN)),
                "passwordCache", "1m",
                "protect", List.of(
                        Map.of("prefix", "/admin/", "scheme", "basic", "realm", "admin area",
                                "allow", List.of("alice", JUERGEN)),
                        Map.of("prefix", "/api", "scheme", "bearer", "realm", "api"),
                        Map.of("prefix", "/ops", "scheme", List.of("basic", "Bearer"), "realm", "ops \"team\"")))))
                .routes(routes -> {
                    routes.get("/admin/{rest...}", whoami);
                    routes.get("/api/{rest...}", whoami);
                    routes.get("/ops", whoami);
                    routes.get("/team/{rest...}", whoami);
                    routes.get("/public", whoami);
                    routes.get("/files/{path...}", (request, response) -> response.send("file " + request.pathParameter("path")));
                    routes.get("/me", Auth.require(Authenticator.basic("me", team), whoami));
                })
                .middleware(Middleware.SECURITY, Auth.protect("/team/", Authenticator.basic("team", team), Auth.allowUsers("bob")));
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = server.request(path);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return server.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * Sends one request with {@code Connection: close} over a raw socket, its target exactly as given (dot
     * segments, encoded slashes), and reads the response.
     */
    private static RawClient.Response wire(String method, String target, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        try (RawClient raw = server.raw()) {
            return raw.send(request.append("\r\n").toString()).read(method);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + new BasicCredentials(user, password).encode();
    }

    /** The JDK's way to answer a challenge: it records the scheme and realm it was asked for. */
    private static java.net.Authenticator answering(String user, String password, List<String> asked) {
        return new java.net.Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                asked.add(getRequestingScheme() + " " + getRequestingPrompt());
                return new PasswordAuthentication(user, password.toCharArray());
            }
        };
    }

    @Test
    void discoveredThroughServiceLoader() {
        assertTrue(server.server().extensions().stream().anyMatch(e -> e.name().equals("auth")));
    }

    @Test
    void withoutCredentials401WithTheChallenge() throws Exception {
        HttpResponse<String> response = get("/admin/reports");
        assertEquals(401, response.statusCode());
        assertEquals(List.of(BASIC_ADMIN), response.headers().allValues("WWW-Authenticate"));
        assertTrue(response.body().contains("authentication required"), response.body());
    }

    @Test
    void jdkClientAnswersTheChallenge() throws Exception {
        List<String> asked = new ArrayList<>();
        try (HttpClient withAuth = HttpClient.newBuilder().authenticator(answering("alice", "wonderland", asked)).build()) {
            HttpResponse<String> response = withAuth.send(server.request("/admin/x").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("alice", response.body());
        }
        assertEquals(List.of("basic admin area"), asked);
    }

    @Test
    void jdkClientWithAWrongPasswordGetsNoFurther() throws Exception {
        List<String> asked = new ArrayList<>();
        try (HttpClient withAuth = HttpClient.newBuilder().authenticator(answering("alice", "guess", asked)).build()) {
            try {
                HttpResponse<String> response = withAuth.send(server.request("/admin/x").build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(401, response.statusCode());
            } catch (IOException e) {
                // the JDK gives up after its retry limit with "too many authentication attempts"
                assertTrue(String.valueOf(e.getMessage()).contains("authentication"), String.valueOf(e));
            }
        }
        assertFalse(asked.isEmpty());
        assertTrue(asked.stream().allMatch("basic admin area"::equals), asked.toString());
    }

    @Test
    void utf8UserAndPassword() throws Exception {
        HttpResponse<String> response = get("/admin/", "Authorization", basic(JUERGEN, JUERGEN_PASSWORD));
        assertEquals(200, response.statusCode());
        assertEquals(JUERGEN, response.body());
        HttpResponse<String> decomposed = get("/admin/", "Authorization", basic("ju\u0308rgen", JUERGEN_PASSWORD));
        assertEquals(200, decomposed.statusCode(), "NFC applies to what the client sends");
    }

    @Test
    void wrongPasswordAndUnknownUser() throws Exception {
        for (String value : List.of(basic("alice", "guess"), basic("mallory", "wonderland"), basic("alice", ""),
                basic("", ""))) {
            HttpResponse<String> response = get("/admin/x", "Authorization", value);
            assertEquals(401, response.statusCode(), value);
            assertEquals(List.of(BASIC_ADMIN), response.headers().allValues("WWW-Authenticate"));
            assertTrue(response.body().contains("invalid user name or password"), response.body());
        }
    }

    @Test
    void authenticatedButNotAllowedIs403() throws Exception {
        HttpResponse<String> response = get("/admin/x", "Authorization", basic("bob", "builder"));
        assertEquals(403, response.statusCode());
        assertEquals(List.of(), response.headers().allValues("WWW-Authenticate"));
    }

    @Test
    void bearer() throws Exception {
        HttpResponse<String> ok = get("/api/items", "Authorization", "Bearer " + TOKEN);
        assertEquals(200, ok.statusCode());
        assertEquals("deploy", ok.body());
        HttpResponse<String> none = get("/api/items");
        assertEquals(List.of("Bearer realm=\"api\""), none.headers().allValues("WWW-Authenticate"));
        HttpResponse<String> wrong = get("/api/items", "Authorization", "Bearer " + TOKEN + "x");
        assertEquals(401, wrong.statusCode());
        assertEquals(List.of("Bearer realm=\"api\", error=\"invalid_token\""), wrong.headers().allValues("WWW-Authenticate"));
        HttpResponse<String> malformed = get("/api/items", "Authorization", "Bearer token=abc");
        assertEquals(400, malformed.statusCode());
        assertEquals(List.of("Bearer realm=\"api\", error=\"invalid_request\""),
                malformed.headers().allValues("WWW-Authenticate"));
        assertEquals(401, get("/api/items", "Authorization", basic("alice", "wonderland")).statusCode());
    }

    @Test
    void twoSchemesTwoChallenges() throws Exception {
        HttpResponse<String> none = get("/ops");
        assertEquals(401, none.statusCode());
        assertEquals(List.of("Basic realm=\"ops \\\"team\\\"\", charset=\"UTF-8\"", "Bearer realm=\"ops \\\"team\\\"\""),
                none.headers().allValues("WWW-Authenticate"));
        assertEquals("bob", get("/ops", "Authorization", basic("bob", "builder")).body());
        assertEquals("deploy", get("/ops", "Authorization", "Bearer " + TOKEN).body());
    }

    @Test
    void malformedCredentialsAre400WithoutEcho() throws Exception {
        for (String value : List.of("Basic s3cretStuff!!", "Basic s3cretStuff", "Digest a=\"s3cretStuff", "Basic")) {
            HttpResponse<String> response = get("/admin/x", "Authorization", value);
            assertEquals(400, response.statusCode(), value);
            assertFalse(response.body().contains("s3cret"), response.body());
            assertTrue(response.body().contains("malformed"), response.body());
        }
        RawClient.Response twice = wire("GET", "/admin/x", "Authorization: Basic a", "Authorization: Basic b");
        assertEquals(400, twice.status());
    }

    @Test
    void unprotectedPathsIgnoreCredentials() throws Exception {
        assertEquals("nobody", get("/public").body());
        HttpResponse<String> response = get("/public", "Authorization", "Basic !!!");
        assertEquals(200, response.statusCode(), "nobody parses credentials where none are needed");
        assertEquals(404, get("/administrator").statusCode());
    }

    @Test
    void noSpellingOfAPathSlipsPastItsPrefix() throws Exception {
        for (String target : List.of("/admin", "/admin/", "/admin/x", "/admin/../admin/x", "//admin/x", "/./admin/x",
                "/%61dmin/x", "/%2561dmin/x", "/ADMIN/x", "/Admin", "/admin%2Fx", "/admin;x=1/y",
                "/public/..%2Fadmin/x", "/files/..%2F..%2Fadmin%2Fx", "/files/..;/admin/x", "/files/x%5C..%5C..%5Cadmin",
                "/public%2F..%2Fadmin", "/api/../admin/x", "http://127.0.0.1/admin/x")) {
            RawClient.Response reply = wire("GET", target);
            assertEquals(401, reply.status(), target);
            assertEquals(List.of(BASIC_ADMIN), reply.headers().all("WWW-Authenticate"), target);
            RawClient.Response head = wire("HEAD", target);
            assertEquals(401, head.status(), "HEAD " + target);
        }
        // and what is not under the prefix still answers
        assertEquals(200, wire("GET", "/public").status());
        assertEquals(200, wire("GET", "/files/admin%2F..%2Fpublic").status());
        assertNotEquals(401, wire("GET", "/administrator").status());
    }

    @Test
    void programmaticProtectionAndRoute() throws Exception {
        assertEquals(List.of("Basic realm=\"team\", charset=\"UTF-8\""), get("/team/x").headers().allValues("WWW-Authenticate"));
        assertEquals("bob", get("/team/x", "Authorization", basic("bob", "builder")).body());
        assertEquals(403, get("/team/x", "Authorization", basic("alice", "wonderland")).statusCode());
        assertEquals(401, get("/me").statusCode());
        assertEquals("alice", get("/me", "Authorization", basic("alice", "wonderland")).body());
    }

    @Test
    void curlWithUserAndPassword() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Curl.Result ok = Curl.run("-u", "alice:wonderland", server.uri("/admin/x").toString());
        assertEquals("alice", ok.out(), ok.err());
        Curl.Result wrong = Curl.run("-i", "-u", "alice:guess", server.uri("/admin/x").toString());
        assertTrue(wrong.out().startsWith("HTTP/1.1 401"), wrong.out());
        assertTrue(wrong.out().contains("WWW-Authenticate: " + BASIC_ADMIN + "\r\n"), wrong.out());
        Curl.Result forbidden = Curl.run("-o", "/dev/null", "-w", "%{http_code}", "-u", "bob:builder",
                server.uri("/admin/x").toString());
        assertEquals("403", forbidden.out());
    }

    @Test
    void curlWithUtf8FromAConfigFile(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Path config = dir.resolve("curlrc");
        Files.writeString(config, "user = \"" + JUERGEN + ":" + JUERGEN_PASSWORD + "\"\n", StandardCharsets.UTF_8);
        Curl.Result run = Curl.run("-K", config.toString(), server.uri("/admin/").toString());
        assertEquals(JUERGEN, run.out(), run.err());
    }

    @Test
    void curlWithABearerToken() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Curl.Result ok = Curl.run("-H", "Authorization: Bearer " + TOKEN, server.uri("/api/x").toString());
        assertEquals("deploy", ok.out(), ok.err());
        Curl.Result wrong = Curl.run("-i", "-H", "Authorization: Bearer nope", server.uri("/api/x").toString());
        assertTrue(wrong.out().startsWith("HTTP/1.1 401"), wrong.out());
        assertTrue(wrong.out().contains("WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"\r\n"),
                wrong.out());
    }

    @Test
    void curlPicksASchemeFromTheChallenges() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        // --anyauth: curl asks first, reads both challenges, and answers the Basic one
        Curl.Result run = Curl.run("--anyauth", "-u", "alice:wonderland", server.uri("/ops").toString());
        assertEquals("alice", run.out(), run.err());
    }

    @Test
    void curlCannotWalkAroundThePrefix() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        for (String path : List.of("/admin/../admin/x", "/public/../admin/x", "//admin/x", "/ADMIN/x", "/%61dmin/x")) {
            Curl.Result run = Curl.run("--path-as-is", "-o", "/dev/null", "-w", "%{http_code}", server.uri("/").toString()
                    .replaceAll("/$", "") + path);
            assertEquals("401", run.out(), path + " " + run.err());
        }
    }
}
