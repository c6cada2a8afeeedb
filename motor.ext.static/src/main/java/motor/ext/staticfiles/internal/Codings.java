package motor.ext.staticfiles.internal;

import java.util.List;
import motor.spi.Headers;

/**
 * Chooses among precompressed variants by the request's {@code Accept-Encoding} (RFC 9110 section
 * 12.5.3). A coding listed with a weight above 0 is acceptable at that weight; {@code q=0} refuses it;
 * {@code *} stands for every coding not listed by name, {@code identity} included; {@code x-gzip} means
 * {@code gzip}; names are case-insensitive. Without the field, or with an empty one, only identity is
 * chosen (a client that says nothing gets what every client can read). Members that break the grammar
 * are skipped. Ties go to the server's order of preference, and identity loses a tie. When the client
 * refuses identity and no acceptable variant exists, identity is sent anyway (the RFC lets a server
 * disregard the field rather than answer 406).
 */
final class Codings {

    /** The file-name suffix of each coding this extension knows. */
    static String suffix(String coding) {
        return switch (coding) {
            case "br" -> ".br";
            case "gzip" -> ".gz";
            case "zstd" -> ".zst";
            default -> throw new IllegalArgumentException("unknown coding " + coding);
        };
    }

    private Codings() {
    }

    /**
     * Picks a coding.
     *
     * @param headers   the request headers
     * @param available the codings that have a variant, in the server's order of preference
     * @return the chosen coding, or {@code null} for identity
     */
    static String choose(Headers headers, List<String> available) {
        if (available.isEmpty() || !headers.contains("Accept-Encoding")) {
            return null;
        }
        List<String> values = headers.all("Accept-Encoding");
        String best = null;
        int bestQ = 0;
        for (String coding : available) {
            int q = weight(values, coding);
            if (q > bestQ) {
                best = coding;
                bestQ = q;
            }
        }
        if (best == null) {
            return null;
        }
        // identity wins only when strictly preferred
        return weight(values, "identity") > bestQ ? null : best;
    }

    /**
     * The weight, 0 to 1000, the fields give {@code coding}: the named member's, else {@code *}'s, else
     * 0 (for identity: 1 when unnamed and not refused through {@code *}, so that it ranks below what the
     * client listed).
     */
    static int weight(List<String> values, String coding) {
        int named = -1;
        int star = -1;
        for (String value : values) {
            int i = 0;
            int n = value.length();
            while (i < n) {
                int end = value.indexOf(',', i);
                if (end < 0) {
                    end = n;
                }
                // the name ends at a ';' within this member: searching to the field's end instead would make
                // a long field without parameters cost quadratic time
                int nameEnd = i;
                while (nameEnd < end && value.charAt(nameEnd) != ';') {
                    nameEnd++;
                }
                int a = trimStart(value, i, nameEnd);
                int b = trimEnd(value, a, nameEnd);
                int q = nameEnd < end ? qvalue(value, nameEnd + 1, end) : 1000;
                if (q >= 0 && b > a) {
                    if (matches(value, a, b, coding)) {
                        named = Math.max(named, q);
                    } else if (b - a == 1 && value.charAt(a) == '*') {
                        star = Math.max(star, q);
                    }
                }
                i = end + 1;
            }
        }
        if (named >= 0) {
            return named;
        }
        if (star >= 0) {
            return star;
        }
        return coding.equals("identity") ? 1 : 0;
    }

    private static boolean matches(String s, int a, int b, String coding) {
        if (b - a == coding.length() && s.regionMatches(true, a, coding, 0, b - a)) {
            return true;
        }
        return coding.equals("gzip") && b - a == 6 && s.regionMatches(true, a, "x-gzip", 0, 6);
    }

    /**
     * The weight in parameters {@code s[from, to)}: {@code q=0.5} and the like, as thousandths; 1000 when
     * no q parameter is present; -1 when it is malformed.
     */
    private static int qvalue(String s, int from, int to) {
        int i = trimStart(s, from, to);
        int end = trimEnd(s, i, to);
        if (end - i < 3 || (s.charAt(i) != 'q' && s.charAt(i) != 'Q')) {
            return end == i ? 1000 : -1;
        }
        i = trimStart(s, i + 1, end);
        if (i >= end || s.charAt(i) != '=') {
            return -1;
        }
        i = trimStart(s, i + 1, end);
        // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
        if (i >= end || (s.charAt(i) != '0' && s.charAt(i) != '1')) {
            return -1;
        }
        int whole = s.charAt(i) - '0';
        i++;
        int fraction = 0;
        int digits = 0;
        if (i < end && s.charAt(i) == '.') {
            for (i++; i < end && digits < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++, digits++) {
                fraction = fraction * 10 + (s.charAt(i) - '0');
            }
        }
        if (i != end) {
            return -1;
        }
        for (; digits < 3; digits++) {
            fraction *= 10;
        }
        int q = whole * 1000 + fraction;
        return q > 1000 ? -1 : q;
    }

    private static int trimStart(String s, int i, int end) {
        while (i < end && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int trimEnd(String s, int start, int end) {
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return end;
    }
}
