package motor.ext.gzip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypesTest {

    private final MediaTypes defaults = new MediaTypes(MediaTypes.DEFAULTS);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "text/html                          | true",
        "text/html; charset=utf-8           | true",
        "TEXT/Plain                         | true",
        "text/event-stream                  | false",
        "application/json                   | true",
        "application/problem+json           | true",
        "application/vnd.api+json; x=1      | true",
        "image/svg+xml                      | true",
        "application/javascript             | true",
        "image/png                          | false",
        "application/octet-stream           | false",
        "application/zip                    | false",
        "font/woff2                         | false",
        "+json                              | false",
        "json                               | false",
    })
    void defaults(String type, boolean compress) {
        assertEquals(compress, defaults.matches(type));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "*/*", "*/json", "text/plain/x", "/json", "text/ html", "text/html;q=1"})
    void badPatternsAreRefused(String pattern) {
        assertThrows(IllegalArgumentException.class, () -> new MediaTypes(List.of(pattern)));
    }
}
