package motor.ext.sse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import motor.spi.Headers;
import motor.spi.HttpException;
import org.junit.jupiter.api.Test;

/** Reading Last-Event-ID, as the server hands header values over: one character per byte. */
class LastEventIdsTest {

    /** A header value as the server's parser gives it: each byte as one character. */
    private static Headers header(byte[] value) {
        return Headers.of("Last-Event-ID", new String(value, StandardCharsets.ISO_8859_1));
    }

    private static HttpException refused(Headers headers) {
        HttpException e = assertThrows(HttpException.class, () -> LastEventIds.parse(headers, 16));
        assertEquals(400, e.status());
        return e;
    }

    @Test
    void absentOrEmptyIsNone() {
        assertNull(LastEventIds.parse(new Headers(), 16));
        assertNull(LastEventIds.parse(Headers.of("last-event-id", ""), 16));
    }

    @Test
    void asciiIsTakenAsItIs() {
        assertEquals("42", LastEventIds.parse(Headers.of("last-event-id", "42"), 16));
        assertEquals("a b\tc", LastEventIds.parse(Headers.of("Last-Event-ID", "a b\tc"), 16));
    }

    @Test
    void utf8IsDecoded() {
        assertEquals("é€😀", LastEventIds.parse(header("é€😀".getBytes(StandardCharsets.UTF_8)), 16));
    }

    @Test
    void invalidUtf8IsRefusedWithoutEchoingIt() {
        HttpException e = refused(header(new byte[] {'a', (byte) 0xC3, 'x', 's', 'e', 'c', 'r', 'e', 't'}));
        assertFalse(e.getMessage().contains("secret"));
        refused(header(new byte[] {(byte) 0xFF}));
        refused(header(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})); // a UTF-16 surrogate
        refused(header(new byte[] {(byte) 0xC0, (byte) 0x80})); // overlong NUL
    }

    @Test
    void longerThanTheLimitIsRefused() {
        assertEquals("0123456789abcdef", LastEventIds.parse(Headers.of("Last-Event-ID", "0123456789abcdef"), 16));
        refused(Headers.of("Last-Event-ID", "0123456789abcdefg"));
    }

    @Test
    void theLimitCountsBytesNotCharacters() {
        refused(header("ééééééééé".getBytes(StandardCharsets.UTF_8))); // 9 characters, 18 bytes
    }

    @Test
    void aRepeatedHeaderIsRefused() {
        refused(Headers.of("Last-Event-ID", "1", "last-event-id", "2"));
    }
}
