package motor.ext.http2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import motor.ext.http2.internal.frame.Http2;
import motor.spi.ErrorPage;
import motor.spi.transport.ProtocolHandler.Detection;
import org.junit.jupiter.api.Test;

/** The small pure pieces: preface detection, flood counting, HTTP2-Settings, error bodies, dates. */
class SmallPartsTest {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void prefaceDetectionAtEveryLength() {
        for (int n = 1; n < PREFACE.length; n++) {
            assertEquals(Detection.NEED_MORE, Http2Protocol.detect(PREFACE, n, Http2.prefaceLength()), "length " + n);
        }
        assertEquals(Detection.SUPPORTED, Http2Protocol.detect(PREFACE, PREFACE.length, Http2.prefaceLength()));
        byte[] get = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Detection.UNSUPPORTED, Http2Protocol.detect(get, get.length, Http2.prefaceLength()));
        byte[] almost = PREFACE.clone();
        almost[20] = 'X';
        assertEquals(Detection.UNSUPPORTED, Http2Protocol.detect(almost, almost.length, Http2.prefaceLength()));
        assertEquals(Detection.UNSUPPORTED, Http2Protocol.detect("PRX".getBytes(StandardCharsets.US_ASCII), 3,
                Http2.prefaceLength()));
    }

    @Test
    void floodCountsPerWindow() {
        Flood flood = new Flood(3, 1000, 0);
        assertFalse(flood.add(1));
        assertFalse(flood.add(2));
        assertFalse(flood.add(3));
        assertTrue(flood.add(4), "the fourth in one window is too many");
        assertFalse(flood.add(1000), "a new window starts afresh");
    }

    @Test
    void http2SettingsDecode() {
        byte[] payload = {0, 3, 0, 0, 0, 100, 0, 4, 0, 1, 0, 0};
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
        Map<Integer, Long> settings = H2cUpgrade.decodeSettings(token);
        assertEquals(100L, settings.get(Http2.SETTINGS_MAX_CONCURRENT_STREAMS));
        assertEquals(65536L, settings.get(Http2.SETTINGS_INITIAL_WINDOW_SIZE));
        assertEquals(Map.of(), H2cUpgrade.decodeSettings(""), "an empty payload is valid");
        assertEquals(100L, H2cUpgrade.decodeSettings(Base64.getUrlEncoder().encodeToString(payload))
                .get(Http2.SETTINGS_MAX_CONCURRENT_STREAMS), "padding is tolerated");
        assertNull(H2cUpgrade.decodeSettings("AAMAAABk!"), "not base64url");
        assertNull(H2cUpgrade.decodeSettings(Base64.getUrlEncoder().encodeToString(new byte[] {0, 3, 0})),
                "not a multiple of 6");
        byte[] push2 = {0, 2, 0, 0, 0, 2};
        assertNull(H2cUpgrade.decodeSettings(Base64.getUrlEncoder().encodeToString(push2)), "ENABLE_PUSH 2");
    }

    @Test
    void errorBodiesAsText() {
        ErrorPage text = ErrorPage.render(404, "no such thing", null, "x-1", null);
        assertEquals("text/plain; charset=utf-8", text.contentType());
        assertEquals("404 Not Found: no such thing\nrequest id: x-1\n", new String(text.body(), StandardCharsets.UTF_8));
    }

    @Test
    void errorBodiesAsProblemJson() {
        ErrorPage json = ErrorPage.render(400, "bad <thing>", "application/json", null, null);
        assertEquals("application/problem+json", json.contentType());
        String body = new String(json.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"status\":400"), body);
        assertTrue(body.contains("bad \\u003cthing\\u003e"), body);
        assertFalse(ErrorPage.prefersJson("text/html, application/json;q=0.5"));
        assertTrue(ErrorPage.prefersJson("text/html;q=0.1, application/json"));
    }

    @Test
    void datesAreImfFixdate() {
        String date = HttpDate.now();
        assertTrue(date.matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"), date);
    }
}
