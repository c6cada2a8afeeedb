package motor.spi;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Conditional requests (RFC 9110 section 13): evaluates {@code If-Match}, {@code If-None-Match},
 * {@code If-Modified-Since}, {@code If-Unmodified-Since} and {@code If-Range} against the validators of
 * the representation a handler selected, and parses and formats entity tags and HTTP-dates.
 *
 * <p>A handler that serves a representation with an entity tag and/or a modification date calls
 * {@link #evaluate(Request, String, Instant)} after it has selected the representation and before it
 * sends anything: 0 means go on, {@code 304} means answer Not Modified (with the validators and
 * {@code Cache-Control}, {@code Vary} and the like, but no content), {@code 412} means answer
 * Precondition Failed. A handler that honours {@code Range} then asks {@link #rangeApplies} whether
 * {@code If-Range} lets the range through.
 *
 * <p>Entity tags are passed and returned with their quotes and any {@code W/} prefix, exactly as they
 * appear in an {@code ETag} field: {@code "abc"} or {@code W/"abc"}. Modification dates are compared at
 * the one-second precision of HTTP-dates.
 *
 * <p>Nothing here uses regular expressions or allocates on the common paths; every method is
 * thread-safe.
 */
public final class Preconditions {

    /** The result of {@link #evaluate}: the preconditions hold (or there were none); go on. */
    public static final int PROCEED = 0;

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] LONG_DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday", "Sunday"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
        "Oct", "Nov", "Dec"};

    /** How a field's list of entity tags compared with the current tag. */
    private enum Match { MATCH, NO_MATCH, MALFORMED }

    private Preconditions() {
    }

    /**
     * Evaluates the preconditions of a request against the selected representation, in the order of
     * RFC 9110 section 13.2.2. Same as {@link #evaluate(String, Headers, String, Instant)} with the
     * request's method and headers.
     *
     * @param request      the request
     * @param etag         the representation's entity tag with quotes ({@code "x"} or {@code W/"x"}), or
     *                     {@code null} if it has none
     * @param lastModified the representation's modification date, or {@code null} if it has none
     * @return {@link #PROCEED}, {@link Status#NOT_MODIFIED} or {@link Status#PRECONDITION_FAILED}
     */
    public static int evaluate(Request request, String etag, Instant lastModified) {
        return evaluate(request.method(), request.headers(), etag, lastModified);
    }

    /**
     * Evaluates the preconditions of a request against the selected representation, which exists, in
     * the order of RFC 9110 section 13.2.2:
     * <ol>
     *   <li>{@code If-Match} present: unless {@code *} or one of its tags matches {@code etag} by
     *       <em>strong</em> comparison, 412. A malformed list matches nothing.</li>
     *   <li>otherwise {@code If-Unmodified-Since} present, a valid date, and the representation has a
     *       date: if the representation was modified after it, 412.</li>
     *   <li>{@code If-None-Match} present: if {@code *} or one of its tags matches {@code etag} by
     *       <em>weak</em> comparison, 304 for {@code GET} and {@code HEAD}, 412 for any other method. A
     *       malformed list matches nothing.</li>
     *   <li>otherwise, for {@code GET} and {@code HEAD} only, {@code If-Modified-Since} present, a valid
     *       date, and the representation has a date: if it was not modified after it, 304.</li>
     * </ol>
     * A date field that is not a valid HTTP-date, or that appears more than once, is ignored, as the RFC
     * asks. Whether the request also carries {@code Range} and {@code If-Range} is for
     * {@link #rangeApplies} to say.
     *
     * @param method       the request method
     * @param headers      the request headers
     * @param etag         the representation's entity tag with quotes, or {@code null} if it has none
     * @param lastModified the representation's modification date, or {@code null} if it has none
     * @return {@link #PROCEED}, {@link Status#NOT_MODIFIED} or {@link Status#PRECONDITION_FAILED}
     */
    public static int evaluate(String method, Headers headers, String etag, Instant lastModified) {
        boolean safe = Method.GET.equals(method) || Method.HEAD.equals(method);
        if (headers.contains("If-Match")) {
            if (matchesAny(headers.all("If-Match"), etag, false) != Match.MATCH) {
                return Status.PRECONDITION_FAILED;
            }
        } else if (lastModified != null) {
            Instant since = singleDate(headers, "If-Unmodified-Since");
            if (since != null && seconds(lastModified) > seconds(since)) {
                return Status.PRECONDITION_FAILED;
            }
        }
        if (headers.contains("If-None-Match")) {
            if (matchesAny(headers.all("If-None-Match"), etag, true) == Match.MATCH) {
                return safe ? Status.NOT_MODIFIED : Status.PRECONDITION_FAILED;
            }
        } else if (safe && lastModified != null) {
            Instant since = singleDate(headers, "If-Modified-Since");
            if (since != null && seconds(lastModified) <= seconds(since)) {
                return Status.NOT_MODIFIED;
            }
        }
        return PROCEED;
    }

    /**
     * Tells whether a {@code Range} header may be honoured. Same as
     * {@link #rangeApplies(Headers, String, Instant)} with the request's headers.
     *
     * @param request      the request
     * @param etag         the representation's entity tag with quotes, or {@code null}
     * @param lastModified the representation's modification date, or {@code null}
     * @return whether to honour {@code Range}; {@code false} means send the whole representation
     */
    public static boolean rangeApplies(Request request, String etag, Instant lastModified) {
        return rangeApplies(request.headers(), etag, lastModified);
    }

    /**
     * Tells whether a {@code Range} header may be honoured given the request's {@code If-Range} (RFC 9110
     * section 13.1.5). Without {@code If-Range}: yes. With an entity tag: only if it is strong and equals
     * {@code etag} by strong comparison (a weak tag never does). With an HTTP-date: only if it equals
     * {@code lastModified} exactly, to the second. Anything else (a malformed value, several values, a
     * representation without the validator asked about) means no: the whole representation is sent,
     * which is always a correct answer.
     *
     * <p>The caller decides whether {@code Range} applies at all (RFC 9110 section 14.2: only to
     * {@code GET}); a server ignores {@code If-Range} on a request without {@code Range}.
     *
     * @param headers      the request headers
     * @param etag         the representation's entity tag with quotes, or {@code null}
     * @param lastModified the representation's modification date, or {@code null}
     * @return whether to honour {@code Range}
     */
    public static boolean rangeApplies(Headers headers, String etag, Instant lastModified) {
        int count = headers.count("If-Range");
        if (count == 0) {
            return true;
        }
        if (count > 1) {
            return false;
        }
        String value = trim(headers.first("If-Range"));
        if (value.startsWith("\"") || value.startsWith("W/")) {
            int end = tagEnd(value, 0);
            return end == value.length() && !value.startsWith("W/") && etag != null && !etag.startsWith("W/")
                    && value.equals(etag);
        }
        Instant date = parseDate(value);
        return date != null && lastModified != null && seconds(date) == seconds(lastModified);
    }

    /**
     * Parses a list of entity tags as found in {@code If-Match} or {@code If-None-Match}: tags separated
     * by commas and optional whitespace, empty elements allowed. A comma inside a quoted tag belongs to
     * the tag. The list {@code *} is returned as the single element {@code *}.
     *
     * @param value the field value
     * @return the tags with their quotes and any {@code W/} prefix, in order
     * @throws IllegalArgumentException if the value is not such a list: an unquoted tag, a missing closing
     *                                  quote, a character not allowed in a tag, or {@code *} mixed with
     *                                  tags
     */
    public static List<String> entityTags(String value) {
        String trimmed = trim(value);
        if (trimmed.equals("*")) {
            return List.of("*");
        }
        List<String> tags = new ArrayList<>(2);
        int i = 0;
        int length = value.length();
        while (true) {
            i = skipListSeparators(value, i);
            if (i >= length) {
                return Collections.unmodifiableList(tags);
            }
            int end = tagEnd(value, i);
            if (end < 0) {
                throw new IllegalArgumentException("not a list of entity tags at index " + i);
            }
            tags.add(value.substring(i, end));
            i = afterElement(value, end);
            if (i < 0) {
                throw new IllegalArgumentException("entity tags must be separated by commas, at index " + end);
            }
        }
    }

    /**
     * {@return whether {@code tag} is one well-formed entity tag: {@code "..."} or {@code W/"..."} with
     * only the characters RFC 9110 section 8.8.3 allows between the quotes}
     *
     * @param tag the candidate
     */
    public static boolean isEntityTag(String tag) {
        return tag != null && tagEnd(tag, 0) == tag.length();
    }

    /**
     * {@return whether two entity tags are equal by strong comparison: both strong, same characters}
     *
     * @param a an entity tag with quotes
     * @param b another
     */
    public static boolean strongMatch(String a, String b) {
        return a != null && b != null && !a.startsWith("W/") && !b.startsWith("W/") && a.equals(b);
    }

    /**
     * {@return whether two entity tags are equal by weak comparison: same characters once any {@code W/}
     * prefix is ignored}
     *
     * @param a an entity tag with quotes
     * @param b another
     */
    public static boolean weakMatch(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        int ia = a.startsWith("W/") ? 2 : 0;
        int ib = b.startsWith("W/") ? 2 : 0;
        return a.length() - ia == b.length() - ib && a.regionMatches(ia, b, ib, a.length() - ia);
    }

    /**
     * Parses an HTTP-date in any of the three formats of RFC 9110 section 5.6.7: the preferred
     * IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}) and the obsolete RFC 850
     * ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994}) formats. A
     * two-digit year is placed in the century that makes it no more than 50 years after now.
     *
     * @param value the field value; surrounding whitespace is ignored
     * @return the instant, or {@code null} if the value is not a valid HTTP-date
     */
    public static Instant parseDate(String value) {
        return parseDate(value, Instant.now());
    }

    /**
     * Parses an HTTP-date as {@link #parseDate(String)} does, with the current time given, which decides
     * the century of a two-digit year.
     *
     * @param value the field value
     * @param now   the current time
     * @return the instant, or {@code null} if the value is not a valid HTTP-date
     */
    public static Instant parseDate(String value, Instant now) {
        if (value == null) {
            return null;
        }
        String s = trim(value);
        if (s.length() == 29 && s.charAt(3) == ',') {
            return imfFixdate(s);
        }
        if (s.length() == 24 && s.charAt(3) == ' ') {
            return asctime(s);
        }
        int comma = s.indexOf(',');
        if (comma >= 6 && comma <= 9) {
            return rfc850(s, comma, now);
        }
        return null;
    }

    /**
     * {@return an instant as an IMF-fixdate, such as {@code Sun, 06 Nov 1994 08:49:37 GMT}, the format for
     * {@code Last-Modified}, {@code Date} and {@code Expires}; fractions of a second are dropped}
     *
     * @param instant the instant, from year 1 to 9999
     * @throws IllegalArgumentException if the instant lies outside those years, which an HTTP-date cannot
     *                                  express (a file system may well hold such a time)
     */
    public static String formatDate(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (t.getYear() < 1 || t.getYear() > 9999) {
            throw new IllegalArgumentException("an HTTP-date has a year from 1 to 9999, not " + t.getYear());
        }
        char[] out = new char[29];
        copy(DAYS[t.getDayOfWeek().ordinal()], out, 0);
        out[3] = ',';
        out[4] = ' ';
        digits(t.getDayOfMonth(), 2, out, 5);
        out[7] = ' ';
        copy(MONTHS[t.getMonthValue() - 1], out, 8);
        out[11] = ' ';
        digits(t.getYear(), 4, out, 12);
        out[16] = ' ';
        digits(t.getHour(), 2, out, 17);
        out[19] = ':';
        digits(t.getMinute(), 2, out, 20);
        out[22] = ':';
        digits(t.getSecond(), 2, out, 23);
        copy(" GMT", out, 25);
        return new String(out);
    }

    // ---- entity tag lists

    /** Compares every tag of every field value with {@code etag}; a malformed value fails the whole. */
    private static Match matchesAny(List<String> values, String etag, boolean weak) {
        boolean any = false;
        for (String value : values) {
            Match match = matches(value, etag, weak);
            if (match == Match.MALFORMED) {
                return Match.MALFORMED;
            }
            any |= match == Match.MATCH;
        }
        return any ? Match.MATCH : Match.NO_MATCH;
    }

    private static Match matches(String value, String etag, boolean weak) {
        int length = value.length();
        int i = skipWhitespace(value, 0);
        if (i < length && value.charAt(i) == '*') {
            // '*' must be the whole field value; it matches any current representation
            return skipWhitespace(value, i + 1) == length ? Match.MATCH : Match.MALFORMED;
        }
        boolean matched = false;
        while (true) {
            i = skipListSeparators(value, i);
            if (i >= length) {
                return matched ? Match.MATCH : Match.NO_MATCH;
            }
            int end = tagEnd(value, i);
            if (end < 0) {
                return Match.MALFORMED;
            }
            if (!matched && etag != null) {
                matched = weak ? weakMatch(value, i, end, etag) : strongMatch(value, i, end, etag);
            }
            i = afterElement(value, end);
            if (i < 0) {
                return Match.MALFORMED;
            }
        }
    }

    private static boolean strongMatch(String list, int start, int end, String etag) {
        return list.charAt(start) == '"' && !etag.startsWith("W/") && etag.length() == end - start
                && list.regionMatches(start, etag, 0, end - start);
    }

    private static boolean weakMatch(String list, int start, int end, String etag) {
        int a = list.charAt(start) == 'W' ? start + 2 : start;
        int b = etag.startsWith("W/") ? 2 : 0;
        return end - a == etag.length() - b && list.regionMatches(a, etag, b, end - a);
    }

    /**
     * Finds the end of the entity tag starting at {@code start}: {@code [W/] DQUOTE *etagc DQUOTE} with
     * etagc = %x21 / %x23-7E / %x80-FF.
     *
     * @return the index after the closing quote, or -1 if no well-formed tag starts there
     */
    private static int tagEnd(String s, int start) {
        int i = start;
        int length = s.length();
        if (i + 1 < length && s.charAt(i) == 'W' && s.charAt(i + 1) == '/') {
            i += 2;
        }
        if (i >= length || s.charAt(i) != '"') {
            return -1;
        }
        for (i++; i < length; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c < 0x21 || c == 0x7f || c > 0xff) {
                return -1;
            }
        }
        return -1;
    }

    /** Skips whitespace and commas (empty list elements are allowed, RFC 9110 section 5.6.1.2). */
    private static int skipListSeparators(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ',' || s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** After a tag: optional whitespace, then a comma or the end; -1 if anything else follows. */
    private static int afterElement(String s, int i) {
        i = skipWhitespace(s, i);
        if (i == s.length()) {
            return i;
        }
        return s.charAt(i) == ',' ? i + 1 : -1;
    }

    private static int skipWhitespace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static String trim(String s) {
        int a = skipWhitespace(s, 0);
        int b = s.length();
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
            b--;
        }
        return a == 0 && b == s.length() ? s : s.substring(a, b);
    }

    // ---- dates

    private static Instant singleDate(Headers headers, String name) {
        return headers.count(name) == 1 ? parseDate(headers.first(name)) : null;
    }

    private static long seconds(Instant instant) {
        return instant.getEpochSecond();
    }

    /** {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static Instant imfFixdate(String s) {
        if (indexOf(DAYS, s, 0, 3) < 0 || s.charAt(4) != ' ' || s.charAt(7) != ' ' || s.charAt(11) != ' '
                || s.charAt(16) != ' ' || !s.startsWith(" GMT", 25)) {
            return null;
        }
        return instant(number(s, 12, 4), indexOf(MONTHS, s, 8, 3) + 1, number(s, 5, 2), time(s, 17));
    }

    /** {@code Sunday, 06-Nov-94 08:49:37 GMT}. */
    private static Instant rfc850(String s, int comma, Instant now) {
        int i = comma + 1;
        if (s.length() != i + 23 || indexOf(LONG_DAYS, s, 0, comma) < 0 || s.charAt(i) != ' '
                || s.charAt(i + 3) != '-' || s.charAt(i + 7) != '-' || s.charAt(i + 10) != ' '
                || !s.startsWith(" GMT", i + 19)) {
            return null;
        }
        int twoDigits = number(s, i + 8, 2);
        if (twoDigits < 0) {
            return null;
        }
        int nowYear = LocalDateTime.ofEpochSecond(now.getEpochSecond(), 0, ZoneOffset.UTC).getYear();
        // RFC 9110 section 5.6.7: a year more than 50 years in the future is the most recent past one
        int year = nowYear - Math.floorMod(nowYear, 100) + twoDigits;
        if (year > nowYear + 50) {
            year -= 100;
        }
        return instant(year, indexOf(MONTHS, s, i + 4, 3) + 1, number(s, i + 1, 2), time(s, i + 11));
    }

    /** {@code Sun Nov  6 08:49:37 1994}: the day is space-padded. */
    private static Instant asctime(String s) {
        if (indexOf(DAYS, s, 0, 3) < 0 || s.charAt(7) != ' ' || s.charAt(10) != ' ' || s.charAt(19) != ' ') {
            return null;
        }
        int day = s.charAt(8) == ' ' ? number(s, 9, 1) : number(s, 8, 2);
        return instant(number(s, 20, 4), indexOf(MONTHS, s, 4, 3) + 1, day, time(s, 11));
    }

    /** {@code HH:MM:SS} at {@code i} as seconds of the day, or -1. */
    private static int time(String s, int i) {
        if (s.charAt(i + 2) != ':' || s.charAt(i + 5) != ':') {
            return -1;
        }
        int h = number(s, i, 2);
        int m = number(s, i + 3, 2);
        int sec = number(s, i + 6, 2);
        // a leap second (60) is allowed by the grammar and read as the next second
        if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) {
            return -1;
        }
        return h * 3600 + m * 60 + sec;
    }

    private static Instant instant(int year, int month, int day, int secondOfDay) {
        if (year < 1 || month < 1 || day < 1 || secondOfDay < 0) {
            return null;
        }
        int maxDay = switch (month) {
            case 2 -> java.time.Year.isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
        if (day > maxDay) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + secondOfDay).truncatedTo(ChronoUnit.SECONDS);
    }

    /** Decimal digits only; -1 if any character is not a digit. */
    private static int number(String s, int start, int count) {
        int n = 0;
        for (int i = start; i < start + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Index of the name equal (case-sensitively, as the grammar has it) to s[start, start + length). */
    private static int indexOf(String[] names, String s, int start, int length) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].length() == length && s.startsWith(names[i], start)) {
                return i;
            }
        }
        return -1;
    }

    private static void copy(String text, char[] out, int at) {
        text.getChars(0, text.length(), out, at);
    }

    private static void digits(int value, int count, char[] out, int at) {
        for (int i = at + count - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
