package motor.ext.cookies.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import motor.ext.cookies.CookieSigner;
import motor.ext.cookies.Session;
import motor.ext.cookies.SessionData;
import motor.ext.cookies.SessionStore;
import motor.ext.cookies.Sessions;
import motor.ext.cookies.internal.Fakes.ManualClock;
import motor.ext.cookies.internal.Fakes.MapConfig;
import motor.spi.Handler;
import motor.spi.HttpException;
import motor.test.TestRequest;
import motor.test.TestResponse;
import org.junit.jupiter.api.Test;

/**
 * Sessions through the middleware, request after request, with a clock moved by hand: creation, expiry,
 * invalidation, regeneration, the cookie on every kind of response, concurrent use.
 */
class SessionLifecycleTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();

    private final ManualClock clock = new ManualClock();
    private final CookieSigner signer = new CookieSigner(List.of(KEY));

    private SessionManager manager = manager(Map.of(), Optional::empty);
    private CookieMiddleware middleware = new CookieMiddleware(signer, manager);

    private SessionManager manager(Map<String, ?> settings, java.util.function.Supplier<Optional<SessionStore>> store) {
        return new SessionManager(SessionSettings.read(new MapConfig("cookies.session", settings)), signer, store,
                clock);
    }

    private void use(SessionManager m) {
        manager = m;
        middleware = new CookieMiddleware(signer, m);
    }

    /** What a browser keeps: the session cookie's value, or null. */
    private String jar;

    /** A request from a browser over {@code scheme} with these {@code Cookie} headers. */
    static TestRequest browser(String scheme, String... cookieHeaders) {
        TestRequest.Builder request = TestRequest.builder().scheme(scheme);
        for (String cookie : cookieHeaders) {
            request.header("Cookie", cookie);
        }
        return request.build();
    }

    /** One request through the middleware, sending and then updating the jar like a browser. */
    private TestResponse request(String scheme, Handler handler) throws Exception {
        TestRequest request = jar == null ? browser(scheme) : browser(scheme, "motor_session=" + jar);
        TestResponse response = new TestResponse();
        middleware.handle(request, response, handler);
        absorb(response.headers().all("Set-Cookie"));
        return response;
    }

    private TestResponse request(Handler handler) throws Exception {
        return request("http", handler);
    }

    private void absorb(List<String> setCookies) {
        for (String header : setCookies) {
            assertTrue(header.startsWith("motor_session="), header);
            String value = header.substring("motor_session=".length(), header.indexOf(';'));
            jar = header.contains("Max-Age=0") ? null : value;
        }
    }

    private MemorySessionStore memory() {
        return (MemorySessionStore) manager.store();
    }

    private static Handler put(String name, Object value) {
        return (req, res) -> {
            Sessions.of(req).put(name, value);
            res.send("ok");
        };
    }

    /** Reads a value into {@code into[0]}. */
    private static Handler get(String name, Object[] into) {
        return (req, res) -> {
            into[0] = Sessions.of(req).get(name);
            res.send("ok");
        };
    }

    private Object read(String name) throws Exception {
        Object[] value = new Object[1];
        request(get(name, value));
        return value[0];
    }

    @Test
    void readingCreatesNothing() throws Exception {
        TestResponse response = request((req, res) -> {
            Session session = Sessions.of(req);
            assertNull(session.get("x"));
            assertFalse(session.exists());
            assertNull(session.id());
            assertNull(session.created());
            assertEquals(java.util.Set.of(), session.names());
            assertNull(session.remove("x"));
            session.regenerateId();
            session.invalidate();
            res.send("ok");
        });
        assertEquals(List.of(), response.headers().all("Set-Cookie"));
        assertEquals(0, memory().size());
    }

    @Test
    void theFirstPutCreatesTheSessionAndItsCookie() throws Exception {
        TestResponse response = request(put("user", "ann"));
        List<String> cookies = response.headers().all("Set-Cookie");
        assertEquals(1, cookies.size());
        String cookie = cookies.get(0);
        assertTrue(cookie.matches("motor_session=[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax"),
                cookie);
        assertEquals(1, memory().size());
        assertEquals("ann", read("user"));
        assertEquals(List.of(), request(put("user", "bob")).headers().all("Set-Cookie"),
                "an existing session needs no new cookie");
        assertEquals("bob", read("user"));
    }

    @Test
    void secureOverHttpsOrWhenAlways() throws Exception {
        assertTrue(request("https", put("a", 1)).headers().first("Set-Cookie").contains("; Secure;"));
        jar = null;
        assertFalse(request("http", put("a", 1)).headers().first("Set-Cookie").contains("Secure"));
        use(manager(Map.of("secure", "always", "cookieName", "__Host-sid"), Optional::empty));
        jar = null;
        TestResponse response = new TestResponse();
        middleware.handle(browser("http"), response, put("a", 1));
        assertTrue(response.headers().first("Set-Cookie").startsWith("__Host-sid="));
        assertTrue(response.headers().first("Set-Cookie").contains("; Secure;"));
    }

    @Test
    void idleSessionsExpireAndUseKeepsThemAlive() throws Exception {
        request(put("n", 1));
        String first = jar;
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(29));
            assertEquals(1, read("n"), "used within the idle timeout, round " + i);
        }
        clock.advance(Duration.ofMinutes(30));
        assertNull(read("n"), "unused for the idle timeout");
        request(put("n", 2));
        assertNotEquals(first, jar, "a new session has a new id");
    }

    @Test
    void sessionsEndAtTheirMaximumAgeHoweverBusy() throws Exception {
        request(put("n", 1));
        Instant created = clock.instant();
        while (clock.instant().isBefore(created.plus(Duration.ofHours(12)).minus(Duration.ofMinutes(20)))) {
            clock.advance(Duration.ofMinutes(20));
            assertEquals(1, read("n"));
        }
        clock.advance(Duration.ofMinutes(20));
        assertNull(read("n"), "twelve hours after creation");
    }

    @Test
    void expiredSessionsAreSweptFromMemory() throws Exception {
        for (int i = 0; i < 3; i++) {
            jar = null;
            request(put("n", i));
        }
        assertEquals(3, memory().size());
        clock.advance(Duration.ofMinutes(31));
        jar = null;
        request(put("n", "fresh"));
        assertEquals(1, memory().size(), "the expired three were swept");
    }

    @Test
    void invalidateDeletesTheCookieAndTheSession() throws Exception {
        request(put("user", "ann"));
        String old = jar;
        TestResponse response = request((req, res) -> {
            Sessions.of(req).invalidate();
            assertFalse(Sessions.of(req).exists());
            res.send("bye");
        });
        String cookie = response.headers().first("Set-Cookie");
        assertEquals("motor_session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax",
                cookie);
        assertNull(jar);
        assertEquals(0, memory().size());
        jar = old;
        assertNull(read("user"), "a replayed cookie finds nothing");
    }

    @Test
    void aPutAfterInvalidateStartsAFreshSession() throws Exception {
        request(put("user", "ann"));
        String old = jar;
        TestResponse response = request((req, res) -> {
            Session session = Sessions.of(req);
            session.invalidate();
            session.put("flash", "logged out");
            res.send("ok");
        });
        assertEquals(1, response.headers().count("Set-Cookie"));
        assertNotNull(jar);
        assertNotEquals(old, jar);
        assertEquals("logged out", read("flash"));
        assertNull(read("user"));
    }

    @Test
    void regenerateMovesValuesToANewIdAndForgetsTheOld() throws Exception {
        request(put("cart", "3 items"));
        String old = jar;
        Instant[] created = new Instant[2];
        String[] ids = new String[2];
        TestResponse response = request((req, res) -> {
            Session session = Sessions.of(req);
            created[0] = session.created();
            ids[0] = session.id();
            session.regenerateId();
            session.put("user", "ann");
            created[1] = session.created();
            ids[1] = session.id();
            res.send("logged in");
        });
        assertEquals(1, response.headers().count("Set-Cookie"));
        assertNotEquals(ids[0], ids[1]);
        assertEquals(created[0], created[1], "the absolute timeout still counts from the first creation");
        assertNotEquals(old, jar);
        assertEquals("3 items", read("cart"));
        assertEquals("ann", read("user"));
        assertEquals(1, memory().size());
        jar = old;
        assertNull(read("user"), "the old id is worth nothing");
    }

    @Test
    void aPlantedIdIsNeverAdopted() throws Exception {
        // session fixation: an attacker sets the victim's cookie to an id of their choosing
        for (String planted : new String[] {"attacker-chosen-id", signer.sign("motor_session", "attacker-chosen-id"),
            new CookieSigner(List.of("another key of thirty-two bytes!".getBytes())).sign("motor_session", "x")}) {
            jar = planted;
            request(put("user", "victim"));
            assertNotEquals(planted, jar);
            assertFalse(jar.startsWith("attacker-chosen-id"), jar);
        }
    }

    @Test
    void aStaleCookieIsNotDeleted() throws Exception {
        // another request of the same client may be setting a new cookie right now: a deletion could undo it
        jar = signer.sign("motor_session", "unknown");
        TestResponse response = request(get("x", new Object[1]));
        assertEquals(List.of(), response.headers().all("Set-Cookie"));
    }

    @Test
    void theCookieGoesOutWhenTheHandlerSendsNothing() throws Exception {
        TestResponse response = request((req, res) -> Sessions.of(req).put("a", 1));
        assertFalse(response.committed());
        assertEquals(1, response.headers().count("Set-Cookie"));
    }

    @Test
    void theCookieGoesOutBeforeAStreamedBody() throws Exception {
        TestResponse response = request((req, res) -> {
            Sessions.of(req).put("a", 1);
            res.headers().set("Content-Type", "text/plain");
            res.output().write('x');
            assertEquals(1, res.headers().count("Set-Cookie"), "added before the stream opened");
        });
        assertEquals(1, response.headers().count("Set-Cookie"));
        assertEquals(1, read("a"));
    }

    @Test
    void creatingAfterCommitFailsLoudly() throws Exception {
        request((req, res) -> {
            res.send("early");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Sessions.of(req).put("a", 1));
            assertTrue(e.getMessage().contains("after the response has started"), e.getMessage());
        });
        assertNull(jar);
        assertEquals(0, memory().size());

        request(put("a", 1));
        request((req, res) -> {
            res.send("early");
            Sessions.of(req).put("a", 2); // an existing session can still change
            assertThrows(IllegalStateException.class, () -> Sessions.of(req).regenerateId());
            Sessions.of(req).invalidate(); // server side, always possible
        });
        assertNotNull(jar, "the committed response could not delete the cookie");
        assertNull(read("a"), "but the session is gone");
    }

    @Test
    void theCookieRidesOnErrorResponses() throws Exception {
        HttpException e = assertThrows(HttpException.class, () -> request((req, res) -> {
            Sessions.of(req).put("a", 1);
            throw new HttpException(409, "conflict");
        }));
        assertEquals(409, e.status());
        absorb(e.headers().all("Set-Cookie"));
        assertEquals(1, read("a"));
    }

    @Test
    void otherFailuresAreWrappedOnlyWhenACookieMustGoOut() throws Exception {
        IllegalStateException bug = new IllegalStateException("bug");
        HttpException e = assertThrows(HttpException.class, () -> request((req, res) -> {
            Sessions.of(req).put("a", 1);
            throw bug;
        }));
        assertEquals(500, e.status());
        assertSame(bug, e.getCause());
        assertEquals(1, e.headers().count("Set-Cookie"));

        IOException io = new IOException("client gone");
        IOException thrown = assertThrows(IOException.class, () -> request((req, res) -> {
            Sessions.of(req).get("a");
            throw io;
        }));
        assertSame(io, thrown);
    }

    @Test
    void concurrentRequestsShareTheSessionSafely() throws Exception {
        request(put("start", true));
        String cookie = jar;
        int threads = 16;
        int perThread = 200;
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    assertTrue(go.await(10, TimeUnit.SECONDS));
                    for (int i = 0; i < perThread; i++) {
                        TestResponse response = new TestResponse();
                        int n = i;
                        middleware.handle(browser("http", "motor_session=" + cookie), response, (req, res) -> {
                            Session session = Sessions.of(req);
                            session.put("k" + thread + "." + n, n);
                        });
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        Object[] names = new Object[1];
        request((req, res) -> {
            names[0] = Sessions.of(req).names();
            res.send("ok");
        });
        assertEquals(threads * perThread + 1, ((java.util.Set<?>) names[0]).size());
        assertEquals(1, memory().size());
    }

    @Test
    void aProvidedStoreIsUsedAndToldOfChanges() throws Exception {
        RecordingStore store = new RecordingStore();
        use(manager(Map.of(), () -> Optional.of(store)));
        request(put("a", 1));
        assertEquals(List.of("add", "save"), store.calls);
        store.calls.clear();
        assertEquals(1, read("a"));
        assertEquals(List.of("find"), store.calls, "reading saves nothing");
        store.calls.clear();
        request(put("a", 2));
        assertEquals(List.of("find", "save"), store.calls);
        store.calls.clear();
        request((req, res) -> {
            res.send("first");
            Sessions.of(req).put("late", true);
        });
        assertEquals(List.of("find", "save"), store.calls, "a change after commit is saved at the end");
        store.calls.clear();
        request((req, res) -> Sessions.of(req).regenerateId());
        assertEquals(List.of("find", "add", "remove"), store.calls);
    }

    @Test
    void withoutSessionsOnlyTheSignerIsThere() throws Exception {
        CookieMiddleware plain = new CookieMiddleware(signer, null);
        TestRequest request = browser("http");
        plain.handle(request, new TestResponse(), (req, res) -> {
            assertSame(signer, CookieSigner.of(req));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Sessions.of(req));
            assertTrue(e.getMessage().contains("cookies.session.enabled"), e.getMessage());
        });
        assertThrows(IllegalStateException.class, () -> CookieSigner.of(browser("http")));
    }

    /** A store that keeps copies, as a network store would, and records what it is asked. */
    private static final class RecordingStore implements SessionStore {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Map<String, Object>> saved = new ConcurrentHashMap<>();
        final Map<String, Instant[]> times = new ConcurrentHashMap<>();

        @Override
        public SessionData find(String id, Instant now) {
            calls.add("find");
            Map<String, Object> values = saved.get(id);
            return values == null ? null : new SessionData(id, times.get(id)[0], now, values);
        }

        @Override
        public void add(SessionData session, Instant now) {
            calls.add("add");
            saved.put(session.id(), Map.copyOf(session.values()));
            times.put(session.id(), new Instant[] {session.created()});
        }

        @Override
        public void save(SessionData session, Instant now) {
            calls.add("save");
            saved.put(session.id(), Map.copyOf(session.values()));
        }

        @Override
        public void remove(String id) {
            calls.add("remove");
            saved.remove(id);
        }

        @Override
        public String toString() {
            return Arrays.toString(calls.toArray());
        }
    }
}
