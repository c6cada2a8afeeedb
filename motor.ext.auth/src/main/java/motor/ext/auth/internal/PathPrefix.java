package motor.ext.auth.internal;

import java.util.ArrayList;
import java.util.List;
import motor.spi.HttpException;
import motor.spi.PercentCoding;
import motor.spi.Request;

/**
 * A path prefix that a protection covers, matched on decoded path segments so that no spelling of a path
 * slips past it.
 *
 * <p>A prefix is a sequence of whole segments: {@code /admin} and {@code /admin/} both cover
 * {@code /admin}, {@code /admin/} and everything below, and neither covers {@code /administrator}. A
 * request is covered when either of two readings of its path starts with the prefix's segments:
 * <ol>
 *   <li>the segments the router sees ({@link Request#pathSegments()}: percent-decoded once, dot segments
 *       resolved), with empty segments skipped, so {@code //admin} and {@code /./admin} are covered;</li>
 *   <li>the same segments percent-decoded again (up to three more times), split again at {@code /} and
 *       {@code \} that came percent-encoded, with {@code ;parameters} dropped and dot segments resolved
 *       again: how a handler that decodes twice, or joins segments into a file path, or follows servlet
 *       conventions would read {@code /%2561dmin}, {@code /admin%2Fsecret}, {@code /public%2F..%2Fadmin}
 *       or {@code /public/..;/admin}.</li>
 * </ol>
 * Segments compare without regard to case ({@link String#equalsIgnoreCase}), so {@code /ADMIN} is
 * covered too: protecting a few more spellings than the router distinguishes costs nothing, while missing
 * one that a case-insensitive file system serves would be a hole.
 *
 * <p>{@link motor.ext.auth.internal.Protections} applies the most specific prefix of each reading; when
 * the two readings fall under different prefixes, both guards must let the request pass.
 *
 * <p>Matching allocates nothing unless a segment holds {@code /}, {@code \}, {@code ;} or {@code %}.
 */
public final class PathPrefix {

    private final String text;
    private final String[] segments;

    private PathPrefix(String text, String[] segments) {
        this.text = text;
        this.segments = segments;
    }

    /**
     * Parses a prefix.
     *
     * @param prefix a path starting with {@code /}; percent-encoding is decoded; {@code /} alone covers
     *               every request
     * @return the prefix
     * @throws IllegalArgumentException if it does not start with {@code /}, holds {@code .} or {@code ..}
     *                                  segments, or has invalid percent-encoding
     */
    public static PathPrefix parse(String prefix) {
        if (prefix == null || !prefix.startsWith("/")) {
            throw new IllegalArgumentException("a path prefix must start with /");
        }
        List<String> segments = new ArrayList<>();
        for (String raw : prefix.substring(1).split("/", -1)) {
            if (raw.isEmpty()) {
                continue;
            }
            String segment;
            try {
                segment = PercentCoding.decode(raw, false);
            } catch (HttpException e) {
                throw new IllegalArgumentException("a path prefix has invalid percent-encoding");
            }
            if (segment.equals(".") || segment.equals("..") || segment.indexOf('/') >= 0
                    || segment.indexOf('\\') >= 0 || segment.indexOf(';') >= 0) {
                throw new IllegalArgumentException("a path prefix cannot hold ., .., an encoded slash, a backslash or ;");
            }
            segments.add(segment);
        }
        return new PathPrefix(prefix, segments.toArray(String[]::new));
    }

    /** {@return the number of segments, which ranks nested prefixes: the longer one is more specific} */
    public int length() {
        return segments.length;
    }

    /** {@return the decoded segments joined with {@code /}, starting with {@code /}, for comparisons} */
    public String normalised() {
        return "/" + String.join("/", segments);
    }

    /**
     * {@return whether the request's path is covered, in either reading}
     *
     * @param request the request
     * @throws motor.spi.HttpException 400 if the path's percent-encoding is invalid
     */
    public boolean matches(Request request) {
        if (segments.length == 0) {
            return true;
        }
        String raw = request.path();
        if (plain(raw)) {
            return coversPlain(raw);
        }
        List<String> path = request.pathSegments();
        if (covers(path)) {
            return true;
        }
        List<String> alternative = alternative(path);
        return alternative != null && covers(alternative);
    }

    /**
     * {@return whether decoded segments start with this prefix's segments, empty segments skipped and case
     * ignored}
     *
     * @param path decoded segments: {@link Request#pathSegments()} or its {@link #alternative}
     */
    public boolean covers(List<String> path) {
        int matched = 0;
        for (int i = 0, n = path.size(); i < n && matched < segments.length; i++) {
            String segment = path.get(i);
            if (segment.isEmpty()) {
                continue;
            }
            if (!segment.equalsIgnoreCase(segments[matched])) {
                return false;
            }
            matched++;
        }
        return matched == segments.length;
    }

    /**
     * Tells whether a raw path needs no decoding: it starts with {@code /} and holds no {@code %},
     * {@code ;}, {@code \}, no character outside ASCII and no dot segment ({@code /.} anywhere is enough to
     * say no). Then its segments are its text between slashes, both readings agree, and
     * {@link #coversPlain} can match it without decoding or allocating.
     *
     * @param path the raw path of the request
     * @return whether it is plain
     */
    public static boolean plain(String path) {
        int n = path.length();
        if (n == 0 || path.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = path.charAt(i);
            if (c == '%' || c == ';' || c == '\\' || c >= 0x80 || (c == '.' && path.charAt(i - 1) == '/')) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@return whether a {@linkplain #plain plain} raw path is covered: the same answer as
     * {@link #covers} gives for its segments}
     *
     * @param path a plain raw path
     */
    public boolean coversPlain(String path) {
        int n = path.length();
        int i = 0;
        for (String segment : segments) {
            while (i < n && path.charAt(i) == '/') {
                i++;
            }
            if (i == n) {
                return false;
            }
            int end = path.indexOf('/', i);
            if (end < 0) {
                end = n;
            }
            if (end - i != segment.length() || !path.regionMatches(true, i, segment, 0, end - i)) {
                return false;
            }
            i = end;
        }
        return true;
    }

    /**
     * The second reading of a path: its segments percent-decoded again while they still hold valid
     * escapes (at most three times), split again at {@code /} and {@code \} (which can only be there
     * percent-encoded), {@code ;parameters} dropped, empty and {@code .} segments skipped and {@code ..}
     * resolved (never above the root).
     *
     * @param path decoded segments, as {@link Request#pathSegments()} gives them
     * @return the second reading, or {@code null} if it is the same as the first (no segment holds
     *         {@code /}, {@code \}, {@code ;} or {@code %})
     */
    public static List<String> alternative(List<String> path) {
        boolean special = false;
        for (int i = 0, n = path.size(); i < n && !special; i++) {
            String segment = path.get(i);
            special = segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0 || segment.indexOf(';') >= 0
                    || segment.indexOf('%') >= 0;
        }
        if (!special) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String segment : path) {
            segment = decodeAgain(segment);
            int start = 0;
            int n = segment.length();
            while (start <= n) {
                int end = start;
                while (end < n && segment.charAt(end) != '/' && segment.charAt(end) != '\\') {
                    end++;
                }
                String piece = segment.substring(start, end);
                int semicolon = piece.indexOf(';');
                if (semicolon >= 0) {
                    piece = piece.substring(0, semicolon);
                }
                if (piece.equals("..")) {
                    if (!out.isEmpty()) {
                        out.remove(out.size() - 1);
                    }
                } else if (!piece.isEmpty() && !piece.equals(".")) {
                    out.add(piece);
                }
                start = end + 1;
            }
        }
        return out;
    }

    /** Undoes further rounds of percent-encoding, as a handler that decodes again would. */
    private static String decodeAgain(String segment) {
        for (int round = 0; round < 3 && segment.indexOf('%') >= 0; round++) {
            try {
                segment = PercentCoding.decode(segment, false);
            } catch (HttpException e) {
                break; // not encoded after all: a literal %
            }
        }
        return segment;
    }

    @Override
    public String toString() {
        return text;
    }
}
