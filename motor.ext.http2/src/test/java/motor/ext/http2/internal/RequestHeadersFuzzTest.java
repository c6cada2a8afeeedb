package motor.ext.http2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import motor.ext.http2.internal.hpack.HeaderField;
import motor.spi.HttpException;
import org.junit.jupiter.api.Test;

/**
 * Random field lists, built from pieces that matter (pseudo-header names, separators, control characters,
 * non-ASCII), against {@link RequestHeaders}: every one is accepted, refused as malformed, or refused
 * with a 400; nothing else escapes, and an accepted head is consistent.
 */
class RequestHeadersFuzzTest {

    private static final String[] NAMES = {":method", ":scheme", ":path", ":authority", ":status", ":x", "host",
        "cookie", "content-length", "te", "connection", "x-a", "X-Up", "", "a b", "a:b", "\u00e9"};
    private static final String[] PIECES = {"GET", "POST", "CONNECT", "OPTIONS", "http", "https", "/", "*", "?",
        "%", "%2e", "..", "#", " ", "\t", "\r", "\n", "\0", "\u007f", "\u00e9", "\u20ac", "a", "1", "-1", ",", "[",
        "]", "@", ":", "trailers", "localhost", "example.com:8080", ";"};

    @Test
    void randomFieldListsNeverEscapeTheTwoRefusals() {
        Random random = new Random(20261126);
        int accepted = 0;
        for (int run = 0; run < 50_000; run++) {
            List<HeaderField> fields = new ArrayList<>();
            int n = random.nextInt(8);
            if (random.nextBoolean()) {
                fields.add(new HeaderField(":method", "GET", false));
                fields.add(new HeaderField(":scheme", "http", false));
                fields.add(new HeaderField(":path", "/" + piece(random), false));
            }
            for (int i = 0; i < n; i++) {
                fields.add(new HeaderField(NAMES[random.nextInt(NAMES.length)], piece(random), false));
            }
            try {
                RequestHeaders.Head head = RequestHeaders.request(fields);
                accepted++;
                assertTrue(head.path().equals("*") || head.path().startsWith("/") || head.method().equals("CONNECT"),
                        head.toString());
                assertTrue(head.contentLength() >= -1);
            } catch (RequestHeaders.Malformed e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            } catch (HttpException e) {
                assertEquals(400, e.status(), e.getMessage());
            }
        }
        assertTrue(accepted > 100, "some lists are valid: " + accepted);
    }

    private static String piece(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }
}
