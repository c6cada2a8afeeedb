package motor.ext.staticfiles.internal;

import java.util.Arrays;

/**
 * Parses a {@code Range} field (RFC 9110 section 14.1.1) against a representation of known length and
 * reduces it to the ranges worth sending: sorted, with overlapping and adjacent ranges merged, so that
 * no request can make the server send a byte twice or repeat its work.
 *
 * <pre>
 *   Range = "bytes" "=" 1#( first "-" [ last ] / "-" suffix-length )      (unit case-insensitive)
 * </pre>
 * The outcomes: {@link #IGNORE} (send the whole representation: another unit, a syntax error, a
 * descending range, more specs than allowed), {@link #UNSATISFIABLE} (416: every spec lies past the
 * end), or the ranges to send, each {@code [first, last]} inclusive.
 */
final class ByteRanges {

    /** The field is to be ignored: answer 200 with the whole representation. */
    static final long[] IGNORE = new long[0];
    /** No spec overlaps the representation: answer 416. */
    static final long[] UNSATISFIABLE = new long[0];

    private ByteRanges() {
    }

    /**
     * Parses and reduces a {@code Range} value.
     *
     * @param value     the field value
     * @param length    the representation's length, above 0
     * @param maxRanges how many range-specs the field may hold before it is ignored
     * @return {@link #IGNORE}, {@link #UNSATISFIABLE}, or pairs {@code first0, last0, first1, last1, ...}
     *         sorted and disjoint, none adjacent to the next
     */
    static long[] parse(String value, long length, int maxRanges) {
        int n = value.length();
        int i = skipSpace(value, 0);
        if (!value.regionMatches(true, i, "bytes", 0, 5)) {
            return IGNORE;
        }
        i = skipSpace(value, i + 5);
        if (i >= n || value.charAt(i) != '=') {
            return IGNORE;
        }
        i++;
        long[] ranges = new long[8];
        int count = 0;
        int specs = 0;
        while (true) {
            // empty list elements are allowed (RFC 9110 section 5.6.1.2)
            while (i < n && (value.charAt(i) == ',' || value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            if (++specs > maxRanges) {
                return IGNORE;
            }
            long first;
            long last;
            if (value.charAt(i) == '-') {
                int end = digitsEnd(value, i + 1);
                if (end == i + 1) {
                    return IGNORE;
                }
                long suffix = number(value, i + 1, end);
                i = end;
                if (suffix == 0) {
                    // a zero-length suffix selects nothing: unsatisfiable
                    first = -1;
                    last = -1;
                } else {
                    first = Math.max(0, length - suffix);
                    last = length - 1;
                }
            } else {
                int end = digitsEnd(value, i);
                if (end == i || end >= n || value.charAt(end) != '-') {
                    return IGNORE;
                }
                first = number(value, i, end);
                i = end + 1;
                int lastEnd = digitsEnd(value, i);
                if (lastEnd == i) {
                    last = length - 1;
                } else {
                    last = number(value, i, lastEnd);
                    if (last < first) {
                        return IGNORE; // invalid range-spec: the field is ignored (section 14.1.1)
                    }
                    last = Math.min(last, length - 1);
                }
                i = lastEnd;
                if (first >= length) {
                    first = -1;
                    last = -1;
                }
            }
            i = skipSpace(value, i);
            if (i < n && value.charAt(i) != ',') {
                return IGNORE;
            }
            if (first >= 0) {
                if (2 * count == ranges.length) {
                    ranges = Arrays.copyOf(ranges, 2 * ranges.length);
                }
                ranges[2 * count] = first;
                ranges[2 * count + 1] = last;
                count++;
            }
        }
        if (specs == 0) {
            return IGNORE;
        }
        if (count == 0) {
            return UNSATISFIABLE;
        }
        return merge(ranges, count);
    }

    /** Sorts by first byte and merges ranges that overlap or touch. */
    private static long[] merge(long[] ranges, int count) {
        Integer[] order = new Integer[count];
        for (int k = 0; k < count; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Long.compare(ranges[2 * a], ranges[2 * b]));
        long[] merged = new long[2 * count];
        int m = 0;
        for (int k : order) {
            long first = ranges[2 * k];
            long last = ranges[2 * k + 1];
            if (m > 0 && first <= merged[2 * m - 1] + 1) {
                merged[2 * m - 1] = Math.max(merged[2 * m - 1], last);
            } else {
                merged[2 * m] = first;
                merged[2 * m + 1] = last;
                m++;
            }
        }
        return Arrays.copyOf(merged, 2 * m);
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int digitsEnd(String s, int i) {
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** The number in s[start, end); numbers too large for a long saturate, which is past any file's end. */
    private static long number(String s, int start, int end) {
        long n = 0;
        for (int i = start; i < end; i++) {
            int d = s.charAt(i) - '0';
            if (n > (Long.MAX_VALUE - d) / 10) {
                return Long.MAX_VALUE;
            }
            n = n * 10 + d;
        }
        return n;
    }
}
