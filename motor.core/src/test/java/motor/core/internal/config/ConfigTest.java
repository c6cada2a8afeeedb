package motor.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {

    private static JsonConfig config(String json) throws Exception {
        return new JsonConfig("motor.json", "", Json.parseObject("motor.json", json));
    }

    @ParameterizedTest
    @CsvSource({"512,512", "0,0", "64KiB,65536", "1MiB,1048576", "2GiB,2147483648", "10MB,10000000", "3kB,3000",
        "7 B,7", "1TiB,1099511627776"})
    void sizes(String text, long bytes) {
        assertEquals(bytes, Units.size(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "KiB", "-1", "1.5MiB", "12 parsecs", "99999999999999999999", "9999999999TiB"})
    void badSizes(String text) {
        assertThrows(IllegalArgumentException.class, () -> Units.size(text));
    }

    @ParameterizedTest
    @CsvSource({"250ms,PT0.25S", "30s,PT30S", "5m,PT5M", "2h,PT2H", "1d,PT24H", "PT1M30S,PT1M30S", "pt2s,PT2S"})
    void durations(String text, String iso) {
        assertEquals(Duration.parse(iso), Units.duration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "", "s", "5 fortnights", "P1X", "-5s"})
    void badDurations(String text) {
        assertThrows(IllegalArgumentException.class, () -> Units.duration(text));
    }

    @Test
    void typedAccessors() throws Exception {
        JsonConfig c = config("""
                {"s": "text", "i": 7, "is": "8", "b": true, "bs": "false", "size": "2KiB", "n": 3,
                 "d": "1s", "list": ["a", "b"], "one": "x", "sec": {"k": 1}, "arr": [{"k": 2}, {"k": 3}]}
                """);
        assertEquals("text", c.string("s", null));
        assertEquals(7, c.integer("i", 0));
        assertEquals(8, c.integer("is", 0));
        assertEquals(true, c.bool("b", false));
        assertEquals(false, c.bool("bs", true));
        assertEquals(2048, c.size("size", 0));
        assertEquals(3, c.size("n", 0));
        assertEquals(Duration.ofSeconds(1), c.duration("d", null));
        assertEquals(List.of("a", "b"), c.strings("list", List.of()));
        assertEquals(List.of("x"), c.strings("one", List.of()));
        assertEquals(1, c.section("sec").integer("k", 0));
        List<Config> elements = c.sections("arr");
        assertEquals(2, elements.get(0).integer("k", 0));
        assertEquals(3, elements.get(1).integer("k", 0));
        assertEquals("arr[1]", elements.get(1).path());
        assertEquals("fallback", c.string("absent", "fallback"));
        assertTrue(c.unknownKeys().isEmpty(), c.unknownKeys().toString());
    }

    @Test
    void wrongTypesNameTheSourceKeyAndExpectation() throws Exception {
        JsonConfig c = config("{\"server\": {\"limits\": {\"maxBodySize\": \"lots\", \"n\": \"x\", \"o\": {}}}}");
        Config limits = c.section("server").section("limits");
        ConfigException size = assertThrows(ConfigException.class, () -> limits.size("maxBodySize", 0));
        assertEquals("motor.json: server.limits.maxBodySize: expected a size such as 512, 64KiB or 10MB, found \"lots\"",
                size.getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> limits.integer("n", 0)).getMessage()
                .contains("expected an integer"));
        assertTrue(assertThrows(ConfigException.class, () -> limits.string("o", null)).getMessage()
                .contains("expected a string, found an object"));
        assertTrue(assertThrows(ConfigException.class, () -> limits.require("missing")).getMessage()
                .contains("server.limits.missing"));
    }

    @Test
    void parserRefusesWhatIsNotAJsonObject() {
        assertTrue(assertThrows(ConfigException.class, () -> Json.parseObject("f", "[1]")).getMessage()
                .contains("must be a JSON object"));
        assertTrue(assertThrows(ConfigException.class, () -> Json.parseObject("f", "{\"a\": }")).getMessage()
                .startsWith("f: (file): not valid JSON: "));
        assertTrue(assertThrows(ConfigException.class, () -> Json.parseObject("f", "{} {}")).getMessage()
                .contains("text after the end of the object"));
        assertEquals("f: a: the key appears twice in one object at line 1, column 10",
                assertThrows(ConfigException.class, () -> Json.parseObject("f", "{\"a\": 1, \"a\": 2}")).getMessage());
    }

    @Test
    void valuesKeepTheirTypes() {
        var tree = Json.parseObject("f", "{\"s\": \"x\", \"n\": 12, \"d\": 1.5, \"b\": false, \"z\": null,"
                + " \"l\": [1, \"two\"], \"o\": {\"k\": \"v\"}}");
        assertEquals("x", tree.get("s"));
        assertEquals(12L, tree.get("n"));
        assertEquals(1.5, tree.get("d"));
        assertEquals(false, tree.get("b"));
        assertTrue(tree.containsKey("z") && tree.get("z") == null);
        assertEquals(List.of(1L, "two"), tree.get("l"));
        assertEquals(java.util.Map.of("k", "v"), tree.get("o"));
    }

    @Test
    void unreadKeysAreReportedWithTheirPath() throws Exception {
        JsonConfig c = config("{\"server\": {\"port\": 1, \"prot\": 2, \"limits\": {\"maxBody\": 3}}, \"other\": {}}");
        Config server = c.section("server");
        server.integer("port", 0);
        server.section("limits");
        assertEquals(List.of("other", "server.prot", "server.limits.maxBody"), c.unknownKeys());
    }
}
