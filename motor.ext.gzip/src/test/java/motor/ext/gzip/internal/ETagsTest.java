package motor.ext.gzip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import motor.spi.Headers;
import org.junit.jupiter.api.Test;

class ETagsTest {

    private static final List<String> CODINGS = List.of("gzip", "deflate");

    @Test
    void suffixGoesInsideTheQuotes() {
        assertEquals("\"abc-gzip\"", ETags.withSuffix("\"abc\"", "gzip"));
        assertEquals("W/\"abc-br\"", ETags.withSuffix("W/\"abc\"", "br"));
        assertEquals("\"-gzip\"", ETags.withSuffix("\"\"", "gzip"));
        assertEquals("abc", ETags.withSuffix("abc", "gzip"), "not a tag: left alone");
        assertEquals("W/", ETags.withSuffix("W/", "gzip"));
    }

    @Test
    void conditionalsLoseTheSuffix() {
        Headers headers = Headers.of("If-None-Match", "\"a-gzip\", W/\"b-deflate\", \"c\"",
                "If-Match", "\"x,y-gzip\"");
        Map<String, String> stripped = ETags.strip(headers, CODINGS);
        assertEquals("\"a\", W/\"b\", \"c\"", headers.first("If-None-Match"));
        assertEquals("\"x,y\"", headers.first("If-Match"), "a comma inside a tag is part of it");
        assertEquals(Map.of("\"a\"", "gzip", "\"b\"", "deflate", "\"x,y\"", "gzip"), stripped);
    }

    @Test
    void whatIsNotATagListIsLeftAlone() {
        for (String value : new String[] {"*", "\"unclosed-gzip", "Sat, 29 Oct 1994 19:43:31 GMT", "\"a-br\""}) {
            Headers headers = Headers.of("If-None-Match", value, "If-Range", value);
            assertNull(ETags.strip(headers, CODINGS), value);
            assertEquals(value, headers.first("If-None-Match"));
            assertEquals(value, headers.first("If-Range"));
        }
    }

    @Test
    void severalFieldsAreJoined() {
        Headers headers = Headers.of("If-None-Match", "\"a-gzip\"", "If-None-Match", "\"b\"");
        ETags.strip(headers, CODINGS);
        assertEquals(List.of("\"a\", \"b\""), headers.all("If-None-Match"));
    }
}
