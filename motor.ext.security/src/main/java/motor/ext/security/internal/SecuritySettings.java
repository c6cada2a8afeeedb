package motor.ext.security.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;

/**
 * Reads the {@code security} section into a {@link PathTable} of {@link Policy}s:
 * <pre>{@code
 * "security": {
 *   "headers": { ...header settings... },
 *   "cors":    { ...CORS settings... },
 *   "paths":   [ { "prefix": "/api", "headers": { ... }, "cors": { ... } } ]
 * }
 * }</pre>
 * A path entry starts from the settings of the longest configured prefix that contains it (the top level
 * for the shortest ones) and changes only the keys it names.
 */
final class SecuritySettings {

    private SecuritySettings() {
    }

    /** One entry of {@code paths}, while it is read. */
    private record Entry(Config section, List<String> segments) {
    }

    /** The settings of one level, while the levels are resolved. */
    private record Level(HeaderPolicy.Spec headers, CorsPolicy.Spec cors) {
    }

    /**
     * Reads the settings.
     *
     * @param config the {@code security} section
     * @return the policies by path prefix
     * @throws ConfigException naming the key and what was expected
     */
    static PathTable<Policy> read(Config config) {
        HeaderPolicy.Spec headers = HeaderPolicy.Spec.defaults();
        Config headersSection = config.section("headers");
        headers.read(headersSection);
        CorsPolicy.Spec cors = new CorsPolicy.Spec();
        Config corsSection = config.section("cors");
        cors.read(corsSection);
        PathTable<Policy> table = new PathTable<>(new Policy(headers.build(), cors.build(corsSection)));

        List<Entry> entries = new ArrayList<>();
        Map<List<String>, Config> seen = new HashMap<>();
        for (Config section : config.sections("paths")) {
            String prefix = section.require("prefix").strip();
            List<String> segments;
            try {
                segments = PathTable.segments(prefix);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(HeaderPolicy.key(section, "prefix"), e.getMessage());
            }
            if (segments.isEmpty()) {
                throw new ConfigException(HeaderPolicy.key(section, "prefix"), "the prefix / is the whole server: "
                        + "put these settings at the top level of the section");
            }
            Config earlier = seen.putIfAbsent(segments, section);
            if (earlier != null) {
                throw new ConfigException(HeaderPolicy.key(section, "prefix"), "the same prefix as "
                        + HeaderPolicy.key(earlier, "prefix"));
            }
            entries.add(new Entry(section, segments));
        }
        // parents first, so that each entry inherits from a resolved one
        entries.sort(Comparator.comparingInt(e -> e.segments().size()));
        Map<List<String>, Level> levels = new HashMap<>();
        Level top = new Level(headers, cors);
        for (Entry entry : entries) {
            Level parent = top;
            for (int n = entry.segments().size() - 1; n > 0; n--) {
                Level found = levels.get(entry.segments().subList(0, n));
                if (found != null) {
                    parent = found;
                    break;
                }
            }
            HeaderPolicy.Spec h = parent.headers().copy();
            h.read(entry.section().section("headers"));
            CorsPolicy.Spec c = parent.cors().copy();
            Config corsOfEntry = entry.section().section("cors");
            c.read(corsOfEntry);
            levels.put(entry.segments(), new Level(h, c));
            table.put(entry.segments(), new Policy(h.build(), c.build(corsOfEntry)));
        }
        return table;
    }
}
