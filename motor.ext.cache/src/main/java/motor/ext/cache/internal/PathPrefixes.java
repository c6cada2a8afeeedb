package motor.ext.cache.internal;

import java.util.ArrayList;
import java.util.List;
import motor.spi.HttpException;
import motor.spi.Request;

/**
 * Which paths are cached: prefixes compared segment by segment with the request's decoded path
 * ({@link Request#pathSegments()}), so that {@code /cache} covers {@code /cache}, {@code /cache/} and
 * {@code /cache/a/b} but not {@code /cached}, and an encoded {@code ..} cannot reach into or out of a
 * prefix. A segment {@code *} matches any one segment: {@code /users/*}{@code /avatar}. {@code /} covers
 * everything.
 */
final class PathPrefixes {

    private final List<String[]> prefixes;

    /**
     * @param paths prefixes already checked with {@link #problem}
     */
    PathPrefixes(List<String> paths) {
        prefixes = new ArrayList<>(paths.size());
        for (String path : paths) {
            prefixes.add(segments(path));
        }
    }

    /** {@return whether no prefix is configured: nothing is cached} */
    boolean isEmpty() {
        return prefixes.isEmpty();
    }

    /**
     * {@return whether the request's path lies under a prefix; false for a path the server would refuse}
     *
     * @param request the request
     */
    boolean matches(Request request) {
        if (prefixes.isEmpty() || !request.path().startsWith("/")) {
            return false;
        }
        List<String> segments;
        try {
            segments = request.pathSegments();
        } catch (HttpException e) {
            return false; // not a path the router accepts either
        }
        return matches(segments);
    }

    /**
     * {@return whether decoded path segments lie under a prefix}
     *
     * @param segments the segments
     */
    boolean matches(List<String> segments) {
        outer:
        for (String[] prefix : prefixes) {
            if (prefix.length > segments.size()) {
                continue;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (!prefix[i].equals("*") && !prefix[i].equals(segments.get(i))) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * {@return what is wrong with a configured prefix, or null if nothing}
     *
     * @param path the configured value
     */
    static String problem(String path) {
        if (path == null || !path.startsWith("/")) {
            return "expected path prefixes starting with /, such as \"/api/\"";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c >= 127 || c == '?' || c == '#' || c == '%' || c == '\\') {
                return "a path prefix holds a character that a decoded path segment cannot be compared with"
                        + " (space, control, ?, #, %, \\ or non-ASCII): " + path.replaceAll("[^\\x21-\\x7e]", "?");
            }
        }
        for (String segment : segments(path)) {
            if (segment.equals(".") || segment.equals("..") || segment.isEmpty()) {
                return "a path prefix has an empty, . or .. segment: " + path;
            }
        }
        return null;
    }

    /** {@code /a/b/} and {@code /a/b} are both {@code [a, b]}; {@code /} is {@code []}. */
    private static String[] segments(String path) {
        String trimmed = path.substring(1);
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
