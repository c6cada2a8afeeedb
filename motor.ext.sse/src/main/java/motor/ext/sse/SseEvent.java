package motor.ext.sse;

import java.time.Duration;
import java.util.Objects;

/**
 * One server-sent event: the fields of the {@code text/event-stream} format (HTML Living Standard,
 * section 9.2). Every field is optional, but an event has at least one.
 *
 * <p>The data may hold several lines: each line break in it (CR, LF or CRLF) starts a new {@code data:}
 * line on the wire, and the client joins them with LF again, so a browser's {@code event.data} sees LF
 * wherever the text had CR, LF or CRLF. An empty string is sent as one empty {@code data:} line, which a
 * browser dispatches as an event with empty data; {@code null} sends no data, and a browser then
 * dispatches nothing (an event with only an id or a retry hint updates the client's state silently).
 *
 * <pre>{@code
 * emitter.send(SseEvent.data("hello"));
 * emitter.send(SseEvent.of("price", "{\"eur\":12.5}").withId("1042"));
 * }</pre>
 *
 * @param name  the event type ({@code event:}), which a browser dispatches to
 *              {@code addEventListener(name, ...)}; {@code null} for the default, {@code message}. No CR or
 *              LF.
 * @param id    the event id ({@code id:}), which the client sends back as {@code Last-Event-ID} when it
 *              reconnects; {@code null} for none, the empty string to reset the client's last id. No
 *              control characters other than tab (CR and LF would end the line, a browser ignores an id
 *              with NUL, and a header cannot carry the others back) and no space or tab at either end (a
 *              header loses them).
 * @param data  the data, UTF-8 on the wire, any characters; {@code null} for none
 * @param retry the reconnection delay the client should use from now on ({@code retry:}), in whole
 *              milliseconds; {@code null} for none
 */
public record SseEvent(String name, String id, String data, Duration retry) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if the name holds CR or LF, the id a control character other than
     *                                  tab or a space or tab at either end, the retry is negative or too
     *                                  long for milliseconds, or every field is null
     */
    public SseEvent {
        if (name != null && indexOfAny(name) >= 0) {
            throw new IllegalArgumentException("an event name cannot hold CR or LF");
        }
        if (id != null && !returnable(id)) {
            throw new IllegalArgumentException("an event id cannot hold control characters other than tab, nor"
                    + " begin or end with a space or tab: the client sends it back in a Last-Event-ID header,"
                    + " which cannot carry them");
        }
        if (retry != null) {
            if (retry.isNegative()) {
                throw new IllegalArgumentException("a retry delay cannot be negative");
            }
            try {
                retry.toMillis();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("a retry delay must fit in milliseconds", e);
            }
        }
        if (name == null && id == null && data == null && retry == null) {
            throw new IllegalArgumentException("an event needs data, a name, an id or a retry delay");
        }
    }

    /**
     * {@return an unnamed event ({@code message} in a browser) with this data}
     *
     * @param data the data; may hold line breaks
     */
    public static SseEvent data(String data) {
        return new SseEvent(null, null, Objects.requireNonNull(data, "data"), null);
    }

    /**
     * {@return a named event with this data}
     *
     * @param name the event type, without CR or LF
     * @param data the data; may hold line breaks
     */
    public static SseEvent of(String name, String data) {
        return new SseEvent(Objects.requireNonNull(name, "name"), null,
                Objects.requireNonNull(data, "data"), null);
    }

    /**
     * {@return an event that only tells the client how long to wait before it reconnects}
     *
     * @param delay the delay, 0 or more
     */
    public static SseEvent retryAfter(Duration delay) {
        return new SseEvent(null, null, null, Objects.requireNonNull(delay, "delay"));
    }

    /**
     * {@return a copy with this id}
     *
     * @param id the id, without control characters other than tab and without a space or tab at either
     *           end; {@code null} for none
     */
    public SseEvent withId(String id) {
        return new SseEvent(name, id, data, retry);
    }

    /**
     * {@return a copy with this event type}
     *
     * @param name the event type, without CR or LF; {@code null} for the default
     */
    public SseEvent withName(String name) {
        return new SseEvent(name, id, data, retry);
    }

    /**
     * {@return a copy with this reconnection delay}
     *
     * @param retry the delay, 0 or more; {@code null} for none
     */
    public SseEvent withRetry(Duration retry) {
        return new SseEvent(name, id, data, retry);
    }

    /** The index of the first CR or LF in {@code s}, or -1. */
    private static int indexOfAny(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether an id survives its way back: a browser sends the last id it received as the value of the
     * {@code Last-Event-ID} header when it reconnects, and a field value (RFC 9110, section 5.5) holds no
     * control character but tab, and loses leading and trailing spaces and tabs. An id with a control
     * character would get the reconnection refused with 400, which ends the {@code EventSource} for good;
     * one with outer whitespace would come back as another id.
     */
    private static boolean returnable(String id) {
        int length = id.length();
        if (length > 0 && (isBlank(id.charAt(0)) || isBlank(id.charAt(length - 1)))) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
