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
     *
     * @param rawPath the path as received
     */
    static boolean hasDotSegment(String rawPath) {
        int start = 0;
        int n = rawPath.length();
        while (start <= n) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                end = n;
            }
            if (isDots(rawPath, start, end)) {
                return true;
            }
            start = end + 1;
        }
        return false;
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
