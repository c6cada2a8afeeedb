package motor.ext.accesslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three formats on fixed values, and what hostile values become. */
class LineFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIME = Instant.parse("2026-11-06T09:05:03.042Z").toEpochMilli();

    private static Entry entry(String userAgent, String referer, List<String> headers) {
        return new Entry(TIME, "192.0.2.7", null, "GET", "/a/b?c=d", "HTTP/1.1", 200, 1234, 12_345_678L,
                "1a-3", userAgent, referer, headers);
    }

    @Test
    void combined() {
        String line = new LineFormat(Format.COMBINED, List.of()).format(entry("curl/8.5", "http://x/", List.of()));
        assertEquals("192.0.2.7 - - [06/Nov/2026:09:05:03 +0000] \"GET /a/b?c=d HTTP/1.1\" 200 1234"
                + " \"http://x/\" \"curl/8.5\" 1a-3", line);
    }

    @Test
    void combinedWithoutHeadersOrUser() {
        Entry e = new Entry(TIME, "::1", "ann", "POST", "/x", "HTTP/1.0", 404, 0, 0, "z-1", null, null, List.of());
        assertEquals("::1 - ann [06/Nov/2026:09:05:03 +0000] \"POST /x HTTP/1.0\" 404 0 \"-\" \"-\" z-1",
                new LineFormat(Format.COMBINED, List.of()).format(e));
    }

    @Test
    void bareFieldsCannotAddFields() {
        // the user name (a Basic user-id may hold spaces), the address (a wrapper may report any
        // SocketAddress) and the request id are not quoted: a space there would shift every field after it
        // for the tools that read these logs, so it is escaped like the rest
        Entry e = new Entry(TIME, "/run/motor sock\"", "ann smith [01/Jan/2000:00:00:00 +0000] \"GET", "GET", "/",
                "HTTP/1.1", 200, 0, 0, "id 1", null, null, List.of());
        String line = new LineFormat(Format.COMMON, List.of()).format(e);
        assertEquals("/run/motor\\x20sock\\x22 - ann\\x20smith\\x20[01/Jan/2000:00:00:00\\x20+0000]\\x20\\x22GET"
                + " [06/Nov/2026:09:05:03 +0000] \"GET / HTTP/1.1\" 200 0 id\\x201", line);
        assertEquals(11, line.split(" ").length, "as many fields as a line without those values");
    }

    @Test
    void common() {
        assertEquals("192.0.2.7 - - [06/Nov/2026:09:05:03 +0000] \"GET /a/b?c=d HTTP/1.1\" 200 1234 1a-3",
                new LineFormat(Format.COMMON, List.of()).format(entry("curl/8.5", "http://x/", List.of())));
    }

    @Test
    void anAnswerWithoutRequestHasDashes() {
        Entry e = new Entry(TIME, "192.0.2.7", null, null, null, null, 400, 50, 1000, null, null, null, List.of());
        assertEquals("192.0.2.7 - - [06/Nov/2026:09:05:03 +0000] \"-\" 400 50 \"-\" \"-\" -",
                new LineFormat(Format.COMBINED, List.of()).format(e));
        JsonNode json = parse(new LineFormat(Format.JSON, List.of()).format(e));
        assertTrue(json.get("method").isNull());
        assertTrue(json.get("request_id").isNull());
        assertEquals(400, json.get("status").asInt());
    }

    @Test
    void json() throws Exception {
        String line = new LineFormat(Format.JSON, List.of("x-forwarded-for", "accept"))
                .format(entry("curl/8.5", null, Arrays.asList("10.0.0.1", null)));
        assertEquals("{\"time\":\"2026-11-06T09:05:03.042Z\",\"remote\":\"192.0.2.7\",\"user\":null,"
                + "\"method\":\"GET\",\"target\":\"/a/b?c=d\",\"protocol\":\"HTTP/1.1\",\"status\":200,"
                + "\"bytes\":1234,\"duration_ms\":12.345,\"request_id\":\"1a-3\",\"user_agent\":\"curl/8.5\","
                + "\"referer\":null,\"headers\":{\"x-forwarded-for\":\"10.0.0.1\",\"accept\":null}}", line);
        JsonNode node = parse(line);
        assertEquals(12.345, node.get("duration_ms").asDouble());
        assertEquals(Instant.ofEpochMilli(TIME), Instant.parse(node.get("time").asText()));
    }

    @Test
    void timestampsOnSecondAndMillisecondBoundaries() {
        LineFormat f = new LineFormat(Format.JSON, List.of());
        Entry e = new Entry(Instant.parse("2027-01-01T00:00:00Z").toEpochMilli(), null, null, "GET", "/", "HTTP/1.1",
                200, 0, 999, "a", null, null, List.of());
        String first = f.format(e);
        assertEquals("2027-01-01T00:00:00.000Z", parse(first).get("time").asText());
        assertTrue(first.contains("\"duration_ms\":0.000,"), first);
        Entry later = new Entry(e.epochMillis() + 1009, null, null, "GET", "/", "HTTP/1.1", 200, 0, 1_000_000_000L,
                "a", null, null, List.of());
        String line = f.format(later);
        assertTrue(line.contains("\"time\":\"2027-01-01T00:00:01.009Z\""), line);
        assertTrue(line.contains("\"duration_ms\":1000.000"), line);
        assertTrue(new LineFormat(Format.COMMON, List.of()).format(later).contains("[01/Jan/2027:00:00:01 +0000]"));
    }

    /** Values a client sends to forge lines or drive a terminal. */
    private static final List<String> HOSTILE = List.of(
            "evil\" 200 0 \"-\" \"forged",
            "line one\nforged 127.0.0.1 - - [01/Jan/2000:00:00:00 +0000] \"GET / HTTP/1.1\" 200 0",
            "cr\rlf\r\n",
            "\u001b[31mred\u001b[0m \u001b]0;title\u0007",
            "back\\slash \\x22",
            "tab\there",
            "nul\u0000del\u007f c1\u0085\u009b",
            "latin \u00e9\u00ff",
            "js \u2028\u2029",
            "emoji \ud83d\ude00 lone \ud800 low \udc00");

    @Test
    void hostileValuesStayInsideTheirQuotedFieldInCombined() {
        LineFormat f = new LineFormat(Format.COMBINED, List.of());
        for (String value : HOSTILE) {
            String line = f.format(entry(value, value, List.of()));
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                assertTrue(c >= 0x20 && c < 0x7f, "only printable ASCII in " + line);
            }
            // exactly the six quotes of the request line, referer and user agent remain unescaped
            assertEquals(6, line.chars().filter(c -> c == '"').count(), line);
            assertTrue(line.endsWith("\" 1a-3"), line);
        }
        StringBuilder b = new StringBuilder();
        LineFormat.clfEscape(b, "a\"b\\c\nd\u001be\u00e9\u20ac");
        assertEquals("a\\x22b\\x5Cc\\x0Ad\\x1Be\\xE9\\x{20AC}", b.toString());
    }

    @Test
    void hostileValuesRoundTripThroughJson() {
        LineFormat f = new LineFormat(Format.JSON, List.of("x-test"));
        for (String value : HOSTILE) {
            String line = f.format(entry(value, value, List.of(value)));
            assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u001b")
                    || line.contains("\u2028"), line);
            JsonNode node = parse(line);
            assertEquals(value, node.get("user_agent").asText());
            assertEquals(node.get("user_agent"), node.get("headers").get("x-test"));
        }
    }

    @Test
    void longValuesAreCut() {
        String big = "A".repeat(8 * 1024);
        String line = new LineFormat(Format.COMBINED, List.of()).format(entry(big, null, List.of()));
        assertTrue(line.contains("\"" + "A".repeat(LineFormat.MAX_FIELD) + "...\""), "cut and marked");
        assertTrue(line.length() < LineFormat.MAX_FIELD + 200, "length " + line.length());
        JsonNode node = parse(new LineFormat(Format.JSON, List.of()).format(entry(big, null, List.of())));
        assertEquals(LineFormat.MAX_FIELD + 3, node.get("user_agent").asText().length());
        // an emoji on the cut is not split into a lone surrogate
        String pairs = "x" + "\ud83d\ude00".repeat(LineFormat.MAX_FIELD);
        StringBuilder b = new StringBuilder();
        LineFormat.jsonString(b, pairs);
        assertFalse(b.toString().contains("\\uD83D"), "no escaped half pair");
        parse("{\"v\":" + b + "}");
    }

    @Test
    void randomValuesNeverBreakALine() {
        java.util.Random random = new java.util.Random(20261126);
        LineFormat combined = new LineFormat(Format.COMBINED, List.of());
        LineFormat json = new LineFormat(Format.JSON, List.of("x"));
        for (int round = 0; round < 2000; round++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                // mostly the dangerous range, some Latin-1, some anything (surrogates included)
                int kind = random.nextInt(4);
                b.append((char) (kind == 0 ? random.nextInt(0x80) : kind == 1 ? random.nextInt(0x100)
                        : kind == 2 ? "\"\\\n\r\u001b".charAt(random.nextInt(5)) : random.nextInt(0x10000)));
            }
            String value = b.toString();
            String line = combined.format(entry(value, value, List.of()));
            assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), line);
            assertEquals(6, line.chars().filter(c -> c == '"').count(), line);
            JsonNode node = parse(json.format(entry(value, value, List.of(value))));
            assertEquals(value, node.get("user_agent").asText());
            assertEquals(value, node.get("headers").get("x").asText());
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
