package motor.ext.multipart.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import motor.spi.HttpException;
import org.junit.jupiter.api.Test;

/** The URL-encoded form parser, whole, byte by byte and split at every index. */
class UrlEncodedParserTest {

    private static String outcome(InputStream in, Charset charset, int maxFields, long maxField, long maxMemory) {
        StringBuilder sb = new StringBuilder();
        try {
            new UrlEncodedParser(charset, maxFields, maxField, maxMemory,
                    (name, value) -> sb.append('[').append(name).append("]=[").append(value).append("] ")).parse(in);
            return sb.toString().trim();
        } catch (HttpException e) {
            return sb + "error " + e.status() + ": " + e.getMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertParses(String body, String expected) {
        assertParses(body, StandardCharsets.UTF_8, 100, 1000, 10_000, expected);
    }

    private static void assertParses(String body, Charset charset, int maxFields, long maxField, long maxMemory,
                                     String expected) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, outcome(new ByteArrayInputStream(bytes), charset, maxFields, maxField, maxMemory), "whole");
        assertEquals(expected, outcome(Pieces.step(bytes, 1), charset, maxFields, maxField, maxMemory), "byte by byte");
        for (int split = 0; split <= bytes.length; split++) {
            assertEquals(expected, outcome(Pieces.split(bytes, split), charset, maxFields, maxField, maxMemory),
                    "split at " + split);
        }
    }

    @Test
    void fieldsInOrder() {
        assertParses("a=1&b=two+words&a=3", "[a]=[1] [b]=[two words] [a]=[3]");
        assertParses("", "");
        assertParses("just", "[just]=[]");
        assertParses("a=&=b&=", "[a]=[] []=[b] []=[]");
        assertParses("&&a=1&&", "[a]=[1]");
        assertParses("a=b=c", "[a]=[b=c]");
    }

    @Test
    void percentEncoding() {
        assertParses("na%C3%AFve=%E2%82%AC%2B%26%3D%25", "[na\u00efve]=[\u20ac+&=%]");
        assertParses("a=%2b%2F", "[a]=[+/]");
        assertParses("raw=\u00e9t\u00e9", "[raw]=[\u00e9t\u00e9]");
    }

    @Test
    void invalidEscapesAre400() {
        String bad = "error 400: the form body has a % that is not followed by two hex digits";
        assertParses("a=%", bad);
        assertParses("a=%4", bad);
        assertParses("a=%zz", bad);
        assertParses("a=%4g&b=1", bad);
        assertParses("ok=1&a=100%", "[ok]=[1] " + bad);
    }

    @Test
    void invalidUtf8Is400() {
        assertParses("a=%C3%28", "error 400: a form field is not valid UTF-8");
        assertParses("a=%FF", "error 400: a form field is not valid UTF-8");
        assertParses("a=%C0%AF", "error 400: a form field is not valid UTF-8");
    }

    @Test
    void otherCharsets() {
        assertParses("a=%E9t%E9", StandardCharsets.ISO_8859_1, 100, 1000, 10_000, "[a]=[\u00e9t\u00e9]");
    }

    @Test
    void limits() {
        assertParses("a=1&b=2&c=3", StandardCharsets.UTF_8, 2, 1000, 10_000,
                "[a]=[1] [b]=[2] error 413: the form has more than multipart.maxParts (2) fields");
        assertParses("a=1&b=2", StandardCharsets.UTF_8, 2, 1000, 10_000, "[a]=[1] [b]=[2]");
        assertParses("ab=cd&abc=de", StandardCharsets.UTF_8, 100, 4, 10_000,
                "[ab]=[cd] error 413: a form field is larger than multipart.maxFieldSize (4 bytes)");
        // decoded bytes count, not encoded ones
        assertParses("a=%41%42%43", StandardCharsets.UTF_8, 100, 4, 10_000, "[a]=[ABC]");
        assertParses("a=123&b=456", StandardCharsets.UTF_8, 100, 100, 7,
                "[a]=[123] error 413: the form's fields are larger than multipart.maxMemorySize (7 bytes) together");
    }

    @Test
    void finishWithoutInput() {
        StringBuilder sb = new StringBuilder();
        UrlEncodedParser parser = new UrlEncodedParser(StandardCharsets.UTF_8, 10, 10, 10, (n, v) -> sb.append(n));
        parser.feed("x%".getBytes(StandardCharsets.US_ASCII), 0, 2);
        assertEquals(400, assertThrows(HttpException.class, parser::finish).status());
    }
}
