package motor.ext.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import motor.ext.cache.CachedResponse;
import motor.spi.Headers;
import motor.spi.Preconditions;
import org.junit.jupiter.api.Test;

class FreshnessTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static CachedResponse response(Instant requestTime, Instant responseTime, String... fields) {
        List<Headers.Field> list = new ArrayList<>();
        for (int i = 0; i < fields.length; i += 2) {
            list.add(new Headers.Field(fields[i], fields[i + 1]));
        }
        return new CachedResponse(200, list, new byte[0], "", requestTime, responseTime);
    }

    private static long lifetime(CachedResponse r) {
        return Freshness.lifetime(r, CacheControl.of(r.headers()));
    }

    @Test
    void sMaxAgeWinsOverMaxAgeWhichWinsOverExpires() {
        String expires = Preconditions.formatDate(T0.plusSeconds(1000));
        assertEquals(20_000, lifetime(response(T0, T0, "Cache-Control", "max-age=10, s-maxage=20", "Expires", expires)));
        assertEquals(10_000, lifetime(response(T0, T0, "Cache-Control", "max-age=10", "Expires", expires)));
        assertEquals(1_000_000, lifetime(response(T0, T0, "Expires", expires)));
        assertEquals(0, lifetime(response(T0, T0)), "no heuristics");
    }

    @Test
    void expiresIsRelativeToDate() {
        CachedResponse r = response(T0, T0, "Date", Preconditions.formatDate(T0.minusSeconds(100)),
                "Expires", Preconditions.formatDate(T0.plusSeconds(100)));
        assertEquals(200_000, lifetime(r));
    }

    @Test
    void invalidValuesMeanStale() {
        assertEquals(0, lifetime(response(T0, T0, "Expires", "0")));
        assertEquals(0, lifetime(response(T0, T0, "Expires", "yesterday")));
        assertEquals(0, lifetime(response(T0, T0, "Cache-Control", "max-age=1, max-age=2")));
        assertEquals(0, lifetime(response(T0, T0, "Cache-Control", "max-age=x", "Expires",
                Preconditions.formatDate(T0.plusSeconds(1000)))), "an invalid max-age still overrides Expires");
        assertEquals(0, lifetime(response(T0, T0, "Expires", Preconditions.formatDate(T0.minusSeconds(5)))));
    }

    @Test
    void ageGrowsWithTheClock() {
        CachedResponse r = response(T0, T0, "Cache-Control", "max-age=60");
        assertEquals(0, Freshness.currentAge(r, T0));
        assertEquals(59_999, Freshness.currentAge(r, T0.plusMillis(59_999)));
        assertTrue(lifetime(r) > Freshness.currentAge(r, T0.plusMillis(59_999)));
        assertFalse(lifetime(r) > Freshness.currentAge(r, T0.plusSeconds(60)));
    }

    @Test
    void responseDelayCounts() {
        // the handler took 2 s: the response may have been made at its start
        CachedResponse r = response(T0, T0.plusSeconds(2));
        assertEquals(2_000, Freshness.currentAge(r, T0.plusSeconds(2)));
        assertEquals(5_000, Freshness.currentAge(r, T0.plusSeconds(5)));
    }

    @Test
    void ageAndDateFromTheResponseCount() {
        CachedResponse withAge = response(T0, T0, "Age", "30");
        assertEquals(30_000, Freshness.currentAge(withAge, T0));
        CachedResponse oldDate = response(T0, T0, "Date", Preconditions.formatDate(T0.minusSeconds(40)));
        assertEquals(40_000, Freshness.currentAge(oldDate, T0), "apparent age");
        CachedResponse futureDate = response(T0, T0, "Date", Preconditions.formatDate(T0.plusSeconds(40)));
        assertEquals(0, Freshness.currentAge(futureDate, T0), "a Date ahead of us is no negative age");
        CachedResponse badAge = response(T0, T0, "Age", "-5");
        assertEquals(0, Freshness.currentAge(badAge, T0));
    }

    @Test
    void clockGoingBackwardsIsNoNegativeAge() {
        CachedResponse r = response(T0, T0, "Cache-Control", "max-age=60");
        assertEquals(0, Freshness.currentAge(r, T0.minusSeconds(10)));
    }

    @Test
    void explicitness() {
        assertTrue(Freshness.explicit(CacheControl.parse("max-age=0"), null));
        assertTrue(Freshness.explicit(CacheControl.parse("s-maxage=bad"), null));
        assertTrue(Freshness.explicit(CacheControl.NONE, "0"));
        assertFalse(Freshness.explicit(CacheControl.parse("public"), null));
    }
}
