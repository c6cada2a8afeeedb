package motor.ext.staticfiles.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import motor.spi.Headers;
import motor.spi.Preconditions;
import org.junit.jupiter.api.Test;

/** Random and mutated input never makes a parser throw or return something out of bounds. */
class RandomInputTest {

    private static final String ALPHABET = "bytes=-,0123456789 \t;q.*\"W/gzipbr\u0000\u00ff\u2028%/\\";
    private static final String[] SEEDS = {"bytes=0-99, 200-, -50", "gzip;q=0.8, br, *;q=0", "\"a\", W/\"b,c\"",
        "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"};

    @Test
    void randomStringsNeverBreakTheParsers() {
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            String input = round % 2 == 0 ? randomString(random) : mutate(random, SEEDS[random.nextInt(SEEDS.length)]);
            long length = 1 + random.nextInt(1000);
            long[] ranges = ByteRanges.parse(input, length, 16);
            for (int i = 0; i < ranges.length; i += 2) {
                assertTrue(ranges[i] >= 0 && ranges[i] <= ranges[i + 1] && ranges[i + 1] < length, input);
                assertTrue(i == 0 || ranges[i] > ranges[i - 1] + 1, input);
            }
            Codings.choose(Headers.of("Accept-Encoding", clean(input)), List.of("br", "zstd", "gzip"));
            Preconditions.parseDate(input);
            try {
                Preconditions.entityTags(input);
            } catch (IllegalArgumentException expected) {
                // malformed lists are refused with this exception only
            }
            Preconditions.evaluate("GET", Headers.of("If-None-Match", clean(input), "If-Match", clean(input),
                    "If-Modified-Since", clean(input)), "\"a\"", java.time.Instant.EPOCH);
            RequestPath.allowed(input, random.nextBoolean());
            Glob.of("*" + input.replace("*", "") + "**").matches(input);
        }
    }

    private static String randomString(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static String mutate(Random random, String seed) {
        StringBuilder sb = new StringBuilder(seed);
        for (int k = random.nextInt(4); k >= 0 && !sb.isEmpty(); k--) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(3)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                default -> sb.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return sb.toString();
    }

    /** Header values cannot hold control characters; replace them as a parser would never see them. */
    private static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            sb.append((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff ? '?' : c);
        }
        return sb.toString();
    }
}
