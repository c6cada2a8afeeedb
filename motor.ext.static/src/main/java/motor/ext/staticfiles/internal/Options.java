package motor.ext.staticfiles.internal;

import java.util.List;

/**
 * How a static handler serves files.
 *
 * @param index               names tried, in order, for a directory's own page
 * @param listing             whether a directory without an index file is listed
 * @param maxListing          the most entries a listing shows
 * @param dotfiles            whether names starting with a dot are served
 * @param precompressed       the codings whose siblings ({@code .br}, {@code .zst}, {@code .gz}) are
 *                            looked for, in order of preference
 * @param maxRanges           the most range-specs a {@code Range} field may hold before it is ignored
 * @param cacheControl        {@code Cache-Control} values by path pattern; the first match wins
 * @param types               content types by extension
 * @param parameter           the route's wildcard parameter holding the path, or {@code null} for the
 *                            whole path
 */
public record Options(List<String> index, boolean listing, int maxListing, boolean dotfiles,
        List<String> precompressed, int maxRanges, List<CacheRule> cacheControl, MediaTypes types, String parameter) {

    /**
     * One {@code Cache-Control} rule.
     *
     * @param glob  the pattern
     * @param value the field value
     */
    public record CacheRule(Glob glob, String value) {
    }

    /** {@return the {@code Cache-Control} value for a path below the mount, or {@code null}} */
    String cacheControl(String relative) {
        for (CacheRule rule : cacheControl) {
            if (rule.glob().matches(relative)) {
                return rule.value();
            }
        }
        return null;
    }
}
