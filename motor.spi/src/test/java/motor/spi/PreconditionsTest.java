package motor.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreconditionsTest {

    private static final String TAG = "\"v1\"";
    private static final Instant MODIFIED = Instant.parse("2024-03-10T12:00:00Z");
    private static final String AT = "Sun, 10 Mar 2024 12:00:00 GMT";
    private static final String BEFORE = "Sun, 10 Mar 2024 11:59:59 GMT";
    private static final String AFTER = "Sun, 10 Mar 2024 12:00:01 GMT";

    private static int get(String... headers) {
        return Preconditions.evaluate("GET", Headers.of(headers), TAG, MODIFIED);
    }

    private static int put(String... headers) {
        return Preconditions.evaluate("PUT", Headers.of(headers), TAG, MODIFIED);
    }

    @Test
    void noConditionsProceed() {
        assertEquals(Preconditions.PROCEED, get());
        assertEquals(Preconditions.PROCEED, put());
    }

    @Test
    void ifNoneMatchUsesWeakComparison() {
        assertEquals(304, get("If-None-Match", TAG));
        assertEquals(304, get("If-None-Match", "W/\"v1\""));
        assertEquals(304, Preconditions.evaluate("GET", Headers.of("If-None-Match", "\"v1\""), "W/\"v1\"", null));
        assertEquals(0, get("If-None-Match", "\"v2\""));
        assertEquals(0, get("If-None-Match", "\"V1\""));
    }

    @Test
    void ifNoneMatchListsStarAndRepeatedFields() {
        assertEquals(304, get("If-None-Match", "\"a\", \"b\",\"v1\""));
        assertEquals(304, get("If-None-Match", " , \"a\" ,, \"v1\" , "));
        assertEquals(304, get("If-None-Match", "\"a\"", "If-None-Match", "\"v1\""));
        assertEquals(304, get("If-None-Match", "*"));
        assertEquals(304, get("If-None-Match", " * "));
        assertEquals(0, get("If-None-Match", "\"a\", \"b\""));
    }

    @Test
    void ifNoneMatchCommaInsideTagBelongsToTheTag() {
        assertEquals(304, Preconditions.evaluate("GET", Headers.of("If-None-Match", "\"x\", \"a,b\""), "\"a,b\"", null));
        assertEquals(0, Preconditions.evaluate("GET", Headers.of("If-None-Match", "\"a,b\""), "\"a\"", null));
        assertEquals(0, Preconditions.evaluate("GET", Headers.of("If-None-Match", "\"a,b\""), "\"b\"", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "\"v1", "\"v1\" \"v2\"", "*, \"v1\"", "\"v1\", *", "W/v1", "w/\"v1\"",
        "\"v 1\"", "\"v1\"x", "W/", "\""})
    void malformedIfNoneMatchMatchesNothing(String value) {
        assertEquals(0, get("If-None-Match", value));
        assertThrows(IllegalArgumentException.class, () -> Preconditions.entityTags(value));
    }

    @Test
    void ifNoneMatchOnUnsafeMethodIs412() {
        assertEquals(412, put("If-None-Match", TAG));
        assertEquals(412, put("If-None-Match", "*"));
        assertEquals(412, Preconditions.evaluate("POST", Headers.of("If-None-Match", "W/\"v1\""), TAG, null));
        assertEquals(0, put("If-None-Match", "\"other\""));
        assertEquals(304, Preconditions.evaluate("HEAD", Headers.of("If-None-Match", TAG), TAG, null));
    }

    @Test
    void ifMatchUsesStrongComparison() {
        assertEquals(0, put("If-Match", TAG));
        assertEquals(0, put("If-Match", "\"x\", \"v1\""));
        assertEquals(0, put("If-Match", "*"));
        assertEquals(412, put("If-Match", "W/\"v1\""));
        assertEquals(412, put("If-Match", "\"v2\""));
        assertEquals(412, Preconditions.evaluate("PUT", Headers.of("If-Match", "W/\"v1\""), "W/\"v1\"", null));
        assertEquals(412, Preconditions.evaluate("GET", Headers.of("If-Match", "\"v1\""), null, null));
        assertEquals(0, Preconditions.evaluate("GET", Headers.of("If-Match", "*"), null, null));
    }

    @Test
    void malformedIfMatchFails() {
        assertEquals(412, put("If-Match", "v1"));
        assertEquals(412, put("If-Match", "\"v1\" garbage"));
        assertEquals(412, put("If-Match", "\"v1\"", "If-Match", "\"unterminated"));
    }

    @Test
    void ifUnmodifiedSince() {
        assertEquals(0, put("If-Unmodified-Since", AT));
        assertEquals(0, put("If-Unmodified-Since", AFTER));
        assertEquals(412, put("If-Unmodified-Since", BEFORE));
        assertEquals(412, get("If-Unmodified-Since", BEFORE));
        // ignored: invalid, repeated, or no date on the representation
        assertEquals(0, put("If-Unmodified-Since", "yesterday"));
        assertEquals(0, put("If-Unmodified-Since", BEFORE, "If-Unmodified-Since", BEFORE));
        assertEquals(0, Preconditions.evaluate("PUT", Headers.of("If-Unmodified-Since", BEFORE), TAG, null));
    }

    @Test
    void ifMatchTakesPrecedenceOverIfUnmodifiedSince() {
        assertEquals(0, put("If-Match", TAG, "If-Unmodified-Since", BEFORE));
        assertEquals(412, put("If-Match", "\"x\"", "If-Unmodified-Since", AFTER));
    }

    @Test
    void ifModifiedSince() {
        assertEquals(304, get("If-Modified-Since", AT));
        assertEquals(304, get("If-Modified-Since", AFTER));
        assertEquals(0, get("If-Modified-Since", BEFORE));
        // only GET and HEAD
        assertEquals(0, put("If-Modified-Since", AFTER));
        assertEquals(304, Preconditions.evaluate("HEAD", Headers.of("If-Modified-Since", AT), null, MODIFIED));
        // ignored: invalid, repeated, representation without date
        assertEquals(0, get("If-Modified-Since", "Sun, 10 Mar 2024 12:00:00 UTC"));
        assertEquals(0, get("If-Modified-Since", AT, "If-Modified-Since", AT));
        assertEquals(0, Preconditions.evaluate("GET", Headers.of("If-Modified-Since", AFTER), TAG, null));
    }

    @Test
    void subSecondModificationTimesCompareAtSecondPrecision() {
        Instant fine = MODIFIED.plusMillis(700);
        assertEquals(304, Preconditions.evaluate("GET", Headers.of("If-Modified-Since", AT), null, fine));
        assertEquals(0, Preconditions.evaluate("PUT", Headers.of("If-Unmodified-Since", AT), null, fine));
    }

    @Test
    void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
        // a tag that does not match means the client's copy is stale, whatever the date says
        assertEquals(0, get("If-None-Match", "\"old\"", "If-Modified-Since", AFTER));
        assertEquals(304, get("If-None-Match", TAG, "If-Modified-Since", BEFORE));
    }

    @Test
    void evaluationOrderPutsFailedIfMatchBeforeIfNoneMatch() {
        assertEquals(412, get("If-Match", "\"x\"", "If-None-Match", TAG));
        assertEquals(304, get("If-Match", TAG, "If-None-Match", TAG));
        assertEquals(412, get("If-Unmodified-Since", BEFORE, "If-None-Match", TAG));
    }

    @Test
    void ifRange() {
        assertTrue(Preconditions.rangeApplies(Headers.of(), TAG, MODIFIED));
        assertTrue(Preconditions.rangeApplies(Headers.of("If-Range", TAG), TAG, MODIFIED));
        assertFalse(Preconditions.rangeApplies(Headers.of("If-Range", "\"v2\""), TAG, MODIFIED));
        assertFalse(Preconditions.rangeApplies(Headers.of("If-Range", "W/\"v1\""), TAG, MODIFIED));
        assertFalse(Preconditions.rangeApplies(Headers.of("If-Range", "W/\"v1\""), "W/\"v1\"", MODIFIED));
        assertFalse(Preconditions.rangeApplies(Headers.of("If-Range", TAG), null, MODIFIED));
        assertTrue(Preconditions.rangeApplies(Headers.of("If-Range", AT), TAG, MODIFIED));
        assertTrue(Preconditions.rangeApplies(Headers.of("If-Range", AT), TAG, MODIFIED.plusMillis(10)));
        assertFalse(Preconditions.rangeApplies(Headers.of("If-Range", AFTER), TAG, MODIFIED));
        assertFalse(Preconditions.rangeApplies(Headers.of("If-Range", BEFORE), TAG, MODIFIED));
        assertFalse(Preconditions.rangeApplies(Headers.of("If-Range", AT), TAG, null));
        assertFalse(Preconditions.rangeApplies(Headers.of("If-Range", "garbage"), TAG, MODIFIED));
        assertFalse(Preconditions.rangeApplies(Headers.of("If-Range", "\"v1\", \"v2\""), TAG, MODIFIED));
        assertFalse(Preconditions.rangeApplies(Headers.of("If-Range", TAG, "If-Range", TAG), TAG, MODIFIED));
    }

    @Test
    void entityTagLists() {
        assertEquals(List.of("\"a\"", "W/\"b\"", "\"c,d\"", "\"\""),
                Preconditions.entityTags(" \"a\" , W/\"b\",,\"c,d\", \"\" "));
        assertEquals(List.of("*"), Preconditions.entityTags(" * "));
        assertEquals(List.of(), Preconditions.entityTags(" , "));
        assertEquals(List.of("\"\u00e9\""), Preconditions.entityTags("\"\u00e9\""));
        assertThrows(IllegalArgumentException.class, () -> Preconditions.entityTags("\"\u0100\""));
        assertThrows(IllegalArgumentException.class, () -> Preconditions.entityTags("\"a\u0000\""));
        assertTrue(Preconditions.isEntityTag("W/\"x\""));
        assertFalse(Preconditions.isEntityTag("W/\"x"));
        assertFalse(Preconditions.isEntityTag("\"x\" "));
        assertFalse(Preconditions.isEntityTag(null));
    }

    @Test
    void comparisons() {
        assertTrue(Preconditions.strongMatch("\"a\"", "\"a\""));
        assertFalse(Preconditions.strongMatch("W/\"a\"", "\"a\""));
        assertFalse(Preconditions.strongMatch("W/\"a\"", "W/\"a\""));
        assertTrue(Preconditions.weakMatch("W/\"a\"", "\"a\""));
        assertTrue(Preconditions.weakMatch("W/\"a\"", "W/\"a\""));
        assertFalse(Preconditions.weakMatch("W/\"a\"", "\"b\""));
        assertFalse(Preconditions.weakMatch(null, "\"b\""));
    }

    @Test
    void parsesAllThreeDateFormats() {
        Instant expected = Instant.parse("1994-11-06T08:49:37Z");
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        assertEquals(expected, Preconditions.parseDate("Sun, 06 Nov 1994 08:49:37 GMT", now));
        assertEquals(expected, Preconditions.parseDate("Sunday, 06-Nov-94 08:49:37 GMT", now));
        assertEquals(expected, Preconditions.parseDate("Sun Nov  6 08:49:37 1994", now));
        assertEquals(expected, Preconditions.parseDate("  Sun, 06 Nov 1994 08:49:37 GMT\t", now));
        assertEquals(Instant.parse("2024-02-29T23:59:59Z"), Preconditions.parseDate("Thu Feb 29 23:59:59 2024", now));
        assertEquals(Instant.parse("2016-12-31T23:59:59Z").plusSeconds(1),
                Preconditions.parseDate("Sat, 31 Dec 2016 23:59:60 GMT", now));
    }

    @Test
    void twoDigitYearsAreAtMostFiftyYearsAhead() {
        Instant now = Instant.parse("2025-06-01T00:00:00Z");
        assertEquals(Instant.parse("2075-01-01T00:00:00Z"), Preconditions.parseDate("Tuesday, 01-Jan-75 00:00:00 GMT", now));
        assertEquals(Instant.parse("1976-01-01T00:00:00Z"), Preconditions.parseDate("Thursday, 01-Jan-76 00:00:00 GMT", now));
        assertEquals(Instant.parse("2000-01-01T00:00:00Z"), Preconditions.parseDate("Saturday, 01-Jan-00 00:00:00 GMT", now));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37 gmt",
        "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
        "sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 nov 1994 08:49:37 GMT", "Sun, 31 Nov 1994 08:49:37 GMT",
        "Sun, 29 Feb 1995 08:49:37 GMT", "Sun, 00 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 1994 08:49:61 GMT", "Sun, 06 Nov 1994 08-49-37 GMT",
        "Sun, 06 Nov 0000 08:49:37 GMT", "Sun, 06 Nov 1994 +8:49:37 GMT", "Sun, 0x Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun, 06-Nov-94 08:49:37 GMT", "Sunday, 06 Nov 94 08:49:37 GMT",
        "Sun Nov 06 08:49:37 94", "Sun Nov  6 08:49:37 1994 GMT", "Sun Nov _6 08:49:37 1994",
        "Sun, 06 Nov 1994 08:49:37 GMT, x", "1994-11-06T08:49:37Z", "Sun,06 Nov 1994 08:49:37 GMT  x",
        "\u00ffun, 06 Nov 1994 08:49:37 GMT"})
    void refusesMalformedDates(String value) {
        assertNull(Preconditions.parseDate(value, Instant.parse("2025-01-01T00:00:00Z")));
    }

    @Test
    void parsesNoStringOfAnyLengthWithoutThrowing() {
        String base = "Sunday, 06-Nov-94 08:49:37 GMT";
        for (int i = 0; i <= base.length(); i++) {
            Preconditions.parseDate(base.substring(0, i));
            Preconditions.parseDate(base.substring(i));
        }
        assertNull(Preconditions.parseDate(null));
    }

    @Test
    void formatsImfFixdate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", Preconditions.formatDate(Instant.parse("1994-11-06T08:49:37.999Z")));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", Preconditions.formatDate(Instant.EPOCH));
        assertEquals("Mon, 01 Jan 0001 00:00:00 GMT", Preconditions.formatDate(Instant.parse("0001-01-01T00:00:00Z")));
        assertEquals("Fri, 31 Dec 9999 23:59:59 GMT", Preconditions.formatDate(Instant.parse("9999-12-31T23:59:59Z")));
        // times a file system can hold but an HTTP-date cannot: refused, never garbled
        assertThrows(IllegalArgumentException.class, () -> Preconditions.formatDate(Instant.parse("-0249-10-15T19:33:20Z")));
        assertThrows(IllegalArgumentException.class, () -> Preconditions.formatDate(Instant.parse("+14645-06-30T15:06:40Z")));
        Instant t = Instant.parse("2031-07-09T03:04:05Z");
        assertEquals(t, Preconditions.parseDate(Preconditions.formatDate(t)));
    }
}
