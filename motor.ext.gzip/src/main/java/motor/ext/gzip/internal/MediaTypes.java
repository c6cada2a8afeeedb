package motor.ext.gzip.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which media types are worth compressing: a list of patterns, each {@code type/subtype},
 * {@code type/*} or {@code *}{@code /*+suffix} (structured syntax suffix, as {@code +json}), and
 * exclusions written with a leading {@code !}, which win over any inclusion.
 */
final class MediaTypes {

    /** Text and the structured formats; {@code text/event-stream} is left alone (see docs/gzip.md). */
    static final List<String> DEFAULTS = List.of("text/*", "!text/event-stream", "application/json",
            "*/*+json", "application/javascript", "application/ecmascript", "application/xml", "*/*+xml",
            "application/wasm", "application/x-ndjson", "font/ttf", "font/otf");

    private final List<String> included = new ArrayList<>();
    private final List<String> excluded = new ArrayList<>();

    /**
     * @param patterns the patterns
     * @throws IllegalArgumentException naming a pattern that is not of the forms above
     */
    MediaTypes(List<String> patterns) {
        for (String pattern : patterns) {
            String p = pattern.strip().toLowerCase(Locale.ROOT);
            boolean exclude = p.startsWith("!");
            if (exclude) {
                p = p.substring(1).strip();
            }
            int slash = p.indexOf('/');
            boolean valid = slash > 0 && slash < p.length() - 1 && p.indexOf('/', slash + 1) < 0
                    && (!p.startsWith("*") || p.startsWith("*/*+")) && p.indexOf(';') < 0
                    && p.indexOf(' ') < 0;
            if (!valid) {
                throw new IllegalArgumentException("'" + pattern + "' is not a media type pattern such as"
                        + " text/html, text/* or */*+json");
            }
            (exclude ? excluded : included).add(p);
        }
    }

    /**
     * {@return whether a Content-Type value names a type to compress}
     *
     * @param contentType a {@code Content-Type} value, parameters allowed
     */
    boolean matches(String contentType) {
        int end = contentType.indexOf(';');
        String type = (end < 0 ? contentType : contentType.substring(0, end)).strip().toLowerCase(Locale.ROOT);
        return matchesAny(excluded, type) ? false : matchesAny(included, type);
    }

    private static boolean matchesAny(List<String> patterns, String type) {
        for (String pattern : patterns) {
            if (pattern.startsWith("*/*+")) {
                if (type.endsWith(pattern.substring(3)) && type.indexOf('/') > 0) {
                    return true;
                }
            } else if (pattern.endsWith("/*")) {
                if (type.startsWith(pattern.substring(0, pattern.length() - 1))) {
                    return true;
                }
            } else if (pattern.equals(type)) {
                return true;
            }
        }
        return false;
    }
}
