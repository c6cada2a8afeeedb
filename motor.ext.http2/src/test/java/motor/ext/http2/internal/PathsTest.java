package motor.ext.http2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import motor.spi.HttpException;
import org.junit.jupiter.api.Test;

class PathsTest {

    @Test
    void segmentsAreDecodedAndDotsResolved() {
        assertEquals(List.of(""), Paths.decode("/"));
        assertEquals(List.of("a", "b c", ""), Paths.decode("/a/b%20c/"));
        assertEquals(List.of("b"), Paths.decode("/a/../b"));
        assertEquals(List.of("b"), Paths.decode("/a/%2e%2e/b"));
        assertEquals(List.of("a", ""), Paths.decode("/a/."));
        assertEquals(List.of("a/b"), Paths.decode("/a%2Fb"), "an encoded slash stays in its segment");
        assertEquals(List.of("caf\u00e9"), Paths.decode("/caf%C3%A9"));
    }

    @Test
    void climbingAboveTheRootOrNulIs400() {
        assertEquals(400, assertThrows(HttpException.class, () -> Paths.decode("/..")).status());
        assertEquals(400, assertThrows(HttpException.class, () -> Paths.decode("/a/../../b")).status());
        assertEquals(400, assertThrows(HttpException.class, () -> Paths.decode("/a%00")).status());
        assertEquals(400, assertThrows(HttpException.class, () -> Paths.decode("/%zz")).status());
    }
}
