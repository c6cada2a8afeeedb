package motor.core.internal.http1;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header line (RFC 9110 section 6.6.1, IMF-fixdate), formatted at most once per second
 * and shared by every connection.
 */
public final class DateCache {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private record Entry(long second, byte[] line) {
    }

    private static volatile Entry current = new Entry(Long.MIN_VALUE, new byte[0]);

    private DateCache() {
    }

    /** {@return the bytes of {@code Date: <now>\r\n}; do not modify} */
    public static byte[] line() {
        long second = System.currentTimeMillis() / 1000;
        Entry entry = current;
        if (entry.second != second) {
            String text = "Date: " + IMF_FIXDATE.format(Instant.ofEpochSecond(second)) + "\r\n";
            entry = new Entry(second, text.getBytes(StandardCharsets.US_ASCII));
            current = entry;
        }
        return entry.line;
    }

    /**
     * {@return an instant formatted as an HTTP date}
     *
     * @param instant the instant
     */
    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }
}
