package motor.ext.proxy.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * The request-target sent upstream: the client's path, minus the stripped prefix, under the upstream's
 * own path, with the client's query, all byte for byte as the client sent them. Nothing is decoded or
 * re-encoded, so {@code %2F}, {@code +} and the case of escapes reach the upstream unchanged; only a
 * character that a URI cannot hold at all is percent-encoded (the server refuses those by default).
 */
final class Targets {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Targets() {
    }

    /**
     * {@return the path to forward: {@code path} without {@code stripPrefix} when it starts with it,
     * always starting with {@code /}}
     *
     * @param path        the client's path, still percent-encoded
     * @param stripPrefix the prefix to remove; empty for none
     */
    static String forwardPath(String path, String stripPrefix) {
        if (stripPrefix.isEmpty() || !path.startsWith(stripPrefix)) {
            return path;
        }
        String rest = path.substring(stripPrefix.length());
        return rest.startsWith("/") ? rest : "/" + rest;
    }

    /**
     * {@return whether a percent-encoded path has a {@code .} or {@code ..} segment, also written as
     * {@code %2e}} Clients remove such segments before sending (RFC 3986 section 5.2.4); one that arrives
     * would climb out of the proxied prefix on the upstream, which resolves it after the proxy matched.
     * Upstreams differ in what they take for a segment, so this errs on the side of finding one: a
     * segment also ends at {@code \}, {@code %2F} and {@code %5C} (servers that decode them, or run on
     * Windows, split there), and its name ends at {@code ;} (servlet containers read {@code /..;x/} as
     * {@code /../}).
     *
     * @param rawPath the path as received
     */
    static boolean hasDotSegment(String rawPath) {
        int n = rawPath.length();
        int start = 0;
        int nameEnd = -1;
        int i = 0;
        while (true) {
            int separator = i == n ? 1 : separatorAt(rawPath, i);
            if (separator > 0) {
                if (isDots(rawPath, start, nameEnd < 0 ? i : nameEnd)) {
                    return true;
                }
                if (i == n) {
                    return false;
                }
                i += separator;
                start = i;
                nameEnd = -1;
            } else {
                if (rawPath.charAt(i) == ';' && nameEnd < 0) {
                    nameEnd = i;
                }
                i++;
            }
        }
    }

    /** {@return the length of the segment separator at {@code i} ({@code /}, {@code \}, {@code %2F}, {@code %5C}), or 0} */
    private static int separatorAt(String s, int i) {
        char c = s.charAt(i);
        if (c == '/' || c == '\\') {
            return 1;
        }
        if (c == '%' && i + 2 < s.length()) {
            char a = s.charAt(i + 1);
            char b = s.charAt(i + 2);
            if (a == '2' && (b == 'f' || b == 'F') || a == '5' && (b == 'c' || b == 'C')) {
                return 3;
            }
        }
        return 0;
    }

    private static boolean isDots(String s, int from, int to) {
        int dots = 0;
        int i = from;
        while (i < to) {
            if (s.charAt(i) == '.') {
                i++;
            } else if (i + 3 <= to && s.charAt(i) == '%' && s.charAt(i + 1) == '2'
                    && (s.charAt(i + 2) == 'e' || s.charAt(i + 2) == 'E')) {
                i += 3;
            } else {
                return false;
            }
            dots++;
        }
        return dots == 1 || dots == 2;
    }

    /**
     * Builds the URI of a request to the upstream.
     *
     * @param origin   the upstream's scheme and authority
     * @param basePath the upstream's own path, without a trailing slash; may be empty
     * @param path     the path to forward, starting with {@code /}
     * @param rawQuery the query as received, or {@code null}
     * @return the URI
     */
    static URI upstreamUri(String origin, String basePath, String path, String rawQuery) {
        // java.net.URI would accept non-ASCII "other" characters and send them as they are: escape them
        // first; everything a URI may hold, escapes included, is left exactly as it came
        String text = origin + basePath + escapeIllegal(path) + (rawQuery == null ? "" : "?" + escapeIllegal(rawQuery));
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the request-target cannot be forwarded", e);
        }
    }

    /**
     * Percent-encodes what a URI's path or query cannot hold: controls, space, non-ASCII, the characters
     * RFC 3986 excludes ({@code " < > \ ^ ` { | }}) and a {@code %} that does not start an escape.
     */
    static String escapeIllegal(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean escapeStart = c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) && hex(s.charAt(i + 2));
            if (c == '%' && !escapeStart || c <= 0x20 || c >= 0x7F || "\"<>\\^`{|}#[]".indexOf(c) >= 0) {
                if (c > 0xFF) {
                    for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                        out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                    }
                } else {
                    out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
