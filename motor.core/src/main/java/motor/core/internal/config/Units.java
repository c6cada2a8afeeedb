package motor.core.internal.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses sizes ({@code 64KiB}, {@code 10MB}, {@code 512}) and durations ({@code 30s}, {@code PT1M}). */
public final class Units {

    private Units() {
    }

    /**
     * Parses a size in bytes. Binary units (KiB, MiB, GiB, TiB) count in 1024s, decimal ones (kB, KB, MB,
     * GB, TB) in 1000s; {@code B} or no unit means bytes.
     *
     * @param text the size
     * @return the bytes
     * @throws IllegalArgumentException if the text is not a size
     */
    public static long size(String text) {
        String s = text.strip();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 18) {
            throw new IllegalArgumentException("expected a size such as 512, 64KiB or 10MB");
        }
        long number = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i).strip();
        long factor = switch (unit) {
            case "", "B" -> 1L;
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            case "TiB" -> 1L << 40;
            case "kB", "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "TB" -> 1_000_000_000_000L;
            default -> throw new IllegalArgumentException("unknown size unit '" + unit
                    + "'; use B, KiB, MiB, GiB, TiB, kB, MB, GB or TB");
        };
        try {
            return Math.multiplyExact(number, factor);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size too large");
        }
    }

    /**
     * Parses a duration: a number with a unit ({@code ms}, {@code s}, {@code m}, {@code h}, {@code d}),
     * or ISO-8601 ({@code PT30S}).
     *
     * @param text the duration
     * @return the duration
     * @throws IllegalArgumentException if the text is not a duration
     */
    public static Duration duration(String text) {
        String s = text.strip();
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("expected a duration such as 30s, 250ms or PT1M");
            }
        }
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 18) {
            throw new IllegalArgumentException("expected a duration such as 30s, 250ms or 5m");
        }
        long number = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i).strip();
        return switch (unit) {
            case "ms" -> Duration.ofMillis(number);
            case "s" -> Duration.ofSeconds(number);
            case "m", "min" -> Duration.ofMinutes(number);
            case "h" -> Duration.ofHours(number);
            case "d" -> Duration.ofDays(number);
            case "" -> throw new IllegalArgumentException("a duration needs a unit: ms, s, m, h or d (as in 30s)");
            default -> throw new IllegalArgumentException("unknown duration unit '" + unit + "'; use ms, s, m, h or d");
        };
    }
}
