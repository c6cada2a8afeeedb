package motor.core.internal.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.EnumSet;
import java.util.Set;
import motor.core.Compliance;
import motor.spi.HttpException;

/**
 * Fuzz tests of the codec. In the normal build they run as regression tests over the seed inputs in
 * {@code src/test/resources/.../RequestParserFuzzTestInputs}; with {@code JAZZER_FUZZ=1} Jazzer explores
 * new inputs, and any crash it finds becomes a new seed. The properties: the parser never throws
 * anything but {@link HttpException} with a status it is documented to use, and the outcome does not
 * depend on how the bytes are split.
 */
class RequestParserFuzzTest {

    private static final Set<Integer> PARSER_STATUSES = Set.of(400, 414, 417, 431, 501, 505);

    @FuzzTest(maxDuration = "30s")
    void requestHead(byte[] input) {
        String whole = outcome(input, input.length);
        String bytewise = outcome(input, 1);
        String halves = outcome(input, Math.max(1, input.length / 2));
        assertEquals(whole, bytewise, "whole vs byte by byte");
        assertEquals(whole, halves, "whole vs halves");
    }

    @FuzzTest(maxDuration = "30s")
    void chunkedBody(byte[] input) {
        ChunkedDecoder decoder = new ChunkedDecoder(false, 1024, 16);
        int pos = 0;
        try {
            while (pos < input.length && !decoder.done()) {
                pos = decoder.advance(input, pos, input.length);
                long remaining = decoder.remaining();
                if (remaining > 0) {
                    int n = (int) Math.min(remaining, input.length - pos);
                    decoder.consume(n);
                    pos += n;
                }
            }
            assertTrue(pos <= input.length);
        } catch (HttpException e) {
            assertTrue(e.status() == 400 || e.status() == 431, "status " + e.status());
        }
    }

    /** Parses in pieces of {@code step} bytes; describes the result in a comparable string. */
    private static String outcome(byte[] input, int step) {
        Set<Compliance> none = EnumSet.noneOf(Compliance.class);
        RequestParser parser = new RequestParser(256, 512, 16, none);
        try {
            for (int end = Math.min(step, input.length); ; end = Math.min(end + step, input.length)) {
                RequestHead head = parser.parse(input, 0, end);
                if (head != null) {
                    assertTrue(head.length() <= input.length);
                    return "head " + head.method() + " " + head.target() + " " + head.headers() + " "
                            + head.contentLength() + " " + head.length();
                }
                if (end == input.length) {
                    return "incomplete";
                }
            }
        } catch (HttpException e) {
            assertTrue(PARSER_STATUSES.contains(e.status()), "unexpected status " + e.status());
            return "error " + e.status();
        }
    }
}
