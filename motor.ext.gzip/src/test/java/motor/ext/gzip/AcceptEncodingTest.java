package motor.ext.gzip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import motor.spi.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {

    private static final List<String> SERVER = List.of("br", "gzip", "deflate");

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "gzip                                  | gzip",
        "GZIP                                  | gzip",
        "x-gzip                                | gzip",
        "deflate, gzip                         | gzip",     // equal weights: the server's order
        "deflate;q=0.9, gzip;q=0.8             | deflate",
        "gzip;q=0.5, deflate;q=0.500           | gzip",
        "gzip ; q=0.5                          | gzip",     // whitespace around the semicolon
        "gzip;Q=1.000                          | gzip",
        "gzip;q=0                              | identity",
        "gzip;q=0.000, deflate                 | deflate",
        "*                                     | br",
        "*;q=0.1, gzip;q=0.2                   | gzip",
        "*;q=0                                 | NULL",     // identity refused too: nothing acceptable
        "*;q=0, identity                       | identity",
        "identity;q=0                          | NULL",
        "identity;q=0, gzip                    | gzip",
        "identity, gzip                        | gzip",     // tie: a coding beats identity
        "identity;q=1, gzip;q=0.5              | identity",
        "''                                    | identity", // an empty field: identity only
        "compress                              | identity", // nothing we can make
        "gzip;q=2                              | identity", // not a qvalue: member ignored
        "gzip;q=1.001                          | identity",
        "gzip;q=0.1234                         | identity",
        "gzip;q=                               | identity",
        "gzip;q=abc                            | identity",
        "gzip;level=9                          | identity", // only q is defined
        "gz\u0001ip, deflate                    | deflate",  // not a token: ignored
        "',,, gzip ,,'                         | gzip",     // empty list elements
        "br;q=0.3, gzip;q=0.3, x-gzip;q=0.9     | gzip",     // gzip listed twice: the higher weight
    })
    void selects(String field, String expected) {
        assertEquals(expected, AcceptEncoding.parse(field).select(SERVER));
    }

    @Test
    void weights() {
        AcceptEncoding accept = AcceptEncoding.parse("gzip;q=0.25, *;q=0.5");
        assertEquals(250, accept.weight("gzip"));
        assertEquals(500, accept.weight("br"));
        assertEquals(1, accept.weight("identity"), "identity not listed ranks last");
        assertTrue(accept.accepts("deflate"));
        assertFalse(AcceptEncoding.parse("gzip").accepts("br"));
        assertEquals("gzip;q=0.250, *;q=0.500", accept.toString());
    }

    @Test
    void severalFieldsAreOneList() {
        Headers headers = Headers.of("Accept-Encoding", "deflate;q=0.5", "Accept-Encoding", "gzip");
        assertEquals("gzip", AcceptEncoding.of(headers).select(SERVER));
        assertNull(AcceptEncoding.of(new Headers()), "no field: null, the caller decides");
    }

    @Test
    void aHugeListIsCutShort() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append("coding").append(i).append(";q=0.5, ");
        }
        sb.append("gzip");
        AcceptEncoding accept = AcceptEncoding.parse(sb.toString());
        assertEquals(0, accept.weight("gzip"), "members past the cap are not considered");
        assertEquals(500, accept.weight("coding3"));
    }
}
