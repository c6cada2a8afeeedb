package motor.ext.sse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import motor.ext.sse.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wire format of events and comments, and what a spec-following client reads back from it. */
class EventEncoderTest {

    private static String wire(SseEvent event) {
        return new String(EventEncoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void oneLineOfData() {
        assertEquals("data: hello\n\n", wire(SseEvent.data("hello")));
    }

    @Test
    void everyFieldInOrder() {
        SseEvent event = new SseEvent("price", "42", "12.5", Duration.ofSeconds(3));
        assertEquals("event: price\nid: 42\nretry: 3000\ndata: 12.5\n\n", wire(event));
    }

    @Test
    void lfCrAndCrlfEachStartANewDataLine() {
        assertEquals("data: a\ndata: b\ndata: c\ndata: d\n\n", wire(SseEvent.data("a\nb\rc\r\nd")));
    }

    @Test
    void crlfIsOneBreakButLfCrIsTwo() {
        assertEquals("data: a\ndata:\ndata: b\n\n", wire(SseEvent.data("a\n\rb")));
        assertEquals("data: a\ndata: b\n\n", wire(SseEvent.data("a\r\nb")));
    }

    @Test
    void trailingAndLeadingBreaksGiveEmptyLines() {
        assertEquals("data:\ndata: a\ndata:\n\n", wire(SseEvent.data("\na\n")));
        assertEquals("data:\ndata:\n\n", wire(SseEvent.data("\r")));
    }

    @Test
    void emptyDataIsOneEmptyDataLine() {
        assertEquals("data:\n\n", wire(SseEvent.data("")));
        List<EventStreamParser.Event> events = EventStreamParser.events(wire(SseEvent.data("")));
        assertEquals(List.of(new EventStreamParser.Event("message", "", "")), events);
    }

    @Test
    void aLeadingSpaceInTheValueSurvivesTheClientsStrip() {
        assertEquals("data:  x\n\n", wire(SseEvent.data(" x")));
        assertEquals(" x", EventStreamParser.events(wire(SseEvent.data(" x"))).get(0).data());
    }

    @Test
    void unicodeIsUtf8() {
        byte[] bytes = EventEncoder.encode(SseEvent.data("é€😀"));
        assertEquals("data: é€😀\n\n", new String(bytes, StandardCharsets.UTF_8));
        assertEquals(6 + 2 + 3 + 4 + 2, bytes.length);
    }

    @Test
    void idOnlyAndRetryOnlyEventsCarryNoData() {
        assertEquals("id: 7\n\n", wire(new SseEvent(null, "7", null, null)));
        assertEquals("retry: 0\n\n", wire(SseEvent.retryAfter(Duration.ZERO)));
        assertEquals("id:\n\n", wire(new SseEvent(null, "", null, null)));
        EventStreamParser parser = new EventStreamParser();
        parser.feed(wire(new SseEvent(null, "7", null, null)) + wire(SseEvent.retryAfter(Duration.ofMillis(1500))));
        assertEquals(List.of(), parser.events);
        assertEquals("7", parser.lastEventId());
        assertEquals(1500, parser.retry);
    }

    @Test
    void retryIsWholeMilliseconds() {
        assertEquals("retry: 1\n\n", wire(SseEvent.retryAfter(Duration.ofNanos(1_999_999))));
    }

    @Test
    void namedEventReachesItsListener() {
        List<EventStreamParser.Event> events = EventStreamParser.events(wire(SseEvent.of("tick", "1").withId("a b")));
        assertEquals(List.of(new EventStreamParser.Event("tick", "1", "a b")), events);
    }

    @Test
    void commentsAreOneLinePerLine() {
        assertEquals(": hi\n\n", new String(EventEncoder.comment("hi"), StandardCharsets.UTF_8));
        assertEquals(":\n\n", new String(EventEncoder.comment(""), StandardCharsets.UTF_8));
        assertEquals(": a\n: b\n:\n\n", new String(EventEncoder.comment("a\r\nb\r"), StandardCharsets.UTF_8));
        assertEquals(":\n\n", new String(EventEncoder.HEARTBEAT, StandardCharsets.US_ASCII));
        EventStreamParser parser = new EventStreamParser();
        parser.feed(new String(EventEncoder.comment("x\ndata: injected"), StandardCharsets.UTF_8));
        assertEquals(List.of(), parser.events);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "\r\n", "x\n", "\n", "\r"})
    void idsWithLineBreaksAreRefused(String id) {
        assertThrows(IllegalArgumentException.class, () -> new SseEvent(null, id, "d", null));
    }

    @Test
    void idsWithNulAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SseEvent.data("d").withId("a\0b"));
    }

    /** What the server's own parser would refuse (400) or trim when the id comes back as Last-Event-ID. */
    @ParameterizedTest
    @ValueSource(strings = {"a\u0001b", "\u001b[31m", "a\u007fb", "\u000b", " 1", "1 ", "\t1", "1\t", " "})
    void idsThatCannotComeBackInAHeaderAreRefused(String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SseEvent.data("d").withId(id));
        assertTrue(e.getMessage().contains("Last-Event-ID"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a\tb", "é€😀", "\u0080", "x:y", ""})
    void idsThatAHeaderCarriesAreTaken(String id) {
        assertEquals(id, SseEvent.data("d").withId(id).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "\r\n"})
    void namesWithLineBreaksAreRefused(String name) {
        assertThrows(IllegalArgumentException.class, () -> SseEvent.of(name, "d"));
    }

    @Test
    void emptyNegativeAndHugeEventsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SseEvent(null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> SseEvent.retryAfter(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> SseEvent.retryAfter(Duration.ofSeconds(Long.MAX_VALUE)));
        assertThrows(NullPointerException.class, () -> SseEvent.data(null));
    }

    @Test
    void dataCannotInjectFieldsOrEndTheEventEarly() {
        String hostile = "x\r\nid: 666\revent: admin\n\ndata: forged\r\n\r\n";
        List<EventStreamParser.Event> events = EventStreamParser.events(wire(SseEvent.data(hostile).withId("1")));
        assertEquals(1, events.size());
        assertEquals("1", events.get(0).lastEventId());
        assertEquals("message", events.get(0).type());
        assertEquals("x\nid: 666\nevent: admin\n\ndata: forged\n\n", events.get(0).data());
    }

    /** Any text comes back with each CR, LF or CRLF turned into LF: the only change the format makes. */
    @Test
    void randomTextRoundTrips() {
        Random random = new Random(7);
        char[] alphabet = {'a', ' ', ':', '\r', '\n', 'é', '\0', '\uFEFF', 'd'};
        for (int n = 0; n < 2000; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String text = sb.toString();
            String expected = text.replace("\r\n", "\n").replace('\r', '\n');
            List<EventStreamParser.Event> events = EventStreamParser.events(
                    new String(EventEncoder.encode(SseEvent.data(text)), StandardCharsets.UTF_8));
            assertEquals(1, events.size(), () -> "for " + text.replace("\r", "\\r").replace("\n", "\\n"));
            assertEquals(expected, events.get(0).data());
        }
    }
}
