package motor.ext.accesslog.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Turns an {@link Entry} into one line of text, without the line end.
 *
 * <p>Whatever a client controls (target, user agent, referer, other headers, the user name) is escaped so
 * that it cannot end the line, close a quoted field or reach a terminal as a control sequence: in the
 * combined and common formats {@code "}, {@code \}, control characters and everything outside printable
 * ASCII become {@code \xHH} (as nginx writes them); in JSON they become JSON escapes. A value longer
 * than {@link #MAX_FIELD} characters is cut there and marked with {@code ...}, so that one request cannot
 * make a line of many kilobytes.
 *
 * <p>Instances are thread-safe: the per-second timestamp cache is one immutable value behind a volatile
 * field.
 */
final class LineFormat {

    /** The longest client-controlled value written whole, in characters. */
    static final int MAX_FIELD = 2048;

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
            "Oct", "Nov", "Dec"};
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Format format;
    private final List<String> headerNames;
    private volatile Second second = new Second(Long.MIN_VALUE, "", "");

    /** One second's two timestamp texts: {@code 26/Nov/2026:04:52:25 +0000} and {@code 2026-11-26T04:52:25}. */
    private record Second(long epochSecond, String clf, String iso) {
    }

    LineFormat(Format format, List<String> headerNames) {
        this.format = format;
        this.headerNames = List.copyOf(headerNames);
    }

    String format(Entry e) {
        StringBuilder line = new StringBuilder(format == Format.JSON ? 256 : 160);
        Second s = second(e.epochMillis());
        if (format == Format.JSON) {
            json(line, e, s);
        } else {
            clf(line, e, s);
        }
        return line.toString();
    }

    private void clf(StringBuilder line, Entry e, Second s) {
        if (e.remote() == null || e.remote().isEmpty()) {
            line.append('-');
        } else {
            bareEscape(line, e.remote());
        }
        line.append(" - ");
        if (e.user() == null || e.user().isEmpty()) {
            line.append('-');
        } else {
            bareEscape(line, e.user());
        }
        line.append(" [").append(s.clf()).append("] \"");
        if (e.method() == null) {
            line.append('-');
        } else {
            clfEscape(line, e.method());
            line.append(' ');
            clfEscape(line, e.target() == null ? "-" : e.target());
            if (e.protocol() != null) {
                line.append(' ');
                clfEscape(line, e.protocol());
            }
        }
        line.append("\" ").append(e.status()).append(' ').append(e.bytes());
        if (format == Format.COMBINED) {
            line.append(" \"");
            clfEscape(line, e.referer() == null ? "-" : e.referer());
            line.append("\" \"");
            clfEscape(line, e.userAgent() == null ? "-" : e.userAgent());
            line.append('"');
        }
        line.append(' ');
        if (e.requestId() == null || e.requestId().isEmpty()) {
            line.append('-');
        } else {
            bareEscape(line, e.requestId());
        }
    }

    private void json(StringBuilder line, Entry e, Second s) {
        line.append("{\"time\":\"").append(s.iso()).append('.');
        int millis = (int) Math.floorMod(e.epochMillis(), 1000L);
        pad3(line, millis).append("Z\",\"remote\":");
        jsonString(line, e.remote());
        line.append(",\"user\":");
        jsonString(line, e.user());
        line.append(",\"method\":");
        jsonString(line, e.method());
        line.append(",\"target\":");
        jsonString(line, e.target());
        line.append(",\"protocol\":");
        jsonString(line, e.protocol());
        line.append(",\"status\":").append(e.status());
        line.append(",\"bytes\":").append(e.bytes());
        long micros = Math.max(0, e.durationNanos()) / 1000;
        line.append(",\"duration_ms\":").append(micros / 1000).append('.');
        pad3(line, (int) (micros % 1000));
        line.append(",\"request_id\":");
        jsonString(line, e.requestId());
        line.append(",\"user_agent\":");
        jsonString(line, e.userAgent());
        line.append(",\"referer\":");
        jsonString(line, e.referer());
        if (!headerNames.isEmpty()) {
            line.append(",\"headers\":{");
            List<String> values = e.headers();
            for (int i = 0; i < headerNames.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                jsonString(line, headerNames.get(i));
                line.append(':');
                jsonString(line, i < values.size() ? values.get(i) : null);
            }
            line.append('}');
        }
        line.append('}');
    }

    private static StringBuilder pad3(StringBuilder line, int n) {
        if (n < 100) {
            line.append('0');
        }
        if (n < 10) {
            line.append('0');
        }
        return line.append(n);
    }

    private Second second(long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, 1000L);
        Second s = second;
        if (s.epochSecond() != epochSecond) {
            ZonedDateTime t = Instant.ofEpochSecond(epochSecond).atZone(ZoneOffset.UTC);
            StringBuilder clf = new StringBuilder(26);
            two(clf, t.getDayOfMonth()).append('/').append(MONTHS[t.getMonthValue() - 1]).append('/')
                    .append(t.getYear()).append(':');
            two(clf, t.getHour()).append(':');
            two(clf, t.getMinute()).append(':');
            two(clf, t.getSecond()).append(" +0000");
            StringBuilder iso = new StringBuilder(19);
            iso.append(t.getYear()).append('-');
            two(iso, t.getMonthValue()).append('-');
            two(iso, t.getDayOfMonth()).append('T');
            two(iso, t.getHour()).append(':');
            two(iso, t.getMinute()).append(':');
            two(iso, t.getSecond());
            s = new Second(epochSecond, clf.toString(), iso.toString());
            second = s;
        }
        return s;
    }

    private static StringBuilder two(StringBuilder b, int n) {
        return (n < 10 ? b.append('0') : b).append(n);
    }

    /**
     * Appends {@code value} for a quoted or bare field of the combined and common formats: printable ASCII
     * other than {@code "} and {@code \} as is, every other character as {@code \xHH} of its code (for the
     * ISO-8859-1 characters header values are made of, the byte received), or {@code \x{HHHH}} above that.
     */
    static void clfEscape(StringBuilder out, String value) {
        escape(out, value, ' ');
    }

    /**
     * Appends {@code value} for a field that is not quoted (address, user, request id): as
     * {@link #clfEscape}, and a space as {@code \x20} too, so that the value stays one field for the tools
     * that split these lines at spaces (a Basic user-id may hold spaces).
     */
    static void bareEscape(StringBuilder out, String value) {
        escape(out, value, (char) 0x21);
    }

    /** Escapes as {@link #clfEscape}, with {@code lowest} the lowest character written as is. */
    private static void escape(StringBuilder out, String value, char lowest) {
        int end = Math.min(value.length(), MAX_FIELD);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c >= lowest && c < 0x7f && c != '"' && c != '\\') {
                out.append(c);
            } else if (c <= 0xff) {
                out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                out.append("\\x{").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                        .append(HEX[c & 0xf]).append('}');
            }
        }
        if (end < value.length()) {
            out.append("...");
        }
    }

    /**
     * Appends {@code value} as a JSON string, or {@code null}: {@code "}, {@code \} and every control
     * character (C0, DEL, C1) escaped, as are U+2028 and U+2029 (line ends to JavaScript) and lone
     * surrogates (not valid UTF-8).
     */
    static void jsonString(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        int end = Math.min(value.length(), MAX_FIELD);
        if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--; // do not cut a pair in two
        }
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    boolean surrogateOk = Character.isHighSurrogate(c)
                            ? i + 1 < end && Character.isLowSurrogate(value.charAt(i + 1))
                            : !Character.isLowSurrogate(c) || (i > 0 && Character.isHighSurrogate(value.charAt(i - 1)));
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || !surrogateOk) {
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (end < value.length()) {
            out.append("...");
        }
        out.append('"');
    }
}
