package motor.ext.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random input, built from the pieces that matter, against the proxy's own parsers: the strict
 * response-head parser answers "incomplete", a head, or {@link ResponseHead.MalformedHead}, never anything
 * else, and the target helpers agree with simple reference definitions.
 */
class ParsersFuzzTest {

    private static final String[] HEAD_PIECES = {"HTTP/1.1 ", "HTTP/1.0 ", "HTTP/2 ", "101", "200", "2000", "99",
        " OK", "\r\n", "\r", "\n", "\r\n\r\n", "Upgrade: websocket", "Connection: Upgrade", ": ", ":", " ", "\t",
        "X-A", "a b", "\u0000", "\u007f", "\u00e9", "Content-Length: 5", "hello", ""};
    private static final String[] PATH_PIECES = {"/", "//", ".", "..", "%2e", "%2E", "%2", "%", "a", "b", "%2F",
        "%2f", "%5C", "%5c", "\\", "?", "+", "~", "|", "{", "\u00e9", " ", ";", "=", "&"};

    @Test
    void randomHeadsAreParsedOrRefusedAndNothingElse() {
        Random random = new Random(20261126);
        int parsed = 0;
        for (int run = 0; run < 50_000; run++) {
            StringBuilder text = new StringBuilder();
            if (random.nextInt(3) > 0) {
                text.append("HTTP/1.1 101 Switching Protocols\r\n");
            }
            for (int i = random.nextInt(10); i > 0; i--) {
                text.append(HEAD_PIECES[random.nextInt(HEAD_PIECES.length)]);
            }
            if (random.nextBoolean()) {
                text.append("\r\n\r\n");
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
            int length = random.nextInt(bytes.length + 1);
            try {
                ResponseHead head = ResponseHead.parse(bytes, length);
                if (head != null) {
                    parsed++;
                    assertTrue(head.length() <= length && head.status() >= 100 && head.status() <= 999, text.toString());
                    String raw = new String(bytes, 0, head.length(), StandardCharsets.ISO_8859_1);
                    assertTrue(raw.endsWith("\r\n\r\n") && raw.indexOf("\r\n\r\n") == raw.length() - 4, raw);
                }
            } catch (ResponseHead.MalformedHead e) {
                assertTrue(!e.getMessage().isEmpty());
            }
        }
        assertTrue(parsed > 1000, "many heads are valid: " + parsed);
    }

    @Test
    void dotSegmentsAgreeWithTheReferenceAndTargetsSurviveTheTrip() {
        Random random = new Random(7);
        for (int run = 0; run < 50_000; run++) {
            StringBuilder path = new StringBuilder("/");
            for (int i = random.nextInt(8); i > 0; i--) {
                path.append(PATH_PIECES[random.nextInt(PATH_PIECES.length)]);
            }
            String p = path.toString();
            assertEquals(reference(p), Targets.hasDotSegment(p), p);
            URI uri;
            try {
                uri = Targets.upstreamUri("http://10.0.0.5:8080", "/base", p, null);
            } catch (IllegalArgumentException e) {
                continue; // a '?' or another character makes it no path at all: refused as a whole
            }
            String sent = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
            if (Targets.escapeIllegal(p).equals(p)) {
                assertEquals("/base" + p, sent, "a legal target goes up unchanged");
            }
            assertTrue(sent.chars().allMatch(c -> c > 0x20 && c < 0x7F), "only visible ASCII on the wire: " + sent);
        }
    }

    /**
     * A dot segment is one that is "." or ".." once %2e is read as a dot, where segments are separated by
     * "/", "\\", %2F or %5C and a segment's name ends at ";".
     */
    private static boolean reference(String path) {
        String split = path.replaceAll("(?i)%2f|%5c", "/").replace('\\', '/');
        for (String segment : split.split("/", -1)) {
            int semicolon = segment.indexOf(';');
            String name = semicolon < 0 ? segment : segment.substring(0, semicolon);
            String dots = name.replace("%2e", ".").replace("%2E", ".");
            if (dots.equals(".") || dots.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
