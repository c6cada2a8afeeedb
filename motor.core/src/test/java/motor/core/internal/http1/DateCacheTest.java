package motor.core.internal.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DateCacheTest {

    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    @Test
    void handFormattingMatchesImfFixdate() {
        long[] seconds = {0, 784111777, 951782400, 1_709_164_799, 1_764_100_000, 4_102_444_799L, 1_893_456_000};
        for (long s : seconds) {
            String expected = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
                    .withZone(ZoneOffset.UTC).format(Instant.ofEpochSecond(s));
            assertEquals(expected, DateCache.imfFixdate(s), "at " + s);
        }
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", DateCache.imfFixdate(784111777));
    }

    @Test
    void everyDayOfSeveralYears() {
        for (long s = 1_700_000_000L; s < 1_800_000_000L; s += 86_400 + 3_601) {
            assertEquals(REFERENCE.format(Instant.ofEpochSecond(s)).replaceFirst(", (\\d) ", ", 0$1 "),
                    DateCache.imfFixdate(s), "at " + s);
        }
    }
}
