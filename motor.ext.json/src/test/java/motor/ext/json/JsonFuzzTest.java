package motor.ext.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import motor.ext.json.internal.ContentTypes;
import motor.ext.json.test.Order;
import motor.spi.HttpException;

/**
 * Fuzz tests. In the normal build they run over the seeds in
 * {@code src/test/resources/motor/ext/json/JsonFuzzTestInputs}; with {@code JAZZER_FUZZ=1} Jazzer explores.
 * The properties: any body gives a value or a 400/413 with a short, printable message (never another
 * exception, never a 500), and any Content-Type value gets a verdict.
 */
class JsonFuzzTest {

    private static final JsonCodec CODEC = JsonCodec.create(JsonOptions.defaults().withMaxBodySize(4096).withMaxDepth(20));

    @FuzzTest(maxDuration = "30s")
    void body(byte[] input) {
        for (Class<?> type : List.of(Object.class, JsonNode.class, Order.class, String.class)) {
            try {
                assertNotNull(CODEC.read(input, type));
            } catch (HttpException e) {
                assertTrue(e.status() == 400 || e.status() == 413, e.status() + " " + e.getMessage());
                String message = e.getMessage();
                assertTrue(message.length() < 600, message);
                assertTrue(message.chars().allMatch(c -> c >= 0x20 && c != 0x7f), message);
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void contentType(byte[] input) {
        String value = new String(input, StandardCharsets.ISO_8859_1);
        ContentTypes.Verdict verdict = ContentTypes.classify(value);
        assertNotNull(verdict);
        assertEquals(verdict, ContentTypes.classify(value + ""));
        if (verdict == ContentTypes.Verdict.JSON) {
            assertTrue(value.toLowerCase(java.util.Locale.ROOT).contains("json"), value);
        }
    }
}
