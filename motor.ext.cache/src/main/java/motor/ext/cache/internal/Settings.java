package motor.ext.cache.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import motor.spi.Headers;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;

/**
 * The {@code cache} section, read and checked once at startup.
 *
 * @param paths             which requests are cached
 * @param maxSize           the in-memory store's bound on everything stored, bytes
 * @param maxEntrySize      the largest body stored, bytes; bigger ones pass through
 * @param maxVariants       the most {@code Vary} variants kept per URL
 * @param header            the name of the header that says what the cache did, or null for none
 * @param coalesce          whether a burst of misses for one URL runs the handler once
 * @param coalesceTimeout   how long a request waits for the one running the handler
 * @param clientDirectives  whether the request's {@code Cache-Control} is honoured ({@code no-store} is
 *                          always)
 * @param cookieCredentials whether a request with a {@code Cookie} counts as carrying credentials, as
 *                          {@code Authorization} does
 */
record Settings(PathPrefixes paths, long maxSize, long maxEntrySize, int maxVariants, String header, boolean coalesce,
        Duration coalesceTimeout, boolean clientDirectives, boolean cookieCredentials) {

    static final long DEFAULT_MAX_SIZE = 64L * 1024 * 1024;
    static final long DEFAULT_MAX_ENTRY_SIZE = 1024L * 1024;
    static final int DEFAULT_MAX_VARIANTS = 8;
    static final Duration DEFAULT_COALESCE_TIMEOUT = Duration.ofSeconds(10);
    /** Fields that the outcome header may not be: the cache's own and the server's framing fields. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("age", "cache-control", "vary", "etag",
            "expires", "date", "last-modified", "content-length", "content-type", "transfer-encoding", "connection",
            "set-cookie", "server", "content-encoding", "content-range");

    /**
     * Reads the section; every key it accepts is read, so that anything else is reported as unknown.
     *
     * @param config the {@code cache} section
     * @return the settings
     * @throws ConfigException naming the key, for a value out of range
     */
    static Settings from(Config config) {
        List<String> paths = config.strings("paths", List.of());
        long maxSize = config.size("maxSize", DEFAULT_MAX_SIZE);
        long maxEntrySize = config.size("maxEntrySize", DEFAULT_MAX_ENTRY_SIZE);
        int maxVariants = config.integer("maxVariants", DEFAULT_MAX_VARIANTS);
        String header = config.string("header", "X-Cache");
        boolean coalesce = config.bool("coalesce", true);
        Duration coalesceTimeout = config.duration("coalesceTimeout", DEFAULT_COALESCE_TIMEOUT);
        boolean clientDirectives = config.bool("clientDirectives", true);
        boolean cookieCredentials = config.bool("cookieCredentials", true);

        if (maxSize <= 0) {
            throw new ConfigException(key(config, "maxSize"), "expected a size above 0, such as \"64MiB\"");
        }
        if (maxEntrySize <= 0 || maxEntrySize > maxSize) {
            throw new ConfigException(key(config, "maxEntrySize"),
                    "expected a size above 0 and no larger than maxSize (" + maxSize + " bytes)");
        }
        if (maxEntrySize > Integer.MAX_VALUE - 16) {
            throw new ConfigException(key(config, "maxEntrySize"), "expected a size below 2GiB");
        }
        if (maxVariants < 1 || maxVariants > 1024) {
            throw new ConfigException(key(config, "maxVariants"), "expected a number from 1 to 1024");
        }
        if (header != null && !header.isEmpty() && !Headers.isToken(header)) {
            throw new ConfigException(key(config, "header"),
                    "expected a header field name (a token such as X-Cache), or \"\" for none");
        }
        if (header != null && RESERVED.contains(header.toLowerCase(java.util.Locale.ROOT))) {
            throw new ConfigException(key(config, "header"),
                    "expected a header of its own, not one the cache or the server writes or reads: " + header);
        }
        if (coalesceTimeout.isNegative() || coalesceTimeout.isZero() || coalesceTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ConfigException(key(config, "coalesceTimeout"), "expected a duration above 0 and at most 10m");
        }
        List<String> checked = new ArrayList<>(paths.size());
        for (String path : paths) {
            String problem = PathPrefixes.problem(path);
            if (problem != null) {
                throw new ConfigException(key(config, "paths"), problem);
            }
            checked.add(path);
        }
        return new Settings(new PathPrefixes(checked), maxSize, maxEntrySize, maxVariants,
                header == null || header.isEmpty() ? null : header, coalesce, coalesceTimeout, clientDirectives,
                cookieCredentials);
    }

    private static String key(Config config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
