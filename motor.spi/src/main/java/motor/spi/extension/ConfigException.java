package motor.spi.extension;

/**
 * A configuration value is missing, of the wrong type, or not understood. The message names where the
 * value came from, its key path and what was expected, and stops the server's start.
 */
public class ConfigException extends RuntimeException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * Creates an exception.
     *
     * @param key     the full key path, such as {@code server.limits.maxBodySize}
     * @param problem what was wrong or expected
     */
    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /**
     * Creates an exception naming the source of the value as well.
     *
     * @param source  where the value came from: a file, an environment variable, a flag
     * @param key     the full key path
     * @param problem what was wrong or expected
     */
    public ConfigException(String source, String key, String problem) {
        super(source + ": " + key + ": " + problem);
        this.key = key;
    }

    /** {@return the full key path} */
    public String key() {
        return key;
    }
}
