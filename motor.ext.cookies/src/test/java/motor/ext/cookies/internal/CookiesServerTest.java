package motor.ext.cookies.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import motor.core.Server;
import motor.ext.cookies.Cookie;
import motor.ext.cookies.CookieSigner;
import motor.ext.cookies.Cookies;
import motor.ext.cookies.Session;
import motor.ext.cookies.Sessions;
import motor.ext.cookies.SetCookie;
import motor.ext.cookies.internal.Fakes.ManualClock;
import motor.spi.HttpException;
import motor.spi.Routes;
import motor.spi.extension.ConfigException;
import motor.test.Curl;
import motor.test.RawClient;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension in a real server on a loopback port, used by real clients: the JDK HttpClient with a
 * CookieManager, curl with its cookie jar, and a raw socket for what clients would not send.
 */
class CookiesServerTest {

    private static final String KEY = "a test key, long enough to sign with";

    private final ManualClock clock = new ManualClock();
    private TestServer server;
    private HttpClient client;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.close();
        }
    }

    private void start(Map<String, ?> settings) throws Exception {
        server = TestServer.start(Server.builder().discoverExtensions(false)
                .extension(new CookiesExtension(clock)).config(Map.of("cookies", settings))
                .routes(CookiesServerTest::routes));
    }

    private void start() throws Exception {
        start(Map.of("keys", List.of(KEY)));
    }

    static void routes(Routes routes) {
        routes.get("/visits", (req, res) -> {
            Session session = Sessions.of(req);
            Integer visits = session.get("visits", Integer.class);
            int next = visits == null ? 1 : visits + 1;
            session.put("visits", next);
            res.send(Integer.toString(next));
        });
        routes.post("/login", (req, res) -> {
            Session session = Sessions.of(req);
            session.regenerateId();
            session.put("user", req.query().first("user"));
            res.send("welcome");
        });
        routes.post("/logout", (req, res) -> {
            Sessions.of(req).invalidate();
            res.send("bye");
        });
        routes.get("/whoami", (req, res) -> {
            Object user = Sessions.of(req).get("user");
            res.send(user == null ? "anonymous" : user.toString());
        });
        routes.get("/pref/set", (req, res) -> {
            CookieSigner signer = CookieSigner.of(req);
            Cookies.set(res, signer.sign(SetCookie.builder("pref", req.query().first("v")).build()));
            res.send("set");
        });
        routes.get("/pref", (req, res) -> {
            String pref = CookieSigner.of(req).get(req, "pref");
            res.send(pref == null ? "absent" : pref);
        });
        routes.get("/cookies", (req, res) -> {
            StringBuilder sb = new StringBuilder();
            for (Cookie cookie : Cookies.all(req)) {
                sb.append('[').append(cookie.name()).append('=').append(cookie.value()).append(']');
            }
            res.headers().set("Content-Type", "text/plain; charset=utf-8");
            res.send(sb.toString().getBytes(StandardCharsets.UTF_8));
        });
        routes.get("/fail-after-output", (req, res) -> {
            Sessions.of(req).put("tried", true);
            res.output(); // the cookie goes into the head, which is not written yet
            if (req.query().first("http") != null) {
                throw new HttpException(409, "conflict");
            }
            throw new IllegalStateException("failed before writing");
        });
        routes.get("/file-visit", (req, res) -> {
            Sessions.of(req).put("visits", 1);
            Path file = Files.createTempFile("cookies", ".txt");
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
                Files.writeString(file, "from a file");
                res.send(channel, 0, channel.size());
            } finally {
                Files.delete(file);
            }
        });
        routes.get("/fail", (req, res) -> {
            Sessions.of(req).put("tried", true);
            throw new HttpException(403, "not allowed");
        });
    }

    private String url(String path) {
        return server.uri(path).toString();
    }

    private HttpClient clientWith(CookieManager cookies) {
        client = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(10)).build();
        return client;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(server.request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return client.send(server.request(path).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET with a Cookie header of our own making; returns the body. */
    private String withCookie(HttpClient with, String path, String cookie) throws Exception {
        return with.send(server.request(path).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static HttpCookie session(CookieManager cookies) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("motor_session"))
                .findFirst().orElse(null);
    }

    @Test
    void discoveredThroughServiceLoader() throws Exception {
        getClass().getModule().addUses(motor.spi.extension.Extension.class);
        server = TestServer.start(Server.builder().routes(CookiesServerTest::routes));
        assertTrue(server.server().extensions().stream().anyMatch(e -> e.name().equals("cookies")));
        clientWith(new CookieManager(null, CookiePolicy.ACCEPT_ALL));
        assertEquals("1", get("/visits").body());
        assertEquals("2", get("/visits").body(), "works with the random key of the process");
    }

    @Test
    void aFileBodyCarriesTheSessionCookie() throws Exception {
        start();
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        clientWith(cookies);
        HttpResponse<String> response = get("/file-visit");
        assertEquals("from a file", response.body());
        assertTrue(response.headers().firstValue("Set-Cookie").orElseThrow().startsWith("motor_session="));
        assertEquals("2", get("/visits").body(), "the session the file response created is the client's");
    }

    @Test
    void aSessionFollowsTheJdkClient() throws Exception {
        start();
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        clientWith(cookies);
        assertEquals("anonymous", get("/whoami").body());
        assertTrue(cookies.getCookieStore().getCookies().isEmpty(), "reading made no session");

        HttpResponse<String> first = get("/visits");
        assertEquals("1", first.body());
        String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.endsWith("; Path=/; HttpOnly; SameSite=Lax"), setCookie);
        HttpCookie cookie = session(cookies);
        assertNotNull(cookie);
        assertTrue(cookie.isHttpOnly());
        assertEquals("2", get("/visits").body());
        HttpResponse<String> third = get("/visits");
        assertEquals("3", third.body());
        assertTrue(third.headers().allValues("Set-Cookie").isEmpty(), "the cookie is set once");

        assertEquals("welcome", post("/login?user=ann").body());
        HttpCookie afterLogin = session(cookies);
        assertNotEquals(cookie.getValue(), afterLogin.getValue(), "login regenerates the id");
        assertEquals("ann", get("/whoami").body());
        assertEquals("4", get("/visits").body(), "values survive the regeneration");

        HttpResponse<String> logout = post("/logout");
        assertTrue(logout.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        assertEquals(null, session(cookies), "the client dropped the cookie");
        assertEquals("anonymous", get("/whoami").body());

        // replaying the cookie from before the login finds nothing (its session had 3 visits): fixation
        // and the theft of old ids are useless
        CookieManager replay = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        replay.getCookieStore().add(server.uri("/"), cookie);
        client.close();
        clientWith(replay);
        assertEquals("1", get("/visits").body());
    }

    @Test
    void idleSessionsExpireByTheServersClock() throws Exception {
        start(Map.of("keys", List.of(KEY), "session", Map.of("idleTimeout", "10m")));
        clientWith(new CookieManager(null, CookiePolicy.ACCEPT_ALL));
        assertEquals("1", get("/visits").body());
        clock.advance(Duration.ofMinutes(9));
        assertEquals("2", get("/visits").body());
        clock.advance(Duration.ofMinutes(10));
        assertEquals("1", get("/visits").body(), "ten idle minutes ended it");
    }

    @Test
    void theCookieSurvivesAFailureAfterOutputBeforeAnyByte() throws Exception {
        start();
        for (String path : List.of("/fail-after-output", "/fail-after-output?http=1")) {
            CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
            clientWith(cookies);
            HttpResponse<String> failed = get(path);
            assertEquals(path.endsWith("1") ? 409 : 500, failed.statusCode());
            assertTrue(failed.headers().firstValue("Set-Cookie").orElseThrow().startsWith("motor_session="), path);
            assertEquals(1, failed.headers().allValues("Set-Cookie").size(), path);
            assertNotNull(session(cookies));
        }
    }

    @Test
    void theCookieIsOnErrorResponsesToo() throws Exception {
        start();
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        clientWith(cookies);
        HttpResponse<String> failed = get("/fail");
        assertEquals(403, failed.statusCode());
        assertTrue(failed.headers().firstValue("Set-Cookie").orElseThrow().startsWith("motor_session="));
        assertNotNull(session(cookies));
    }

    @Test
    void signedCookiesResistTampering() throws Exception {
        start();
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        clientWith(cookies);
        assertEquals("absent", get("/pref").body());
        get("/pref/set?v=dark");
        assertEquals("dark", get("/pref").body());
        HttpCookie pref = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("pref"))
                .findFirst().orElseThrow();
        String signature = pref.getValue().substring("dark".length());
        assertEquals("dark", new CookieSigner(List.of(KEY.getBytes(StandardCharsets.UTF_8))).verify("pref",
                pref.getValue()), "signed with the configured key");

        HttpClient bare = HttpClient.newHttpClient();
        try {
            for (String forged : new String[] {"light" + signature, "dark", "dark.", pref.getValue() + "x",
                "dark" + signature.toUpperCase(java.util.Locale.ROOT), "\"dark\"" + signature}) {
                assertEquals("absent", withCookie(bare, "/pref", "pref=" + forged), forged);
            }
            assertEquals("dark", withCookie(bare, "/pref", "pref=light" + signature + "; pref=" + pref.getValue()),
                    "a forged duplicate is skipped, the genuine one found");
        } finally {
            bare.close();
        }
    }

    @Test
    void rotatedKeysStillVerifyOldCookies() throws Exception {
        String old = "the old key, which we are rotating away";
        String signed = new CookieSigner(List.of(old.getBytes(StandardCharsets.UTF_8))).sign("pref", "blue");
        start(Map.of("keys", List.of("the new key, which signs from now on", old)));
        client = HttpClient.newHttpClient();
        assertEquals("blue", withCookie(client, "/pref", "pref=" + signed));
    }

    @Test
    void whatBrowsersSendIsParsedOverTheWire() throws Exception {
        start();
        String head = "GET /cookies HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Cookie: $Version=1; a=1;b=\"quoted value\" ; c; =skipped; d=x=y\r\n"
                + "Cookie: name=Zo\u00c3\u00ab; a=again\r\n\r\n";
        String response = raw(head.getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        String body = new String(response.substring(response.indexOf("\r\n\r\n") + 4).getBytes(
                StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        assertEquals("[a=1][b=quoted value][c=][d=x=y][name=Zoë][a=again]", body);
    }

    @Test
    void hostileCookieHeadersNeverBreakTheServer() throws Exception {
        start();
        String[] hostile = {"a=\u00ff\u00fe; ok=1", "\u00c3(; ok=1", ";;;;;;;;;;; ok=1", "ok=1; " + "x;".repeat(3000),
            "ok=1; motor_session=" + "A".repeat(43) + "." + "B".repeat(43), "ok=1; motor_session=..."};
        for (String cookie : hostile) {
            String response = raw(("GET /whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: " + cookie
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.endsWith("anonymous"), response);
        }
        String response = raw("GET /whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: a=\u0001\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(response.startsWith("HTTP/1.1 400") || response.startsWith("HTTP/1.1 200"), response);
        client = HttpClient.newHttpClient();
        assertEquals("anonymous", get("/whoami").body(), "and the server goes on");
    }

    @Test
    void wrongSettingsStopTheStart() {
        assertThrows(ConfigException.class, () -> start(Map.of("session", Map.of("secure", "sometimes"))));
        server = null;
        assertThrows(ConfigException.class, () -> start(Map.of("keys", List.of("short"))));
        server = null;
        Exception e = assertThrows(Exception.class, () -> start(Map.of("sesion", Map.of())));
        assertTrue(e.getMessage().contains("cookies.sesion"), e.getMessage());
        server = null;
    }

    @Test
    void sessionsCanBeSwitchedOff() throws Exception {
        start(Map.of("keys", List.of(KEY), "session", Map.of("enabled", false)));
        client = HttpClient.newHttpClient();
        assertEquals(500, get("/visits").statusCode());
        assertEquals("absent", get("/pref").body(), "signed cookies still work");
    }

    @Test
    void curlKeepsTheSessionInItsCookieJar(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        start(Map.of("keys", List.of(KEY), "session", Map.of("cookieName", "sid")));
        Path jar = dir.resolve("jar.txt");
        String jarPath = jar.toString();
        assertEquals("1", Curl.run("-c", jarPath, "-b", jarPath, url("/visits")).out());
        String saved = Files.readString(jar);
        assertTrue(saved.contains("#HttpOnly_127.0.0.1") && saved.contains("\tsid\t"), saved);
        assertEquals("2", Curl.run("-c", jarPath, "-b", jarPath, url("/visits")).out());
        assertEquals("welcome", Curl.run("-c", jarPath, "-b", jarPath, "-X", "POST", url("/login?user=bob")).out());
        assertEquals("bob", Curl.run("-b", jarPath, url("/whoami")).out());
        assertEquals("anonymous", Curl.run("-b", "sid=forged", url("/whoami")).out());
        assertEquals("bye", Curl.run("-c", jarPath, "-b", jarPath, "-X", "POST", url("/logout")).out());
        assertFalse(Files.readString(jar).contains("\tsid\t"), "curl dropped the deleted cookie");
        assertEquals("anonymous", Curl.run("-b", jarPath, url("/whoami")).out());

        Curl.Result verbose = Curl.run("-v", "-o", "/dev/null", url("/visits"));
        assertTrue(verbose.err().contains("Set-Cookie: sid="), verbose.err());
        assertEquals("[a=1][b=2]", Curl.run("-b", "a=1; b=2", url("/cookies")).out());
    }

    /** Sends bytes a client library would refuse to send, and reads the whole answer. */
    private String raw(byte[] request) throws Exception {
        try (RawClient raw = server.raw()) {
            return raw.send(request).readToEnd();
        }
    }
}
