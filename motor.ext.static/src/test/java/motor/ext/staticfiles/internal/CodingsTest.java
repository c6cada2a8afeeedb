package motor.ext.staticfiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import motor.spi.Headers;
import org.junit.jupiter.api.Test;

class CodingsTest {

    private static final List<String> ALL = List.of("br", "zstd", "gzip");

    private static String choose(String acceptEncoding, List<String> available) {
        Headers headers = acceptEncoding == null ? new Headers() : Headers.of("Accept-Encoding", acceptEncoding);
        return Codings.choose(headers, available);
    }

    @Test
    void noFieldOrEmptyFieldMeansIdentity() {
        assertNull(choose(null, ALL));
        assertNull(choose("", ALL));
        assertNull(choose("gzip", List.of()));
    }

    @Test
    void serverPreferenceBreaksTies() {
        assertEquals("br", choose("gzip, deflate, br, zstd", ALL));
        assertEquals("zstd", choose("gzip, zstd", ALL));
        assertEquals("gzip", choose("gzip", ALL));
        assertEquals("gzip", choose("x-gzip", ALL));
        assertEquals("gzip", choose("GZIP", ALL));
        assertEquals("gzip", choose("br, gzip", List.of("gzip")));
    }

    @Test
    void weightsDecide() {
        assertEquals("gzip", choose("br;q=0.5, gzip;q=0.9", ALL));
        assertEquals("gzip", choose("br;q=0, gzip", ALL));
        assertNull(choose("br;q=0, gzip;q=0", ALL));
        assertEquals("br", choose("br; q=1.000, gzip;Q=0.999", ALL));
        assertNull(choose("gzip;q=0.5, identity", ALL));
        assertEquals("gzip", choose("gzip;q=0.5, identity;q=0.5", ALL));
        assertEquals("gzip", choose("gzip;q=0.001", ALL));
    }

    @Test
    void starCoversUnnamedCodings() {
        assertEquals("br", choose("*", ALL));
        assertEquals("zstd", choose("*, br;q=0", ALL));
        assertNull(choose("*;q=0", ALL));
        assertEquals("gzip", choose("identity;q=0, gzip", ALL));
        // identity refused and nothing acceptable: identity is sent anyway
        assertNull(choose("identity;q=0, *;q=0", ALL));
    }

    @Test
    void malformedMembersAreSkipped() {
        assertEquals("gzip", choose("br;q=2, gzip", ALL));
        assertEquals("gzip", choose("br;q=0.1234, gzip", ALL));
        assertEquals("gzip", choose("br;q=abc, gzip;q=1", ALL));
        assertEquals("gzip", choose("br;level=5, gzip", List.of("gzip")));
        assertEquals("gzip", choose(",,; ,gzip,", ALL));
        assertNull(choose(";;;", ALL));
        assertEquals("gzip", choose("gzip;q=1.0", ALL));
        assertNull(choose("gzip;q=1.5", ALL));
    }

    @Test
    void repeatedFieldsCombine() {
        Headers headers = Headers.of("Accept-Encoding", "gzip;q=0.5", "Accept-Encoding", "br");
        assertEquals("br", Codings.choose(headers, ALL));
    }
}
