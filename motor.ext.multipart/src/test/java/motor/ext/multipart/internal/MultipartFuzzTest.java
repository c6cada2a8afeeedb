package motor.ext.multipart.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import motor.spi.HttpException;

/**
 * Fuzz tests of the parsers. In the normal build they run as regression tests over the seed inputs in
 * {@code src/test/resources/motor/ext/multipart/internal/MultipartFuzzTestInputs}; with {@code JAZZER_FUZZ=1}
 * Jazzer explores new inputs, and any crash it finds becomes a new seed. The properties: nothing but
 * {@link HttpException} with a documented status escapes, the outcome does not depend on how the bytes
 * are split, and sanitised file names keep their promises.
 */
class MultipartFuzzTest {

    private static final Set<Integer> STATUSES = Set.of(400, 413);

    @FuzzTest(maxDuration = "30s")
    void multipartBody(byte[] input) {
        try {
            MultipartParser parser = new MultipartParser(new ByteArrayInputStream(input), "fz", 256);
            byte[] buffer = new byte[4096];
            while (parser.next() != null) {
                while (parser.read(buffer, 0, buffer.length) >= 0) {
                    // content is not looked at here
                }
            }
        } catch (HttpException e) {
            assertTrue(STATUSES.contains(e.status()), "status " + e.status());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String whole = MultipartParserTest.outcome(new ByteArrayInputStream(input), "fz", 256, 4096, true);
        assertEquals(whole, MultipartParserTest.outcome(Pieces.step(input, 1), "fz", 256, 1, true), "byte by byte");
        assertEquals(whole, MultipartParserTest.outcome(Pieces.split(input, input.length / 2), "fz", 256, 7, true),
                "halves");
    }

    @FuzzTest(maxDuration = "30s")
    void headerValue(byte[] input) {
        String value = new String(input, StandardCharsets.ISO_8859_1);
        try {
            HeaderValue parsed = HeaderValue.parse(value, "Content-Disposition");
            assertFalse(parsed.type().isEmpty());
            String name = parsed.parameter("name");
            if (name != null) {
                HeaderValue.formName(name);
            }
            String extended = parsed.parameter("filename*");
            if (extended != null) {
                HeaderValue.decodeExtValue(extended);
            }
            String boundary = parsed.parameter("boundary");
            if (boundary != null) {
                HeaderValue.boundary(boundary);
            }
        } catch (HttpException e) {
            assertEquals(400, e.status());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void urlEncodedBody(byte[] input) {
        StringBuilder whole = new StringBuilder();
        StringBuilder bytewise = new StringBuilder();
        String a = urlEncoded(new UrlEncodedParser(StandardCharsets.UTF_8, 20, 100, 500,
                (n, v) -> whole.append(n).append('=').append(v).append('&')), input, input.length);
        String b = urlEncoded(new UrlEncodedParser(StandardCharsets.UTF_8, 20, 100, 500,
                (n, v) -> bytewise.append(n).append('=').append(v).append('&')), input, 1);
        assertEquals(whole + a, bytewise + b);
    }

    @FuzzTest(maxDuration = "30s")
    void filename(byte[] input) {
        String raw = new String(input, StandardCharsets.UTF_16BE);
        String safe = Filenames.sanitize(raw);
        assertFalse(safe.isEmpty());
        assertTrue(safe.getBytes(StandardCharsets.UTF_8).length <= Filenames.MAX_BYTES, safe);
        assertFalse(safe.equals(".") || safe.equals(".."));
        assertFalse(safe.startsWith(".") || safe.endsWith(".") || safe.endsWith(" "), safe);
        for (int i = 0; i < safe.length(); i++) {
            char c = safe.charAt(i);
            assertTrue(c >= 0x20 && c != 0x7f && "/\\:*?\"<>|".indexOf(c) < 0, "char " + (int) c);
            assertFalse(Character.isSurrogate(c) && !Character.isSurrogatePair(safe.charAt(Math.max(0, i - 1)), c)
                    && !(i + 1 < safe.length() && Character.isSurrogatePair(c, safe.charAt(i + 1))), "lone surrogate");
        }
        assertEquals(safe, Filenames.sanitize(safe), "idempotent");
    }

    private static String urlEncoded(UrlEncodedParser parser, byte[] input, int step) {
        try {
            for (int i = 0; i < input.length; i += step) {
                parser.feed(input, i, Math.min(step, input.length - i));
            }
            parser.finish();
            return "ok";
        } catch (HttpException e) {
            assertTrue(STATUSES.contains(e.status()), "status " + e.status());
            return "error " + e.status() + " " + e.getMessage();
        }
    }
}
