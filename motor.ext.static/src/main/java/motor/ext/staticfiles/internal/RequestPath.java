package motor.ext.staticfiles.internal;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a request's path a static handler serves, as checked names. The server has already
 * percent-decoded the path once into segments and resolved {@code .} and {@code ..} (never above the
 * root); what a segment can still hold after that is refused here: an encoded slash or backslash
 * ({@code %2F}, {@code %5C}), which would otherwise split into two names on the file system, NUL and other
 * control characters, an empty segment ({@code a//b}), and hidden names unless they are allowed.
 */
final class RequestPath {

    /**
     * The names below the mount and whether the path ended with a slash.
     *
     * @param names         one name per segment, none empty
     * @param trailingSlash whether the path ended with {@code /}
     */
    record Names(List<String> names, boolean trailingSlash) {

        /** {@return the names joined with {@code /}, as patterns see them} */
        String joined() {
            return String.join("/", names);
        }
    }

    private RequestPath() {
    }

    /**
     * Finds the names a handler serves.
     *
     * @param segments the request's decoded segments
     * @param captured the value the route's wildcard captured, or {@code null} to serve every segment
     * @param dotfiles whether names starting with {@code .} are allowed
     * @return the names, or {@code null} if the path must not be served (answer 404)
     */
    static Names of(List<String> segments, String captured, boolean dotfiles) {
        int from = captured == null ? 0 : wildcardStart(segments, captured);
        if (from < 0) {
            return null;
        }
        int to = segments.size();
        boolean trailingSlash = to > from && segments.get(to - 1).isEmpty();
        if (trailingSlash) {
            to--;
        }
        List<String> names = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            String name = segments.get(i);
            if (!allowed(name, dotfiles)) {
                return null;
            }
            names.add(name);
        }
        return new Names(names, trailingSlash || (from == to && to == 0 && segments.isEmpty()));
    }

    /** {@return whether one decoded segment may name a file} */
    static boolean allowed(String name, boolean dotfiles) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        if (!dotfiles && name.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                return false;
            }
            if (c == ':' && File.separatorChar == '\\') {
                return false; // drive letters and alternate data streams
            }
        }
        return true;
    }

    /**
     * The index of the first segment the wildcard captured: the captured value is the last segments
     * joined with {@code /}, so it is matched from the end. A segment holding a decoded {@code /} still
     * counts as one segment here, and is refused later.
     */
    private static int wildcardStart(List<String> segments, String captured) {
        int end = captured.length();
        int i = segments.size();
        if (end == 0) {
            // nothing captured: at most a trailing empty segment belongs to the wildcard
            return i > 0 && segments.get(i - 1).isEmpty() ? i - 1 : i;
        }
        while (i > 0) {
            String segment = segments.get(i - 1);
            int start = end - segment.length();
            if (start < 0 || !captured.startsWith(segment, start)) {
                return -1;
            }
            i--;
            if (start == 0) {
                return i;
            }
            if (captured.charAt(start - 1) != '/') {
                return -1;
            }
            end = start - 1;
        }
        return -1;
    }
}
