package motor.ext.gzip.internal;

import java.util.List;
import java.util.Locale;
import motor.spi.Headers;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;

/**
 * The {@code gzip} section of the configuration.
 *
 * @param compress       whether responses are compressed
 * @param minSize        bodies smaller than this many bytes are sent as they are
 * @param types          the media types worth compressing
 * @param level          DEFLATE level, 1 (fastest) to 9 (smallest)
 * @param preference     coding names the server prefers, first most, when the client weighs several alike
 * @param decompress     whether request bodies with a Content-Encoding are decoded
 * @param maxDecodedSize the most bytes a decoded request body may have; -1: the route's body limit
 * @param bufferSize     bytes of the compressor's output buffer
 */
record Settings(boolean compress, long minSize, MediaTypes types, int level, List<String> preference,
        boolean decompress, long maxDecodedSize, int bufferSize) {

    static final long DEFAULT_MIN_SIZE = 1024;
    static final int DEFAULT_LEVEL = 6;
    static final List<String> DEFAULT_PREFERENCE = List.of("zstd", "br", "gzip", "deflate");

    static Settings from(Config config) {
        boolean compress = config.bool("compress", true);
        long minSize = config.size("minSize", DEFAULT_MIN_SIZE);
        MediaTypes types;
        try {
            types = new MediaTypes(config.strings("types", MediaTypes.DEFAULTS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(config, "types"), e.getMessage());
        }
        int level = config.integer("level", DEFAULT_LEVEL);
        if (level < 1 || level > 9) {
            throw new ConfigException(key(config, "level"), "a compression level from 1 (fastest) to 9 (smallest)"
                    + " is expected, not " + level);
        }
        List<String> preference = config.strings("codings", DEFAULT_PREFERENCE).stream()
                .map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
        for (String coding : preference) {
            if (!Headers.isToken(coding) || coding.equals("identity")) {
                throw new ConfigException(key(config, "codings"), "coding names such as gzip are expected, not '"
                        + coding + "'");
            }
        }
        Config request = config.section("request");
        boolean decompress = request.bool("decompress", true);
        long maxDecodedSize = request.size("maxDecodedSize", -1);
        int bufferSize = (int) Math.min(1 << 20, Math.max(512, config.size("bufferSize", 8192)));
        return new Settings(compress, minSize, types, level, preference, decompress, maxDecodedSize, bufferSize);
    }

    private static String key(Config config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
