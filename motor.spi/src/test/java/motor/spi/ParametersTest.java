package motor.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParametersTest {

    @Test
    void parsesFormEncoding() {
        Parameters p = Parameters.parse("a=1&b=x+y&a=2&c&d=&&e=%C3%A9%26");
        assertEquals(List.of("1", "2"), p.all("a"));
        assertEquals("x y", p.first("b"));
        assertEquals("", p.first("c"));
        assertEquals("", p.first("d"));
        assertEquals("\u00e9&", p.first("e"));
        assertEquals(List.of("a", "b", "c", "d", "e"), List.copyOf(p.names()));
        assertNull(p.first("missing"));
        assertEquals("fallback", p.first("missing", "fallback"));
    }

    @Test
    void emptyAndNull() {
        assertTrue(Parameters.parse(null).isEmpty());
        assertTrue(Parameters.parse("").isEmpty());
        assertTrue(Parameters.parse("&&").isEmpty());
    }

    @Test
    void invalidEncodingIs400() {
        assertEquals(400, assertThrows(HttpException.class, () -> Parameters.parse("a=%zz")).status());
        assertEquals(400, assertThrows(HttpException.class, () -> Parameters.parse("a=%C3")).status());
        assertEquals(400, assertThrows(HttpException.class, () -> Parameters.parse("a=%")).status());
    }

    @Test
    void percentCodingRoundTrips() {
        String text = "a b/c?d=e&f\u00e9\u20ac~";
        String encoded = PercentCoding.encode(text);
        assertEquals("a%20b%2Fc%3Fd%3De%26f%C3%A9%E2%82%AC~", encoded);
        assertEquals(text, PercentCoding.decode(encoded, false));
        assertEquals("a+b", PercentCoding.decode("a+b", false));
        assertEquals("plain", PercentCoding.decode("plain", true));
    }

    @Test
    void unencodedNonAsciiIsTakenAsIs() {
        assertEquals("caf\u00e9 \u00e9", PercentCoding.decode("caf\u00e9+%C3%A9", true));
    }

    @Test
    void charsetOfContentType() {
        assertEquals(StandardCharsets.UTF_8, Request.charsetOf(null));
        assertEquals(StandardCharsets.ISO_8859_1, Request.charsetOf("text/plain; charset=ISO-8859-1"));
        assertEquals(StandardCharsets.UTF_16, Request.charsetOf("text/plain;foo=bar; Charset=\"utf-16\""));
        assertEquals(415, assertThrows(HttpException.class,
                () -> Request.charsetOf("text/plain; charset=klingon")).status());
    }

    @Test
    void httpExceptionNeedsAnErrorStatus() {
        assertThrows(IllegalArgumentException.class, () -> new HttpException(200, "ok"));
        HttpException e = new HttpException(405, "no").header("Allow", "GET");
        assertEquals("GET", e.headers().first("Allow"));
    }

    @Test
    void statusReasons() {
        assertEquals("Content Too Large", Status.reason(413));
        assertEquals("Client Error", Status.reason(499));
        assertTrue(Status.bodyless(204));
        assertTrue(Status.bodyless(103));
        assertTrue(!Status.bodyless(200));
    }
}
