package motor.ext.gzip.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import motor.spi.Headers;

/**
 * Entity tags of encoded variants. A compressed response is a different representation from the
 * uncompressed one, so its strong validator must differ (RFC 9110 section 8.8.3): {@code "abc"} becomes
 * {@code "abc-gzip"}. Clients then send that tag back in {@code If-None-Match} and {@code If-Match};
 * the suffix is taken off there again so that the application, which knows only its
 * own tags, still recognises them, and put back on the tag of a {@code 304} answer.
 */
final class ETags {

    /**
     * Not {@code If-Range}: a range is served from the unencoded representation (a 206 is never
     * encoded), so a tag of the encoded variant must fail the condition and get the full response.
     */
    private static final String[] CONDITIONALS = {"If-None-Match", "If-Match"};

    private ETags() {
    }

    /** {@return the tag with "-coding" added inside its quotes; other values unchanged} */
    static String withSuffix(String etag, String coding) {
        int n = etag.length();
        int open = etag.startsWith("W/") ? 2 : 0;
        if (n - open < 2 || etag.charAt(open) != '"' || etag.charAt(n - 1) != '"') {
            return etag;
        }
        return etag.substring(0, n - 1) + "-" + coding + "\"";
    }

    /**
     * Takes the coding suffixes off the tags of the request's conditional fields.
     *
     * @param headers the request's fields, changed in place
     * @param codings the coding names a suffix may carry
     * @return each bare tag (with quotes, without {@code W/}) mapped to the coding taken off it, or
     *         {@code null} when nothing was changed
     */
    static Map<String, String> strip(Headers headers, Collection<String> codings) {
        Map<String, String> stripped = null;
        for (String name : CONDITIONALS) {
            String value = headers.first(name);
            if (value == null || value.indexOf('-') < 0) {
                continue;
            }
            if (headers.count(name) > 1) {
                value = String.join(", ", headers.all(name));
            }
            StringBuilder rewritten = new StringBuilder(value.length());
            Map<String, String> found = new HashMap<>();
            if (rewrite(value, codings, rewritten, found) && !found.isEmpty()) {
                headers.set(name, rewritten.toString());
                if (stripped == null) {
                    stripped = new HashMap<>();
                }
                stripped.putAll(found);
            }
        }
        return stripped;
    }

    /**
     * Rewrites a list of entity tags ({@code *}, dates in If-Range and anything malformed are left as
     * they were by returning false).
     */
    private static boolean rewrite(String value, Collection<String> codings, StringBuilder out,
            Map<String, String> found) {
        int i = 0;
        int n = value.length();
        boolean first = true;
        while (i < n) {
            while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t' || value.charAt(i) == ',')) {
                i++;
            }
            if (i == n) {
                break;
            }
            int start = i;
            if (value.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= n || value.charAt(i) != '"') {
                return false;
            }
            int close = value.indexOf('"', i + 1);
            if (close < 0) {
                return false;
            }
            String tag = value.substring(i, close + 1);
            String bare = tag;
            for (String coding : codings) {
                String suffix = "-" + coding + "\"";
                if (tag.endsWith(suffix) && tag.length() > suffix.length()) {
                    bare = tag.substring(0, tag.length() - suffix.length()) + "\"";
                    found.put(bare, coding);
                    break;
                }
            }
            if (!first) {
                out.append(", ");
            }
            first = false;
            out.append(value, start, i).append(bare);
            i = close + 1;
        }
        return true;
    }
}
