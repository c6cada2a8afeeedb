package motor.ext.sse.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The client side of the format, written from the HTML Living Standard's parsing rules (section 9.2.6)
 * for the tests: lines end at CRLF, LF or CR; an empty line dispatches; the data buffer loses its last LF;
 * an id with NUL is ignored; retry takes ASCII digits only. What a browser's EventSource would see.
 */
final class EventStreamParser {

    /** A dispatched event as a browser sees it. */
    record Event(String type, String data, String lastEventId) {
    }

    final List<Event> events = new ArrayList<>();
    final List<String> comments = new ArrayList<>();
    long retry = -1;
    private String lastEventId = "";
    private String idBuffer = "";
    private String type = "";
    private StringBuilder data = new StringBuilder();

    /** {@return the events in the whole stream text} */
    static List<Event> events(String stream) {
        EventStreamParser parser = new EventStreamParser();
        parser.feed(stream);
        return parser.events;
    }

    /** Feeds complete text; a last line without its end is left unprocessed, as a client would. */
    void feed(String stream) {
        int start = 0;
        for (int i = 0; i < stream.length(); i++) {
            char c = stream.charAt(i);
            if (c == '\r' || c == '\n') {
                line(stream.substring(start, i));
                if (c == '\r' && i + 1 < stream.length() && stream.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
    }

    /** Processes one line, without its end. */
    void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            comments.add(line.substring(1));
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> type = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    idBuffer = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    retry = Long.parseLong(value);
                }
            }
            default -> {
            }
        }
    }

    private void dispatch() {
        lastEventId = idBuffer;
        if (data.isEmpty()) {
            type = "";
            return;
        }
        String text = data.substring(0, data.length() - 1);
        events.add(new Event(type.isEmpty() ? "message" : type, text, lastEventId));
        data = new StringBuilder();
        type = "";
    }

    String lastEventId() {
        return lastEventId;
    }
}
