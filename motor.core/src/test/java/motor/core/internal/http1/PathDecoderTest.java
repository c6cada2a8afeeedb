package motor.core.internal.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import motor.spi.HttpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathDecoderTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/|[]",
        "/a|[a]",
        "/a/|[a, ]",
        "/a/b|[a, b]",
        "/a//b|[a, , b]",
        "/a%20b|[a b]",
        "/caf%C3%A9|[caf\u00e9]",
        "/a%2Fb|[a/b]",
        "/a/./b|[a, b]",
        "/a/../b|[b]",
        "/a/b/..|[a, ]",
        "/a/.|[a, ]",
        "/a/%2e%2E/b|[b]",
        "/a/%2e/b|[a, b]",
        "/.a/..b|[.a, ..b]",
        "/a+b|[a+b]",
    })
    void decodes(String path, String expected) {
        List<String> segments = PathDecoder.decode(path);
        String shown = segments.size() == 1 && segments.get(0).isEmpty() ? "[]" : segments.toString();
        assertEquals(expected, shown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..", "/a/../..", "/%2e%2e", "/a/%2e%2e/%2e%2e/etc", "/%00", "/a%00b", "/%zz", "/%c3",
        "/%ff"})
    void refuses(String path) {
        HttpException e = assertThrows(HttpException.class, () -> PathDecoder.decode(path));
        assertEquals(400, e.status());
    }
}
