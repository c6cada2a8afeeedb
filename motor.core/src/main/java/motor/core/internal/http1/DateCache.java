package motor.core.internal.http1;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The {@code Date} header line (RFC 9110 section 6.6.1, IMF-fixdate), formatted at most once per second
 * and shared by every connection.
 */
public final class DateCache {

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
            entry = new Entry(second, ("Date: " + imfFixdate(second) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            current = entry;
        }
        return entry.line;
    }

    private static final String[] DAYS = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    /**
     * Formats seconds since the epoch as an IMF-fixdate by hand (java.time's pattern formatter costs
     * milliseconds to set up, paid by the first response).
     */
    static String imfFixdate(long epochSecond) {
        long days = Math.floorDiv(epochSecond, 86_400);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
        StringBuilder sb = new StringBuilder(29);
        sb.append(DAYS[(int) Math.floorMod(days, 7)]).append(", ");
        two(sb, date.getDayOfMonth());
        sb.append(' ').append(MONTHS[date.getMonthValue() - 1]).append(' ').append(date.getYear()).append(' ');
        two(sb, secondOfDay / 3600);
        sb.append(':');
        two(sb, secondOfDay / 60 % 60);
        sb.append(':');
        two(sb, secondOfDay % 60);
        return sb.append(" GMT").toString();
    }

    private static void two(StringBuilder sb, int value) {
        sb.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /**
     * {@return an instant formatted as an HTTP date}
     *
     * @param instant the instant
     */
    public static String format(Instant instant) {
        return imfFixdate(instant.getEpochSecond());
    }
}
