package motor.ext.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import motor.core.Server;
import motor.spi.extension.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code auth} section: every mistake stops the start with the key and what was expected. */
class AuthConfigTest {

    private static final String HASH = Passwords.hash("pw".toCharArray(), 1000);
    private static final String TOKEN_HASH = Tokens.hash("token");

    @BeforeAll
    static void uses() {
        AuthConfigTest.class.getModule().addUses(motor.spi.extension.Extension.class);
    }

    private static Map<String, Object> rule(Object... keysAndValues) {
        Map<String, Object> rule = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            rule.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return rule;
    }

    private static Map<String, Object> section(List<Map<String, Object>> rules) {
        return Map.of("users", Map.of("alice", HASH), "tokens", Map.of("ci", TOKEN_HASH), "protect", rules);
    }

    private static ConfigException refused(Map<String, Object> section) {
        Server server = Server.builder().listen("127.0.0.1", 0).config(Map.of("auth", section)).build();
        try {
            ConfigException e = assertThrows(ConfigException.class, server::start);
            return e;
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void malformedHashNamesTheUserNotTheHash() {
        ConfigException e = refused(Map.of("users", Map.of("alice", "pbkdf2-sha256$1000$c2VjcmV0c2FsdA==$tooShort")));
        assertEquals("auth.users.alice", e.key());
        assertTrue(e.getMessage().contains("the hash must be from 16 to 64 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains("tooShort"), e.getMessage());
        assertEquals("auth.users.a:b", refused(Map.of("users", Map.of("a:b", HASH))).key());
        assertEquals("auth.tokens.ci", refused(Map.of("tokens", Map.of("ci", "sha256$123"))).key());
    }

    @Test
    void ruleMistakes() {
        assertEquals("auth.protect[0].prefix", refused(section(List.of(rule("scheme", "basic", "realm", "r")))).key());
        assertEquals("auth.protect[0].prefix",
                refused(section(List.of(rule("prefix", "admin", "scheme", "basic", "realm", "r")))).key());
        assertEquals("auth.protect[0].realm", refused(section(List.of(rule("prefix", "/a", "scheme", "basic")))).key());
        assertEquals("auth.protect[0].realm",
                refused(section(List.of(rule("prefix", "/a", "scheme", "basic", "realm", "line\nbreak")))).key());
        assertEquals("auth.protect[0].scheme", refused(section(List.of(rule("prefix", "/a", "realm", "r")))).key());
        ConfigException digest = refused(section(List.of(rule("prefix", "/a", "scheme", "digest", "realm", "r"))));
        assertEquals("auth.protect[0].scheme: expected \"basic\" or \"bearer\", found \"digest\"", digest.getMessage());
        assertEquals("auth.protect[0].scheme",
                refused(section(List.of(rule("prefix", "/a", "scheme", List.of("basic", "BASIC"), "realm", "r")))).key());
        ConfigException allow = refused(section(List.of(rule("prefix", "/a", "scheme", "basic", "realm", "r",
                "allow", List.of("ci")))));
        assertEquals("auth.protect[0].allow: no user or token named \"ci\" can sign in here", allow.getMessage());
        assertEquals("auth.protect[0].allow", refused(section(List.of(rule("prefix", "/a", "scheme", "basic", "realm", "r",
                "allow", List.of())))).key());
        assertEquals("auth.protect", refused(section(List.of(rule("prefix", "/a", "scheme", "basic", "realm", "r"),
                rule("prefix", "/A/", "scheme", "bearer", "realm", "r")))).key());
        assertEquals("auth.passwordCache", refused(Map.of("passwordCache", "soon")).key());
    }

    @Test
    void schemesNeedTheirSecrets() {
        ConfigException basic = refused(Map.of("protect", List.of(rule("prefix", "/a", "scheme", "basic", "realm", "r"))));
        assertEquals("auth.protect[0].scheme: basic needs users in the auth.users setting", basic.getMessage());
        ConfigException bearer = refused(Map.of("users", Map.of("alice", HASH),
                "protect", List.of(rule("prefix", "/a", "scheme", "bearer", "realm", "r"))));
        assertEquals("auth.protect[0].scheme: bearer needs tokens in the auth.tokens setting", bearer.getMessage());
    }

    @Test
    void unknownKeysStopTheStart() {
        ConfigException e = refused(section(List.of(rule("prefix", "/a", "scheme", "basic", "realm", "r", "realms", "x"))));
        assertTrue(e.getMessage().contains("auth.protect[0].realms: unknown setting"), e.getMessage());
        ConfigException top = refused(Map.of("user", Map.of()));
        assertTrue(top.getMessage().contains("auth.user: unknown setting"), top.getMessage());
    }

    @Test
    void aJsonFileWorks(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("motor.json");
        Files.writeString(file, """
                {"server": {"host": "127.0.0.1", "port": 0},
                 "auth": {
                   "users": {"alice": "%s"},
                   "protect": [{"prefix": "/private", "scheme": "basic", "realm": "private"}]
                 }}""".formatted(HASH));
        Server server = Server.builder().config(file).routes(r -> r.get("/private", (rq, rs) -> rs.send("in"))).build().start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/private")).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, response.statusCode());
            assertEquals("Basic realm=\"private\", charset=\"UTF-8\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
            HttpResponse<String> in = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/private")).header("Authorization", "Basic " + new BasicCredentials("alice", "pw").encode())
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("in", in.body());
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void withoutRulesNothingIsProtected() throws Exception {
        Server server = Server.builder().listen("127.0.0.1", 0).config(Map.of("auth", Map.of("users", Map.of("alice", HASH))))
                .routes(r -> r.get("/x", (rq, rs) -> rs.send("open"))).build().start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/x")).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("open", response.body());
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }
}
