package motor.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ErrorPageTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "application/json|true",
        "application/problem+json|true",
        "application/json, text/plain;q=0.5|true",
        "text/plain, application/json;q=0.5|false",
        "*/*|false",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8|false",
        "application/json;q=0|false",
        "application/*;q=0.9, */*;q=0.1|true",
        "image/png|false",
    })
    void negotiation(String accept, boolean json) {
        assertEquals(json, ErrorPage.prefersJson(accept));
    }

    @Test
    void problemJsonEscapesItsStrings() {
        ErrorPage page = ErrorPage.render(400, "bad \"quote\" <tag>\n", "application/json", "r-1", null);
        String body = new String(page.body(), StandardCharsets.UTF_8);
        assertEquals("application/problem+json", page.contentType());
        assertTrue(body.contains("\"detail\":\"bad \\\"quote\\\" \\u003ctag\\u003e\\n\""), body);
        assertTrue(body.contains("\"requestId\":\"r-1\""), body);
        assertFalse(body.contains("trace"), body);
    }

    @Test
    void textHasStatusReasonAndMessage() {
        ErrorPage page = ErrorPage.render(404, null, null, null, null);
        assertEquals("404 Not Found\n", new String(page.body(), StandardCharsets.UTF_8));
    }
}
