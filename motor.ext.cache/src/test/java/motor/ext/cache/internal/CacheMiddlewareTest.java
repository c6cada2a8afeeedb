package motor.ext.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import motor.ext.cache.CacheStore;
import motor.spi.Handler;
import motor.spi.HttpException;
import motor.spi.Preconditions;
import motor.spi.Request;
import motor.spi.Status;
import motor.test.TestRequest;
import motor.test.TestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheMiddlewareTest {

    private final ManualClock clock = new ManualClock();
    private final MemoryStore store = new MemoryStore(1 << 20, 8);
    private final AtomicInteger runs = new AtomicInteger();
    private final List<Request> seen = new ArrayList<>();

    static Settings settings(long maxEntrySize, String header, boolean cookieCredentials, String... paths) {
        return new Settings(new PathPrefixes(List.of(paths)), 1 << 20, maxEntrySize, 8, header, true,
                Duration.ofSeconds(10), true, cookieCredentials);
    }

    private CacheMiddleware cache() {
        return new CacheMiddleware(settings(64 * 1024, "X-Cache", true, "/c"), () -> store, clock);
    }

    /** A handler that counts its runs and answers with the given fields and body. */
    private Handler answering(String body, String... fields) {
        return (request, response) -> {
            runs.incrementAndGet();
            seen.add(request);
            for (int i = 0; i < fields.length; i += 2) {
                response.headers().add(fields[i], fields[i + 1]);
            }
            response.send(body);
        };
    }

    private static TestResponse run(CacheMiddleware cache, TestRequest request, Handler handler) throws Exception {
        TestResponse response = new TestResponse();
        cache.handle(request, response, handler);
        return response;
    }

    private static TestRequest get(String target, String... headers) {
        return TestRequest.builder("GET", target).headers(headers).build();
    }

    @Test
    void missThenHitWithAge() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = answering("one", "Cache-Control", "max-age=60", "Content-Type", "text/plain");
        TestResponse first = run(cache, get("/c/a"), handler);
        assertEquals("MISS", first.headers().first("X-Cache"));
        assertEquals("one", first.text());
        assertNull(first.headers().first("Age"));

        clock.advance(Duration.ofSeconds(30));
        TestResponse second = run(cache, get("/c/a"), handler);
        assertEquals("HIT", second.headers().first("X-Cache"));
        assertEquals("30", second.headers().first("Age"));
        assertEquals("one", second.text());
        assertEquals("text/plain", second.headers().first("Content-Type"));
        assertEquals("max-age=60", second.headers().first("Cache-Control"));
        assertEquals(1, runs.get());

        clock.advance(Duration.ofSeconds(30));
        TestResponse third = run(cache, get("/c/a"), handler);
        assertEquals("MISS", third.headers().first("X-Cache"), "stale and without a validator");
        assertEquals(2, runs.get());
    }

    @Test
    void onlyConfiguredPathsAreCached() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = answering("x", "Cache-Control", "max-age=60");
        run(cache, get("/other"), handler);
        TestResponse again = run(cache, get("/other"), handler);
        assertNull(again.headers().first("X-Cache"));
        assertEquals(2, runs.get());
    }

    @Test
    void responsesThatMayNotBeStoredAreNot() throws Exception {
        String[][] cases = {
            {"Cache-Control", "no-store, max-age=60"},
            {"Cache-Control", "private, max-age=60"},
            {"Cache-Control", "max-age=60", "Set-Cookie", "a=b"},
            {"Cache-Control", "max-age=60", "Vary", "*"},
            {"Cache-Control", "max-age=60", "Vary", "Accept", "Vary", "*"},
            {"Content-Type", "text/plain"},
            {"Cache-Control", "max-age=0"},
            {"Cache-Control", "no-cache, max-age=60"},
            {"Cache-Control", "public"},
            {"Expires", "0"},
        };
        CacheMiddleware cache = cache();
        for (String[] fields : cases) {
            runs.set(0);
            String target = "/c/" + String.join("-", fields).replaceAll("[^a-zA-Z0-9]", "");
            run(cache, get(target), answering("x", fields));
            TestResponse again = run(cache, get(target), answering("x", fields));
            assertEquals("MISS", again.headers().first("X-Cache"), List.of(fields).toString());
            assertEquals(2, runs.get(), List.of(fields).toString());
        }
    }

    @Test
    void statusesThatAreNotStored() throws Exception {
        CacheMiddleware cache = cache();
        for (int status : new int[] {Status.PARTIAL_CONTENT, Status.NOT_MODIFIED}) {
            runs.set(0);
            Handler handler = (request, response) -> {
                runs.incrementAndGet();
                response.status(status);
                response.headers().set("Cache-Control", "max-age=60");
                if (status == Status.PARTIAL_CONTENT) {
                    response.headers().set("Content-Range", "bytes 0-0/10");
                    response.send("x");
                }
            };
            run(cache, get("/c/s" + status), handler);
            run(cache, get("/c/s" + status), handler);
            assertEquals(2, runs.get(), "status " + status);
        }
    }

    @Test
    void aStoredNotFoundIsServed() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = (request, response) -> {
            runs.incrementAndGet();
            response.headers().set("Cache-Control", "max-age=60");
            response.send(404, "gone");
        };
        run(cache, get("/c/missing"), handler);
        TestResponse hit = run(cache, get("/c/missing", "If-None-Match", "*"), handler);
        assertEquals(404, hit.status());
        assertEquals("gone", hit.text(), "preconditions apply to 2xx only");
        assertEquals(1, runs.get());
    }

    @Test
    void credentialsNeedPublic() throws Exception {
        CacheMiddleware cache = cache();
        Handler personal = answering("mine", "Cache-Control", "max-age=60");
        run(cache, get("/c/p", "Authorization", "Basic dTpw"), personal);
        run(cache, get("/c/p"), personal);
        assertEquals(2, runs.get(), "a response to an Authorization request is not stored without public");

        run(cache, get("/c/cookie", "Cookie", "sid=1"), personal);
        run(cache, get("/c/cookie"), personal);
        assertEquals(4, runs.get(), "nor one to a request with a cookie");

        Principal ann = () -> "ann";
        run(cache, TestRequest.builder("GET", "/c/principal").attribute(Request.PRINCIPAL, ann).build(), personal);
        run(cache, get("/c/principal"), personal);
        assertEquals(6, runs.get(), "nor one to an authenticated request");

        Handler shared = answering("all", "Cache-Control", "public, max-age=60");
        run(cache, get("/c/s", "Authorization", "Basic dTpw"), shared);
        TestResponse hit = run(cache, get("/c/s"), shared);
        assertEquals("HIT", hit.headers().first("X-Cache"));
        assertEquals(7, runs.get());
        Handler sMaxAge = answering("all", "Cache-Control", "s-maxage=60");
        run(cache, get("/c/sm", "Cookie", "a=b"), sMaxAge);
        assertEquals("HIT", run(cache, get("/c/sm"), sMaxAge).headers().first("X-Cache"));
    }

    @Test
    void whatAuthenticationInsideTheCacheLetThroughIsNotStored() throws Exception {
        CacheMiddleware cache = cache();
        // like Auth.require on the route: inside the cache, it checks an API key and sets the principal
        Handler guarded = (request, response) -> {
            if (!"k1".equals(request.header("X-Api-Key"))) {
                throw new HttpException(Status.UNAUTHORIZED, "authentication required");
            }
            request.attributes().put(Request.PRINCIPAL, (Principal) () -> "ann");
            runs.incrementAndGet();
            response.headers().set("Cache-Control", "public, max-age=60");
            response.send("report for ann");
        };
        TestResponse first = run(cache, get("/c/report", "X-Api-Key", "k1"), guarded);
        assertEquals("report for ann", first.text());
        HttpException refused = assertThrows(HttpException.class, () -> run(cache, get("/c/report"), guarded));
        assertEquals(Status.UNAUTHORIZED, refused.status(), "a request without the key never gets the stored copy");
        assertEquals(0, store.keys());

        // a principal established outside the cache (Auth.protect) is checked on every request: declared
        // shared, the response is stored as before
        Principal ann = () -> "ann";
        Handler shared = answering("same for all", "Cache-Control", "public, max-age=60");
        run(cache, TestRequest.builder("GET", "/c/shared").attribute(Request.PRINCIPAL, ann).build(), shared);
        TestResponse hit = run(cache, TestRequest.builder("GET", "/c/shared").attribute(Request.PRINCIPAL, ann).build(),
                shared);
        assertEquals("HIT", hit.headers().first("X-Cache"));
    }

    @Test
    void requestsWithCredentialsGetOnlyWhatIsDeclaredShared() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = (request, response) -> {
            runs.incrementAndGet();
            response.headers().set("Cache-Control", "max-age=60");
            response.send(request.headers().contains("Cookie") ? "signed in" : "anonymous");
        };
        run(cache, get("/c/page"), handler);
        TestResponse signedIn = run(cache, get("/c/page", "Cookie", "sid=1"), handler);
        assertEquals("signed in", signedIn.text());
        assertEquals("MISS", signedIn.headers().first("X-Cache"));
        TestResponse anonymous = run(cache, get("/c/page"), handler);
        assertEquals("anonymous", anonymous.text());
        assertEquals("HIT", anonymous.headers().first("X-Cache"), "the signed-in answer replaced nothing");
        assertEquals(2, runs.get());

        Handler shared = answering("same for all", "Cache-Control", "public, max-age=60");
        run(cache, get("/c/shared"), shared);
        TestResponse hit = run(cache, get("/c/shared", "Authorization", "Bearer x"), shared);
        assertEquals("HIT", hit.headers().first("X-Cache"));
        assertEquals(3, runs.get());
    }

    @Test
    void cookiesCanBeDeclaredNotCredentials() throws Exception {
        CacheMiddleware cache = new CacheMiddleware(settings(1024, "X-Cache", false, "/"), () -> store, clock);
        Handler handler = answering("x", "Cache-Control", "max-age=60");
        run(cache, get("/a", "Cookie", "theme=dark"), handler);
        assertEquals("HIT", run(cache, get("/a"), handler).headers().first("X-Cache"));
    }

    @Test
    void hostIsPartOfTheKey() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = (request, response) -> {
            runs.incrementAndGet();
            response.headers().set("Cache-Control", "max-age=60");
            response.send("for " + request.authority());
        };
        run(cache, get("/c/h", "Host", "evil.example"), handler);
        TestResponse good = run(cache, get("/c/h", "Host", "good.example"), handler);
        assertEquals("for good.example", good.text());
        assertEquals(2, runs.get());
        assertEquals("for good.example", run(cache, get("/c/h", "Host", "GOOD.example"), handler).text());
        assertEquals(2, runs.get());
        run(cache, get("/c/h?x=1", "Host", "good.example"), handler);
        assertEquals(3, runs.get(), "the query is part of the key");
    }

    @Test
    void forwardedFieldsTheResponseDoesNotNameStillSelectTheirOwnEntry() throws Exception {
        CacheMiddleware cache = cache();
        // builds links from X-Forwarded-Host without saying Vary: a forged one must not reach others
        Handler links = (request, response) -> {
            runs.incrementAndGet();
            String host = request.header("X-Forwarded-Host");
            response.headers().set("Cache-Control", "max-age=60");
            response.send("<script src=//" + (host == null ? "localhost" : host) + "/app.js>");
        };
        TestResponse forged = run(cache, get("/c/links", "X-Forwarded-Host", "evil.example"), links);
        assertEquals("<script src=//evil.example/app.js>", forged.text());
        TestResponse plain = run(cache, get("/c/links"), links);
        assertEquals("MISS", plain.headers().first("X-Cache"));
        assertEquals("<script src=//localhost/app.js>", plain.text());
        assertEquals("HIT", run(cache, get("/c/links"), links).headers().first("X-Cache"));
        TestResponse forgedAgain = run(cache, get("/c/links", "x-forwarded-host", "evil.example"), links);
        assertEquals("HIT", forgedAgain.headers().first("X-Cache"));
        assertEquals("<script src=//evil.example/app.js>", forgedAgain.text());
        for (String field : new String[] {"Forwarded", "X-Forwarded-Proto", "X-Original-URL", "X-HTTP-Method-Override"}) {
            TestResponse other = run(cache, get("/c/links", field, "x"), links);
            assertEquals("MISS", other.headers().first("X-Cache"), field);
        }
        assertEquals(6, runs.get());
    }

    @Test
    void aHostThatDiffersFromAnAbsoluteTargetSelectsItsOwnEntry() throws Exception {
        CacheMiddleware cache = cache();
        Handler links = (request, response) -> {
            runs.incrementAndGet();
            response.headers().set("Cache-Control", "max-age=60");
            response.send("<a href=//" + request.header("Host") + "/next>"); // Host, not authority()
        };
        TestResponse forged = run(cache, TestRequest.builder("GET", "http://victim.example/c/next")
                .headers("Host", "evil.example").build(), links);
        assertEquals("<a href=//evil.example/next>", forged.text());
        TestResponse plain = run(cache, TestRequest.builder("GET", "/c/next").headers("Host", "Victim.example").build(),
                links);
        assertEquals("MISS", plain.headers().first("X-Cache"));
        assertEquals("<a href=//Victim.example/next>", plain.text());
        TestResponse absolute = run(cache, TestRequest.builder("GET", "http://victim.example/c/next")
                .headers("Host", "victim.example").build(), links);
        assertEquals("HIT", absolute.headers().first("X-Cache"), "a Host that agrees is the usual case");
        assertEquals(2, runs.get());
    }

    @Test
    void aBodyTheHandlerEncodedIsKeptApartByAcceptEncoding() throws Exception {
        CacheMiddleware cache = cache();
        // encodes by itself when the client accepts gzip, and forgets Vary
        Handler precompressed = (request, response) -> {
            runs.incrementAndGet();
            response.headers().set("Cache-Control", "max-age=60");
            String accepted = request.header("Accept-Encoding");
            if (accepted != null && accepted.contains("gzip")) {
                response.headers().set("Content-Encoding", "gzip");
                response.send("<gzip bytes>");
            } else {
                response.send("plain");
            }
        };
        assertEquals("<gzip bytes>", run(cache, get("/c/pre", "Accept-Encoding", "gzip"), precompressed).text());
        TestResponse plain = run(cache, get("/c/pre"), precompressed);
        assertEquals("plain", plain.text(), "a client that did not ask for gzip never gets it");
        assertEquals("HIT", run(cache, get("/c/pre", "Accept-Encoding", "gzip"), precompressed)
                .headers().first("X-Cache"));
        assertEquals(2, runs.get());
    }

    @Test
    void varySelectsVariants() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = (request, response) -> {
            runs.incrementAndGet();
            response.headers().set("Cache-Control", "max-age=60");
            response.headers().set("Vary", "Accept-Language");
            String language = request.header("Accept-Language");
            response.send("hello in " + language);
        };
        assertEquals("MISS", run(cache, get("/c/v", "Accept-Language", "en"), handler).headers().first("X-Cache"));
        TestResponse en = run(cache, get("/c/v", "Accept-Language", "en"), handler);
        assertEquals("HIT", en.headers().first("X-Cache"));
        assertEquals("hello in en", en.text());
        TestResponse fr = run(cache, get("/c/v", "Accept-Language", "fr"), handler);
        assertEquals("MISS", fr.headers().first("X-Cache"));
        assertEquals("hello in fr", fr.text());
        assertEquals("hello in fr", run(cache, get("/c/v", "Accept-Language", "fr"), handler).text());
        assertEquals("hello in en", run(cache, get("/c/v", "Accept-Language", "en"), handler).text());
        assertEquals("hello in null", run(cache, get("/c/v"), handler).text());
        assertEquals(3, runs.get());
        assertEquals("HIT", run(cache, get("/c/v"), handler).headers().first("X-Cache"));
    }

    /** A handler with a validator that answers conditionals itself, as applications should. */
    private Handler validating(AtomicReference<String> version) {
        return (request, response) -> {
            runs.incrementAndGet();
            seen.add(request);
            String etag = "\"" + version.get() + "\"";
            response.headers().set("ETag", etag);
            response.headers().set("Cache-Control", "max-age=10");
            int outcome = Preconditions.evaluate(request, etag, null);
            if (outcome == Status.NOT_MODIFIED) {
                response.status(Status.NOT_MODIFIED);
                return;
            }
            response.send("content " + version.get());
        };
    }

    @Test
    void staleWithAValidatorIsRevalidated() throws Exception {
        CacheMiddleware cache = cache();
        AtomicReference<String> version = new AtomicReference<>("v1");
        Handler handler = validating(version);
        run(cache, get("/c/r"), handler);
        clock.advance(Duration.ofSeconds(11));

        TestResponse revalidated = run(cache, get("/c/r"), handler);
        assertEquals(2, runs.get());
        assertEquals("\"v1\"", seen.get(1).header("If-None-Match"), "the handler was asked with the stored tag");
        assertEquals(200, revalidated.status());
        assertEquals("REVALIDATED", revalidated.headers().first("X-Cache"));
        assertEquals("content v1", revalidated.text());
        assertEquals("0", revalidated.headers().first("Age"));

        clock.advance(Duration.ofSeconds(5));
        TestResponse hit = run(cache, get("/c/r"), handler);
        assertEquals("HIT", hit.headers().first("X-Cache"), "the 304 refreshed the entry");
        assertEquals("5", hit.headers().first("Age"));
        assertEquals(2, runs.get());

        version.set("v2");
        clock.advance(Duration.ofSeconds(10));
        TestResponse changed = run(cache, get("/c/r"), handler);
        assertEquals("content v2", changed.text());
        assertEquals("MISS", changed.headers().first("X-Cache"));
        assertEquals("content v2", run(cache, get("/c/r"), handler).text());
        assertEquals(3, runs.get());
    }

    @Test
    void aNotModifiedForAnotherTagCannotRefresh() throws Exception {
        CacheMiddleware cache = cache();
        AtomicInteger calls = new AtomicInteger();
        Handler handler = (request, response) -> {
            int call = calls.incrementAndGet();
            response.headers().set("Cache-Control", "max-age=10");
            if (call == 2) {
                response.headers().set("ETag", "\"other\"");
                response.status(Status.NOT_MODIFIED);
                return;
            }
            response.headers().set("ETag", "\"t" + call + "\"");
            response.send("body " + call);
        };
        run(cache, get("/c/x"), handler);
        clock.advance(Duration.ofSeconds(11));
        TestResponse response = run(cache, get("/c/x"), handler);
        assertEquals(3, calls.get(), "asked again without conditions");
        assertEquals(200, response.status());
        assertEquals("body 3", response.text());
    }

    @Test
    void clientConditionalsAreAnsweredFromTheStore() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = answering("body", "Cache-Control", "max-age=60", "ETag", "\"abc\"",
                "Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT", "Content-Type", "text/plain");
        run(cache, get("/c/cond"), handler);

        TestResponse notModified = run(cache, get("/c/cond", "If-None-Match", "W/\"abc\", \"zzz\""), handler);
        assertEquals(304, notModified.status());
        assertEquals("\"abc\"", notModified.headers().first("ETag"));
        assertEquals("max-age=60", notModified.headers().first("Cache-Control"));
        assertEquals("HIT", notModified.headers().first("X-Cache"));
        assertEquals(0, notModified.body().length);
        assertNull(notModified.headers().first("Content-Type"));

        TestResponse since = run(cache, get("/c/cond", "If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"), handler);
        assertEquals(304, since.status());

        TestResponse other = run(cache, get("/c/cond", "If-None-Match", "\"zzz\""), handler);
        assertEquals(200, other.status());
        assertEquals("body", other.text());

        HttpException failed = assertThrows(HttpException.class,
                () -> run(cache, get("/c/cond", "If-Match", "\"zzz\""), handler));
        assertEquals(412, failed.status());
        assertEquals(1, runs.get());
    }

    @Test
    void onlyIfCachedHoldsForRangeRequestsToo() throws Exception {
        CacheMiddleware cache = cache();
        HttpException e = assertThrows(HttpException.class, () -> run(cache, get("/c/oic-range", "Range", "bytes=0-1",
                "Cache-Control", "only-if-cached"), answering("x", "Cache-Control", "max-age=60")));
        assertEquals(Status.GATEWAY_TIMEOUT, e.status());
        assertEquals(0, runs.get());
    }

    @Test
    void onlyIfCached() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = answering("x", "Cache-Control", "max-age=60");
        HttpException e = assertThrows(HttpException.class,
                () -> run(cache, get("/c/o", "Cache-Control", "only-if-cached"), handler));
        assertEquals(504, e.status());
        assertEquals(0, runs.get());
        run(cache, get("/c/o"), handler);
        assertEquals("HIT", run(cache, get("/c/o", "Cache-Control", "only-if-cached"), handler).headers().first("X-Cache"));
    }

    @Test
    void requestDirectives() throws Exception {
        CacheMiddleware cache = cache();
        AtomicReference<String> version = new AtomicReference<>("v1");
        Handler handler = validating(version);
        run(cache, get("/c/d"), handler);
        clock.advance(Duration.ofSeconds(4));

        TestResponse noCache = run(cache, get("/c/d", "Cache-Control", "no-cache"), handler);
        assertEquals("REVALIDATED", noCache.headers().first("X-Cache"));
        assertEquals(2, runs.get());
        TestResponse pragma = run(cache, get("/c/d", "Pragma", "no-cache"), handler);
        assertEquals("REVALIDATED", pragma.headers().first("X-Cache"));
        assertEquals(3, runs.get());

        clock.advance(Duration.ofSeconds(4));
        assertEquals("REVALIDATED", run(cache, get("/c/d", "Cache-Control", "max-age=3"), handler)
                .headers().first("X-Cache"));
        clock.advance(Duration.ofSeconds(4));
        assertEquals("HIT", run(cache, get("/c/d", "Cache-Control", "max-age=5"), handler).headers().first("X-Cache"));
        assertEquals("REVALIDATED", run(cache, get("/c/d", "Cache-Control", "min-fresh=7"), handler)
                .headers().first("X-Cache"));
        assertEquals(5, runs.get());

        clock.advance(Duration.ofSeconds(15));
        TestResponse stale = run(cache, get("/c/d", "Cache-Control", "max-stale=10"), handler);
        assertEquals("STALE", stale.headers().first("X-Cache"));
        assertEquals("15", stale.headers().first("Age"));
        assertEquals("STALE", run(cache, get("/c/d", "Cache-Control", "max-stale"), handler).headers().first("X-Cache"));
        assertEquals("REVALIDATED", run(cache, get("/c/d", "Cache-Control", "max-stale=2"), handler)
                .headers().first("X-Cache"));
        assertEquals(6, runs.get());
    }

    @Test
    void staleIfErrorStandsInForAFailingHandler() throws Exception {
        CacheMiddleware cache = cache();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Handler handler = (request, response) -> {
            runs.incrementAndGet();
            response.headers().set("Cache-Control", request.query().first("cc"));
            if (failure.get() != null) {
                response.headers().set("X-Partial", "set before failing");
                throw failure.get();
            }
            response.send("good");
        };
        run(cache, get("/c/sie?cc=max-age%3D10,stale-if-error%3D60"), handler);
        clock.advance(Duration.ofSeconds(30));
        failure.set(new IOException("backend down"));
        TestResponse stale = run(cache, get("/c/sie?cc=max-age%3D10,stale-if-error%3D60"), handler);
        assertEquals("STALE", stale.headers().first("X-Cache"));
        assertEquals("good", stale.text());
        assertEquals("30", stale.headers().first("Age"));
        assertNull(stale.headers().first("X-Partial"), "what the failed handler set is gone");

        clock.advance(Duration.ofSeconds(41));
        assertThrows(IOException.class, () -> run(cache, get("/c/sie?cc=max-age%3D10,stale-if-error%3D60"), handler),
                "61 s stale is beyond 60");
        TestResponse asked = run(cache, get("/c/sie?cc=max-age%3D10,stale-if-error%3D60",
                "Cache-Control", "stale-if-error=600"), handler);
        assertEquals("STALE", asked.headers().first("X-Cache"), "the request may allow more");

        failure.set(new HttpException(404, "gone"));
        assertThrows(HttpException.class, () -> run(cache, get("/c/sie?cc=max-age%3D10,stale-if-error%3D60",
                "Cache-Control", "stale-if-error=600"), handler), "a 4xx is the handler's answer, not a failure");
        failure.set(new HttpException(503, "overloaded"));
        assertEquals("good", run(cache, get("/c/sie?cc=max-age%3D10,stale-if-error%3D60",
                "Cache-Control", "stale-if-error=600"), handler).text());
    }

    @Test
    void staleIfErrorStandsInForAnErrorTheHandlerSends() throws Exception {
        CacheMiddleware cache = cache();
        AtomicInteger status = new AtomicInteger(200);
        Handler handler = (request, response) -> {
            runs.incrementAndGet();
            response.headers().set("Cache-Control", "max-age=10, stale-if-error=60").set("ETag", "\"v1\"");
            if (status.get() != 200) {
                response.status(status.get());
                response.headers().set("Retry-After", "5");
                if (request.query().first("stream") != null) {
                    response.output().write("backend down".getBytes(StandardCharsets.UTF_8));
                } else if (request.query().first("empty") == null) {
                    response.send("backend down");
                }
                return;
            }
            response.send("good");
        };
        for (String target : new String[] {"/c/down", "/c/down?stream=1", "/c/down?empty=1"}) {
            status.set(200);
            run(cache, get(target), handler);
            clock.advance(Duration.ofSeconds(30));
            for (int error : new int[] {500, 502, 503, 504}) {
                status.set(error);
                TestResponse stale = run(cache, get(target), handler);
                assertEquals(200, stale.status(), target + " " + error);
                assertEquals("STALE", stale.headers().first("X-Cache"), target + " " + error);
                assertEquals("good", stale.text());
                assertNull(stale.headers().first("Retry-After"), "what the failing handler set is gone");
            }
            clock.advance(Duration.ofSeconds(60));
            status.set(503);
            TestResponse tooOld = run(cache, get(target), handler);
            assertEquals(503, tooOld.status(), "stale for 80 s, beyond stale-if-error");
            store.clear();
            status.set(200);
            run(cache, get(target), handler);
            clock.advance(Duration.ofSeconds(30));
            status.set(501);
            TestResponse notAnError = run(cache, get(target), handler);
            assertEquals(501, notAnError.status(), "501 is an answer, not a failure (RFC 5861 section 4)");
            store.clear();
        }
    }

    @Test
    void staleIfErrorNeedsPermission() throws Exception {
        CacheMiddleware cache = cache();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Handler handler = (request, response) -> {
            response.headers().set("Cache-Control", request.query().first("cc"));
            if (failure.get() != null) {
                throw failure.get();
            }
            response.send("good");
        };
        String[] forbidding = {"max-age%3D1", "max-age%3D1,stale-if-error%3D60,must-revalidate",
            "s-maxage%3D1,stale-if-error%3D60"};
        for (String cc : forbidding) {
            failure.set(null);
            run(cache, get("/c/sin?cc=" + cc), handler);
        }
        clock.advance(Duration.ofSeconds(5));
        failure.set(new IOException("down"));
        for (String cc : forbidding) {
            assertThrows(IOException.class, () -> run(cache, get("/c/sin?cc=" + cc), handler), cc);
        }
    }

    @Test
    void mustRevalidateForbidsStale() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = answering("x", "Cache-Control", "max-age=1, must-revalidate");
        run(cache, get("/c/m"), handler);
        clock.advance(Duration.ofSeconds(5));
        assertEquals("MISS", run(cache, get("/c/m", "Cache-Control", "max-stale"), handler).headers().first("X-Cache"));
        assertEquals(2, runs.get());
    }

    @Test
    void requestNoStoreIsServedButNotStored() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = answering("x", "Cache-Control", "max-age=60");
        run(cache, get("/c/n", "Cache-Control", "no-store"), handler);
        assertEquals("MISS", run(cache, get("/c/n"), handler).headers().first("X-Cache"));
        assertEquals("HIT", run(cache, get("/c/n", "Cache-Control", "no-store"), handler).headers().first("X-Cache"));
        assertEquals(2, runs.get());
    }

    @Test
    void clientDirectivesCanBeIgnored() throws Exception {
        Settings settings = new Settings(new PathPrefixes(List.of("/")), 1 << 20, 1024, 8, "X-Cache", true,
                Duration.ofSeconds(1), false, true);
        CacheMiddleware cache = new CacheMiddleware(settings, () -> store, clock);
        Handler handler = answering("x", "Cache-Control", "max-age=60");
        run(cache, get("/i"), handler);
        assertEquals("HIT", run(cache, get("/i", "Cache-Control", "no-cache"), handler).headers().first("X-Cache"));
        assertEquals(1, runs.get());
        run(cache, get("/j", "Cache-Control", "no-store"), handler);
        assertEquals("MISS", run(cache, get("/j"), handler).headers().first("X-Cache"), "no-store still holds");
    }

    @Test
    void aReadThatOverlapsAWriteDoesNotPutTheOldStateBack() throws Exception {
        CacheMiddleware cache = cache();
        AtomicReference<String> state = new AtomicReference<>("old");
        Handler write = (request, response) -> {
            state.set("new");
            response.send(200, "ok");
        };
        for (String mode : new String[] {"send", "stream", "revalidate"}) {
            String target = "/c/doc-" + mode;
            // a slow read: it reads the state, a PUT to the same URL succeeds meanwhile, then it answers
            Handler read = (request, response) -> {
                runs.incrementAndGet();
                String seen = state.get();
                if (request.headers().contains("If-None-Match")) {
                    run(cache, TestRequest.builder("PUT", target).body("x").build(), write);
                    response.headers().set("Cache-Control", "max-age=60").set("ETag", "\"1\"");
                    response.status(Status.NOT_MODIFIED);
                    return;
                }
                if (!mode.equals("revalidate")) {
                    run(cache, TestRequest.builder("PUT", target).body("x").build(), write);
                }
                response.headers().set("Cache-Control", mode.equals("revalidate") ? "max-age=0" : "max-age=60")
                        .set("ETag", "\"1\"");
                if (mode.equals("stream")) {
                    try (OutputStream out = response.output()) {
                        out.write(seen.getBytes(StandardCharsets.UTF_8));
                    }
                } else {
                    response.send(seen);
                }
            };
            state.set("old");
            if (mode.equals("revalidate")) {
                run(cache, get(target), read); // stored, stale at once, with a validator
                clock.advance(Duration.ofSeconds(1));
            }
            TestResponse during = run(cache, get(target), read);
            assertEquals("old", during.text(), mode);
            state.set("newest");
            TestResponse after = run(cache, get(target), read);
            assertEquals("newest", after.text(), mode + ": the read begun before the write stored nothing");
        }
    }

    @Test
    void unsafeRequestsInvalidate() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = answering("x", "Cache-Control", "max-age=60");
        run(cache, get("/c/u?q"), handler);
        assertEquals("HIT", run(cache, get("/c/u?q"), handler).headers().first("X-Cache"));

        Handler refused = (request, response) -> response.send(403, "no");
        run(cache, TestRequest.builder("POST", "/c/u?q").body("x").build(), refused);
        assertEquals("HIT", run(cache, get("/c/u?q"), handler).headers().first("X-Cache"), "an error changes nothing");

        Handler accepted = (request, response) -> response.send(200, "ok");
        run(cache, TestRequest.builder("POST", "/c/u?q").body("x").build(), accepted);
        assertEquals("MISS", run(cache, get("/c/u?q"), handler).headers().first("X-Cache"));

        run(cache, TestRequest.builder("OPTIONS", "/c/u?q").build(), accepted);
        assertEquals("HIT", run(cache, get("/c/u?q"), handler).headers().first("X-Cache"), "OPTIONS is safe");
    }

    @Test
    void headIsServedFromAGetEntryButNotStored() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = answering("body", "Cache-Control", "max-age=60");
        TestResponse headMiss = run(cache, TestRequest.builder("HEAD", "/c/h").build(), handler);
        assertEquals("MISS", headMiss.headers().first("X-Cache"));
        run(cache, get("/c/h"), handler);
        assertEquals(2, runs.get(), "HEAD stored nothing");
        TestResponse headHit = run(cache, TestRequest.builder("HEAD", "/c/h").build(), handler);
        assertEquals("HIT", headHit.headers().first("X-Cache"));
        assertEquals(200, headHit.status());
        assertEquals(2, runs.get());
    }

    @Test
    void onlyAnswersThatCouldNeverBeStoredStopCoalescing() throws Exception {
        CacheMiddleware cache = cache();
        Handler conditional = (request, response) -> {
            response.headers().set("Cache-Control", "max-age=60").set("ETag", "\"e\"");
            if (Preconditions.evaluate(request, "\"e\"", null) == Status.NOT_MODIFIED) {
                response.status(Status.NOT_MODIFIED);
                return;
            }
            response.send("e");
        };
        run(cache, get("/c/p1", "If-None-Match", "\"e\""), conditional);
        assertFalse(cache.passing(CacheStore.key("http", "localhost", "/c/p1")), "a 304 for the client's tag");
        run(cache, get("/c/p2", "Cookie", "a=b"), answering("x", "Cache-Control", "max-age=60"));
        assertFalse(cache.passing(CacheStore.key("http", "localhost", "/c/p2")), "a request with credentials");
        run(cache, get("/c/p3"), answering("x", "Cache-Control", "private"));
        assertTrue(cache.passing(CacheStore.key("http", "localhost", "/c/p3")));
        run(cache, get("/c/p4"), answering("x".repeat(70_000), "Cache-Control", "max-age=60"));
        assertTrue(cache.passing(CacheStore.key("http", "localhost", "/c/p4")), "too big");
        clock.advance(Duration.ofMillis(CacheMiddleware.PASS_MILLIS));
        assertFalse(cache.passing(CacheStore.key("http", "localhost", "/c/p4")));
    }

    @Test
    void uncacheableUrlsAreRememberedWithinABound() throws Exception {
        CacheMiddleware cache = cache();
        // a client makes up long URLs (a long Host and target) on an uncacheable route: what the cache
        // remembers about them must stay small, whatever their number
        String longTarget = "/c/private?" + "q".repeat(1100);
        run(cache, TestRequest.builder("GET", longTarget).headers("Host", "h".repeat(4000)).build(),
                answering("x", "Cache-Control", "private, max-age=60"));
        assertFalse(cache.passing(CacheStore.key("http", "h".repeat(4000), longTarget)));
        run(cache, get("/c/private?short"), answering("x", "Cache-Control", "private, max-age=60"));
        assertTrue(cache.passing(CacheStore.key("http", "localhost", "/c/private?short")));
    }

    @Test
    void upgradesPassThroughUntouched() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = answering("body", "Cache-Control", "max-age=60");
        run(cache, get("/c/ws"), handler);
        TestResponse upgrade = run(cache, get("/c/ws", "Upgrade", "websocket", "Connection", "Upgrade"), handler);
        assertNull(upgrade.headers().first("X-Cache"));
        assertEquals(2, runs.get());

        // an Upgrade field that cannot switch anything is not a way around the store
        assertEquals("HIT", run(cache, get("/c/ws", "Upgrade", "websocket"), handler).headers().first("X-Cache"),
                "without the Upgrade connection option");
        assertEquals("HIT", run(cache, TestRequest.builder("GET", "/c/ws").protocol("HTTP/1.0")
                .headers("Host", "localhost", "Upgrade", "websocket", "Connection", "Upgrade").build(), handler)
                .headers().first("X-Cache"),
                "HTTP/1.0");
        assertEquals(2, runs.get());
    }

    @Test
    void anOfferOfH2cAloneIsAnOrdinaryRequest() throws Exception {
        // what the JDK HttpClient sends on every cleartext request unless pinned to HTTP/1.1
        CacheMiddleware cache = cache();
        Handler handler = answering("body", "Cache-Control", "max-age=60");
        String[] offer = {"Connection", "Upgrade, HTTP2-Settings", "Upgrade", "h2c", "HTTP2-Settings", "AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA"};
        assertEquals("MISS", run(cache, get("/c/h2c", offer), handler).headers().first("X-Cache"));
        assertEquals("HIT", run(cache, get("/c/h2c", offer), handler).headers().first("X-Cache"));
        assertNull(run(cache, get("/c/h2c", "Upgrade", "h2c, websocket", "Connection", "Upgrade"), handler)
                .headers().first("X-Cache"), "a list with another protocol still passes through");
        assertEquals(2, runs.get());
    }

    @Test
    void aSecondBodyIsRefusedAndNotStored() throws Exception {
        CacheMiddleware cache = cache();
        Handler twice = (request, response) -> {
            response.headers().set("Cache-Control", "max-age=60");
            response.send("first");
            response.send("second");
        };
        assertThrows(IllegalStateException.class, () -> run(cache, get("/c/twice"), twice));
        TestResponse hit = run(cache, get("/c/twice"), twice);
        assertEquals("HIT", hit.headers().first("X-Cache"));
        assertEquals("first", hit.text(), "the stored body is the one the client got");
    }

    @Test
    void rangeRequestsAreAnsweredFromTheStoreOrPassThrough() throws Exception {
        CacheMiddleware cache = new CacheMiddleware(new Settings(new PathPrefixes(List.of("/c")), 1 << 20, 64 * 1024, 8,
                "X-Cache", true, Duration.ofSeconds(10), false, true), () -> store, clock);
        Handler handler = answering("0123456789", "Cache-Control", "max-age=60", "ETag", "\"r\"");
        TestResponse bypass = run(cache, get("/c/range", "Range", "bytes=0-1"), handler);
        assertEquals("BYPASS", bypass.headers().first("X-Cache"), "nothing stored: the handler serves the range");
        assertEquals(0, store.keys(), "and its answer is not stored");
        run(cache, get("/c/range"), handler);
        assertEquals(2, runs.get());

        // with clientDirectives off, a Range must not be a way to make the handler run either
        TestResponse ranged = run(cache, get("/c/range", "Range", "bytes=2-4"), handler);
        assertEquals(Status.PARTIAL_CONTENT, ranged.status());
        assertEquals("HIT", ranged.headers().first("X-Cache"));
        assertEquals("bytes 2-4/10", ranged.headers().first("Content-Range"));
        assertEquals("234", ranged.text());
        assertEquals("bytes 7-9/10", run(cache, get("/c/range", "Range", "bytes=-3"), handler).headers()
                .first("Content-Range"));
        assertEquals("89", run(cache, get("/c/range", "Range", "bytes=8-"), handler).text());
        assertEquals("56789", run(cache, get("/c/range", "Range", "Bytes=5-99"), handler).text());
        for (String whole : new String[] {"bytes=0-1,3-4", "bytes=4-2", "pages=1-2", "bytes=x-1", "bytes=1"}) {
            TestResponse full = run(cache, get("/c/range", "Range", whole), handler);
            assertEquals(200, full.status(), whole);
            assertEquals("0123456789", full.text(), whole);
        }
        TestResponse otherTag = run(cache, get("/c/range", "Range", "bytes=0-1", "If-Range", "\"old\""), handler);
        assertEquals(200, otherTag.status(), "If-Range for another representation: the whole body");
        assertEquals(Status.PARTIAL_CONTENT,
                run(cache, get("/c/range", "Range", "bytes=0-1", "If-Range", "\"r\""), handler).status());
        HttpException beyond = assertThrows(HttpException.class,
                () -> run(cache, get("/c/range", "Range", "bytes=10-"), handler));
        assertEquals(Status.RANGE_NOT_SATISFIABLE, beyond.status());
        assertEquals("bytes */10", beyond.headers().first("Content-Range"));
        assertEquals(2, runs.get());
    }

    @Test
    void streamedBodiesAreStoredWhenTheyFit() throws Exception {
        CacheMiddleware cache = new CacheMiddleware(settings(10, "X-Cache", true, "/"), () -> store, clock);
        Handler streaming = (request, response) -> {
            runs.incrementAndGet();
            response.headers().set("Cache-Control", "max-age=60");
            OutputStream out = response.output();
            String text = request.query().first("text");
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                out.write(b);
            }
            // not closed: the server (here: the cache) ends the stream when the handler returns
        };
        run(cache, get("/s?text=small"), streaming);
        TestResponse hit = run(cache, get("/s?text=small"), streaming);
        assertEquals("HIT", hit.headers().first("X-Cache"));
        assertEquals("small", hit.text());
        TestResponse big = run(cache, get("/s?text=larger-than-ten"), streaming);
        assertEquals("larger-than-ten", big.text());
        TestResponse bigAgain = run(cache, get("/s?text=larger-than-ten"), streaming);
        assertEquals("MISS", bigAgain.headers().first("X-Cache"));
        assertEquals("larger-than-ten", bigAgain.text());
        assertEquals(3, runs.get());
    }

    @Test
    void eventStreamsAreNeverStoredNorHoldOthers() throws Exception {
        CacheMiddleware cache = cache();
        AtomicInteger inFlightWhileStreaming = new AtomicInteger(-1);
        Handler events = (request, response) -> {
            runs.incrementAndGet();
            // a hand-written event stream with a lifetime: still a live stream, never a stored body
            response.headers().set("Cache-Control", "max-age=60").set("Content-Type", "Text/Event-Stream ; charset=utf-8");
            OutputStream out = response.output();
            out.write("data: 1\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            inFlightWhileStreaming.set(cache.flights().inFlight());
        };
        TestResponse first = run(cache, get("/c/events"), events);
        assertEquals(0, inFlightWhileStreaming.get(), "requests for the stream are not held until it ends");
        assertEquals("data: 1\n\n", first.text());
        TestResponse second = run(cache, get("/c/events"), events);
        assertEquals("MISS", second.headers().first("X-Cache"));
        assertEquals(2, runs.get());
        assertEquals(0, store.keys());
        assertEquals(0, cache.copying());
    }

    @Test
    void aStreamThatFailsGivesBackItsCopy() throws Exception {
        CacheMiddleware cache = cache();
        Handler failing = (request, response) -> {
            response.headers().set("Cache-Control", "max-age=60");
            OutputStream out = response.output();
            out.write(new byte[100]);
            throw new IOException("failed midway");
        };
        assertThrows(IOException.class, () -> run(cache, get("/c/fail"), failing));
        assertEquals(0, cache.copying());
        assertEquals(0, store.keys());
    }

    @Test
    void copiesInProgressShareOneBudget() throws Exception {
        Settings settings = new Settings(new PathPrefixes(List.of("/")), 150, 100, 8, "X-Cache", true,
                Duration.ofSeconds(1), true, true);
        CacheMiddleware cache = new CacheMiddleware(settings, () -> store, clock);
        // an outer stream stays open while a second request streams: together they exceed the budget
        TestResponse outer = new TestResponse();
        Handler second = (request, response) -> {
            response.headers().set("Cache-Control", "max-age=60");
            try (OutputStream out = response.output()) {
                out.write(new byte[80]);
            }
        };
        Handler first = (request, response) -> {
            response.headers().set("Cache-Control", "max-age=60");
            OutputStream out = response.output();
            out.write(new byte[90]);
            assertEquals(90, cache.copying());
            run(cache, get("/two"), second);
            out.write(new byte[5]);
        };
        cache.handle(get("/one"), outer, first);
        assertEquals(0, cache.copying());
        assertEquals(1, store.get(CacheStore.key("http", "localhost", "/one")).size());
        assertEquals(0, store.get(CacheStore.key("http", "localhost", "/two")).size(),
                "90 + 80 bytes of copies exceed the budget of 150: the second copy was dropped");
    }

    @Test
    void fileBodies(@TempDir Path dir) throws Exception {
        CacheMiddleware cache = new CacheMiddleware(settings(10, "X-Cache", true, "/"), () -> store, clock);
        Path small = Files.writeString(dir.resolve("small.txt"), "tiny");
        Path large = Files.writeString(dir.resolve("large.txt"), "more than ten bytes");
        Handler files = (request, response) -> {
            runs.incrementAndGet();
            response.headers().set("Cache-Control", "max-age=60");
            Path path = request.path().equals("/small") ? small : large;
            try (FileChannel channel = FileChannel.open(path)) {
                response.send(channel, 0, channel.size());
            }
        };
        run(cache, get("/small"), files);
        TestResponse hit = run(cache, get("/small"), files);
        assertEquals("HIT", hit.headers().first("X-Cache"));
        assertEquals("tiny", hit.text());
        TestResponse big = run(cache, get("/large"), files);
        assertEquals("more than ten bytes", big.text());
        assertEquals("MISS", big.headers().first("X-Cache"));
        assertEquals("MISS", run(cache, get("/large"), files).headers().first("X-Cache"));
        assertEquals(3, runs.get());
    }

    @Test
    void bodiesOverTheEntryLimitPassThrough() throws Exception {
        CacheMiddleware cache = new CacheMiddleware(settings(3, "X-Cache", true, "/"), () -> store, clock);
        Handler handler = answering("four", "Cache-Control", "max-age=60");
        run(cache, get("/big"), handler);
        assertEquals("four", run(cache, get("/big"), handler).text());
        assertEquals(2, runs.get());
    }

    @Test
    void aFailingHandlerStoresNothing() throws Exception {
        CacheMiddleware cache = cache();
        Handler failing = (request, response) -> {
            runs.incrementAndGet();
            response.headers().set("Cache-Control", "max-age=60");
            throw new IOException("database down");
        };
        assertThrows(IOException.class, () -> run(cache, get("/c/f"), failing));
        assertThrows(IOException.class, () -> run(cache, get("/c/f"), failing));
        assertEquals(2, runs.get());
        assertEquals(0, cache.flights().inFlight(), "the leader landed");
    }

    @Test
    void fieldsSetOutsideBeforeTheHandlerAreNotStored() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = answering("x", "Cache-Control", "max-age=60", "X-Handler", "1");
        TestResponse first = new TestResponse();
        first.headers().set("X-Request-Id", "first");
        cache.handle(get("/c/id"), first, handler);
        assertEquals("first", first.headers().first("X-Request-Id"));

        TestResponse second = new TestResponse();
        second.headers().set("X-Request-Id", "second");
        cache.handle(get("/c/id"), second, handler);
        assertEquals("HIT", second.headers().first("X-Cache"));
        assertEquals("second", second.headers().first("X-Request-Id"));
        assertEquals(List.of("1"), second.headers().all("X-Handler"));
    }

    /**
     * Like the cookies extension's session middleware, outside the cache: the handler creates a session
     * (here: sets {@code created}), and the session cookie is added as the head commits.
     */
    private static final class SessionLike extends motor.spi.ResponseWrapper {
        private final AtomicInteger created;

        SessionLike(motor.spi.Response delegate, AtomicInteger created) {
            super(delegate);
            this.created = created;
        }

        private void beforeCommit() {
            if (created.get() > 0 && !headers().contains("Set-Cookie")) {
                headers().add("Set-Cookie", "session=secret-of-" + created.get());
            }
        }

        @Override
        public void send(byte[] body) throws IOException {
            beforeCommit();
            super.send(body);
        }

        @Override
        public OutputStream output() throws IOException {
            beforeCommit();
            return super.output();
        }
    }

    @Test
    void aResponseThatCreatedASessionIsNotStored() throws Exception {
        CacheMiddleware cache = cache();
        AtomicInteger created = new AtomicInteger();
        // a page with a per-session secret (a CSRF token, say) that says max-age by mistake
        Handler form = (request, response) -> {
            runs.incrementAndGet();
            created.set(runs.get());
            response.headers().set("Cache-Control", "max-age=60");
            if (request.query().first("stream") != null) {
                try (OutputStream out = response.output()) {
                    out.write(("token " + runs.get()).getBytes(StandardCharsets.UTF_8));
                }
            } else {
                response.send("token " + runs.get());
            }
        };
        for (String target : new String[] {"/c/form", "/c/form?stream=1"}) {
            for (boolean withAttribute : new boolean[] {true, false}) {
                store.clear();
                for (int i = 0; i < 2; i++) {
                    created.set(0);
                    TestResponse client = new TestResponse();
                    TestRequest.Builder request = TestRequest.builder("GET", target);
                    if (withAttribute) {
                        request.attribute(CaptureResponse.SESSION_ATTRIBUTE, "a session");
                    }
                    cache.handle(request.build(), new SessionLike(client, created), form);
                    assertEquals("MISS", client.headers().first("X-Cache"), target + " " + withAttribute);
                    assertEquals("token " + runs.get(), client.text());
                    assertEquals("session=secret-of-" + runs.get(), client.headers().first("Set-Cookie"));
                }
                assertEquals(0, store.keys(), target + " " + withAttribute);
            }
        }
        // with sessions on, a response that created none is stored as ever
        Handler plain = answering("same for all", "Cache-Control", "max-age=60");
        for (int i = 0; i < 2; i++) {
            TestResponse client = new TestResponse();
            created.set(0);
            cache.handle(TestRequest.builder("GET", "/c/plain").attribute(CaptureResponse.SESSION_ATTRIBUTE, "s")
                    .build(), new SessionLike(client, created), plain);
            assertEquals(i == 0 ? "MISS" : "HIT", client.headers().first("X-Cache"));
            assertNull(client.headers().first("Set-Cookie"));
        }
    }

    @Test
    void privateOrNoStoreSetOutsideKeepsTheResponseOutOfTheStore() throws Exception {
        CacheMiddleware cache = cache();
        for (String outer : new String[] {"private", "no-store"}) {
            runs.set(0);
            // application middleware marks a whole area private; the handler adds its own lifetime
            Handler handler = answering("account", "Cache-Control", "max-age=60");
            for (int i = 0; i < 2; i++) {
                TestResponse client = new TestResponse();
                client.headers().set("Cache-Control", outer);
                cache.handle(get("/c/account-" + outer), client, handler);
                assertEquals("MISS", client.headers().first("X-Cache"), outer);
            }
            assertEquals(2, runs.get(), outer);
        }
        assertEquals(0, store.keys());
    }

    @Test
    void aCookieSetOutsideKeepsTheResponseOutOfTheStore() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = answering("x", "Cache-Control", "max-age=60");
        TestResponse first = new TestResponse();
        first.headers().set("Set-Cookie", "sid=1");
        cache.handle(get("/c/sc"), first, handler);
        assertEquals("MISS", run(cache, get("/c/sc"), handler).headers().first("X-Cache"));
    }

    @Test
    void theOutcomeHeaderCanBeRenamedOrDropped() throws Exception {
        Handler handler = answering("x", "Cache-Control", "max-age=60");
        CacheMiddleware renamed = new CacheMiddleware(settings(1024, "Cache-Status", true, "/"), () -> store, clock);
        run(renamed, get("/r"), handler);
        assertEquals("HIT", run(renamed, get("/r"), handler).headers().first("Cache-Status"));
        CacheMiddleware silent = new CacheMiddleware(settings(1024, null, true, "/"), () -> store, clock);
        TestResponse quiet = run(silent, get("/r"), handler);
        assertFalse(quiet.headers().contains("X-Cache"));
        assertFalse(quiet.headers().contains("Cache-Status"), "the outcome header is never stored");
        assertTrue(quiet.headers().contains("Age"));
    }

    @Test
    void anOldDateMakesAnOldResponse() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = answering("x", "Cache-Control", "max-age=60",
                "Date", Preconditions.formatDate(clock.instant().minusSeconds(50)));
        run(cache, get("/c/old"), handler);
        TestResponse hit = run(cache, get("/c/old"), handler);
        assertEquals("50", hit.headers().first("Age"), "apparent age from Date");
        clock.advance(Duration.ofSeconds(10));
        assertEquals("MISS", run(cache, get("/c/old"), handler).headers().first("X-Cache"));
    }

    @Test
    void framingFieldsAreNotStored() throws Exception {
        CacheMiddleware cache = cache();
        Handler handler = (request, response) -> {
            response.headers().set("Cache-Control", "max-age=60");
            response.headers().set("Content-Length", "2");
            response.headers().set("Date", Preconditions.formatDate(clock.instant()));
            try (OutputStream out = response.output()) {
                out.write("hi".getBytes(StandardCharsets.US_ASCII));
            }
        };
        run(cache, get("/c/len"), handler);
        TestResponse hit = run(cache, get("/c/len"), handler);
        assertEquals("HIT", hit.headers().first("X-Cache"));
        assertFalse(hit.headers().contains("Content-Length"), "the server frames the stored body itself");
        assertFalse(hit.headers().contains("Date"), "the server writes its own Date");
        assertEquals("hi", hit.text());
    }
}
