package motor.ext.sse.internal;

import java.nio.charset.StandardCharsets;
import motor.ext.sse.SseEvent;

/**
 * Writes events and comments in the {@code text/event-stream} format (HTML Living Standard, section
 * 9.2.5), as UTF-8 bytes ready for the wire.
 *
 * <p>Fields go out in the order {@code event}, {@code id}, {@code retry}, {@code data}, one per line,
 * each line ended with LF, and an event ends with an empty line, which is what makes a client dispatch
 * it. Data and comment text are split at every CR, LF and CRLF, since the client's parser ends a line at
 * any of them: a bare CR left inside a {@code data:} line would cut the line short and turn the rest
 * into a field of its own. Non-empty values follow a single space after the colon; the client strips
 * exactly one, so a value that itself starts with a space keeps it.
 */
public final class EventEncoder {

    /** A comment with no text, then an empty line: the heartbeat. */
    static final byte[] HEARTBEAT = {':', '\n', '\n'};

    private EventEncoder() {
    }

    /**
     * {@return the event on the wire}
     *
     * @param event the event
     */
    public static byte[] encode(SseEvent event) {
        StringBuilder sb = new StringBuilder(16 + (event.data() == null ? 0 : event.data().length()));
        if (event.name() != null) {
            field(sb, "event", event.name());
        }
        if (event.id() != null) {
            field(sb, "id", event.id());
        }
        if (event.retry() != null) {
            field(sb, "retry", Long.toString(event.retry().toMillis()));
        }
        if (event.data() != null) {
            lines(sb, "data", event.data());
        }
        return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@return a comment on the wire: one comment line per line of {@code text}, then an empty line}
     * Clients ignore comments; they keep a connection busy and show up in curl.
     *
     * @param text the comment; may hold line breaks, may be empty
     */
    public static byte[] comment(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 4);
        lines(sb, "", text);
        return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append(name).append(':');
        if (!value.isEmpty()) {
            sb.append(' ').append(value);
        }
        sb.append('\n');
    }

    /** One {@code name:} line for every line of {@code text}, split at CR, LF and CRLF. */
    private static void lines(StringBuilder sb, String name, String text) {
        int start = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                field(sb, name, text.substring(start, i));
                if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        field(sb, name, text.substring(start));
    }
}
