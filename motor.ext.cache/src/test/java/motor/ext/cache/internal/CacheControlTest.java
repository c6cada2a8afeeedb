package motor.ext.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import motor.spi.Headers;
import org.junit.jupiter.api.Test;

class CacheControlTest {

    @Test
    void responseDirectives() {
        CacheControl c = CacheControl.parse("public, max-age=60, s-maxage=30, must-revalidate");
        assertTrue(c.isPublic());
        assertEquals(60, c.maxAge());
        assertEquals(30, c.sMaxAge());
        assertTrue(c.mustRevalidate());
        assertFalse(c.noStore());
        assertFalse(c.noCache());
        assertFalse(c.isPrivate());
    }

    @Test
    void namesIgnoreCaseAndWhitespace() {
        CacheControl c = CacheControl.parse("  NO-STORE ,\tPrivate,No-Cache , Max-Age = 5 ,,");
        assertTrue(c.noStore());
        assertTrue(c.isPrivate());
        assertTrue(c.noCache());
        assertEquals(5, c.maxAge());
    }

    @Test
    void qualifiedFormsCountAsUnqualified() {
        CacheControl c = CacheControl.parse("private=\"Set-Cookie, X-A\", no-cache=\"X-B\", max-age=9");
        assertTrue(c.isPrivate());
        assertTrue(c.noCache());
        assertEquals(9, c.maxAge(), "the comma inside the quoted list does not end the directive");
    }

    @Test
    void malformedRestrictingDirectivesStillCount() {
        for (String value : new String[] {"private;x, max-age=60", "max-age=60, private=", "private=\"Set-Cookie, max-age=60",
            "private x, max-age=60", "max-age=60, PRIVATE=\"a\" b"}) {
            assertTrue(CacheControl.parse(value).isPrivate(), value);
        }
        assertTrue(CacheControl.parse("no-store;, max-age=60").noStore());
        assertTrue(CacheControl.parse("no-cache=\"a\"b, max-age=60").noCache());
        assertFalse(CacheControl.parse("public=;, max-age=60").isPublic(), "what widens sharing needs to be well formed");
        assertFalse(CacheControl.parse("must-revalidate=;, max-age=60").mustRevalidate(), "it widens sharing too");
    }

    @Test
    void proxyRevalidateIsMustRevalidateForASharedCache() {
        assertTrue(CacheControl.parse("proxy-revalidate").mustRevalidate());
    }

    @Test
    void quotedNumberIsAccepted() {
        assertEquals(7, CacheControl.parse("max-age=\"7\"").maxAge());
    }

    @Test
    void invalidNumbersAreInvalid() {
        assertEquals(CacheControl.INVALID, CacheControl.parse("max-age=abc").maxAge());
        assertEquals(CacheControl.INVALID, CacheControl.parse("max-age=-1").maxAge());
        assertEquals(CacheControl.INVALID, CacheControl.parse("max-age=1.5").maxAge());
        assertEquals(CacheControl.ABSENT, CacheControl.parse("s-maxage=").sMaxAge(),
                "an empty argument is malformed, and the element skipped");
        assertEquals(CacheControl.INVALID, CacheControl.parse("max-age").maxAge(), "max-age needs a value");
    }

    @Test
    void conflictingDuplicatesAreInvalidAndEqualOnesAreNot() {
        assertEquals(CacheControl.INVALID, CacheControl.parse("max-age=5, max-age=6").maxAge());
        assertEquals(5, CacheControl.parse("max-age=5, max-age=5").maxAge());
    }

    @Test
    void hugeNumbersAreCapped() {
        assertEquals(CacheControl.MAX_DELTA, CacheControl.parse("max-age=99999999999999999999999999999").maxAge());
        assertEquals(CacheControl.MAX_DELTA, CacheControl.parse("max-age=2147483648").maxAge());
        assertEquals(2147483647L, CacheControl.parse("max-age=2147483647").maxAge());
    }

    @Test
    void requestDirectives() {
        CacheControl c = CacheControl.parse("max-stale, min-fresh=10, only-if-cached, max-age=0");
        assertEquals(Long.MAX_VALUE, c.maxStale());
        assertEquals(10, c.minFresh());
        assertTrue(c.onlyIfCached());
        assertEquals(0, c.maxAge());
        assertEquals(30, CacheControl.parse("max-stale=30").maxStale());
        assertEquals(60, CacheControl.parse("Stale-If-Error=60").staleIfError());
    }

    @Test
    void malformedElementsAreSkippedUpToTheNextComma() {
        CacheControl c = CacheControl.parse("max-age=5 junk, \"quoted, with comma\", =x, no-store, public=\"open");
        assertEquals(CacheControl.ABSENT, c.maxAge(), "a directive followed by garbage is dropped");
        assertTrue(c.noStore());
        assertFalse(c.isPublic(), "an unterminated quoted argument is malformed");
    }

    @Test
    void unknownDirectivesAreIgnored() {
        CacheControl c = CacheControl.parse("immutable, stale-while-revalidate=30, community=\"UCI\", max-age=3");
        assertEquals(3, c.maxAge());
    }

    @Test
    void everyFieldCounts() {
        Headers headers = Headers.of("Cache-Control", "max-age=5", "Cache-Control", "no-store");
        CacheControl c = CacheControl.of(headers);
        assertEquals(5, c.maxAge());
        assertTrue(c.noStore());
        assertSame(CacheControl.NONE, CacheControl.of(new Headers()));
    }

    @Test
    void hostileInputNeverThrows() {
        String[] inputs = {"", ",", "=", "\"", "\\", "max-age=\"\\", "a=\"b\\\"c\", d", "max-age==5", "\t\t",
            "no-store\u0000", "max-age=5\u00ff", ",".repeat(10_000), "max-age=1,".repeat(1000)};
        for (String input : inputs) {
            CacheControl.parse(input);
        }
        assertEquals(1, CacheControl.parse("max-age=1,".repeat(1000)).maxAge());
    }

    @Test
    void randomInputNeverThrowsAndSplittingAtCommasAddsUp() {
        java.util.Random random = new java.util.Random(6);
        String alphabet = "max-age=s-maxagno-storecachprivatpublic\"\\,; \t=0123456789\u00ffX";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            CacheControl c = CacheControl.parse(sb.toString());
            assertTrue(c.maxAge() >= CacheControl.INVALID && c.maxAge() <= CacheControl.MAX_DELTA);
        }
        // a well-formed list parses the same whole or split into two fields at any of its commas
        String list = "public, max-age=30, no-cache=\"A, B\", s-maxage=5";
        for (String next : new String[] {", max-age", ", no-cache", ", s-maxage"}) {
            int i = list.indexOf(next);
            String a = list.substring(0, i);
            String b = list.substring(i + 1);
            assertEquals(CacheControl.parse(list), CacheControl.of(Headers.of("Cache-Control", a, "Cache-Control", b)));
        }
    }

    @Test
    void deltaSeconds() {
        assertEquals(0, CacheControl.delta("0"));
        assertEquals(120, CacheControl.delta("120"));
        assertEquals(CacheControl.INVALID, CacheControl.delta(""));
        assertEquals(CacheControl.INVALID, CacheControl.delta(null));
        assertEquals(CacheControl.INVALID, CacheControl.delta(" 1"));
    }
}
