package motor.spi.extension;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One section of the server's configuration, read through typed accessors.
 *
 * <p>Values come from the configuration file, overridden by environment variables and command-line
 * settings. Sizes are numbers of bytes or strings with a unit ({@code 64KiB}, {@code 10MB});
 * durations are strings with a unit ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}) or ISO-8601
 * ({@code PT30S}). A value of the wrong type throws {@link ConfigException} naming the source, the key
 * and what was expected. A key that no accessor ever reads is reported as unknown once the extension is
 * installed, so a misspelt setting stops the start instead of being ignored.
 */
public interface Config {

    /** {@return where this section sits, such as {@code gzip} or {@code server.limits}, for messages} */
    String path();

    /** {@return the keys present in this section} */
    Set<String> keys();

    /**
     * {@return whether {@code key} is present}
     *
     * @param key the key
     */
    boolean has(String key);

    /**
     * {@return a string value, or {@code defaultValue} if absent}
     *
     * @param key          the key
     * @param defaultValue the value when absent; may be {@code null}
     */
    String string(String key, String defaultValue);

    /**
     * {@return an integer value, or {@code defaultValue} if absent}
     *
     * @param key          the key
     * @param defaultValue the value when absent
     */
    int integer(String key, int defaultValue);

    /**
     * {@return a boolean value, or {@code defaultValue} if absent}
     *
     * @param key          the key
     * @param defaultValue the value when absent
     */
    boolean bool(String key, boolean defaultValue);

    /**
     * {@return a size in bytes, or {@code defaultValue} if absent}
     *
     * @param key          the key
     * @param defaultValue the value when absent
     */
    long size(String key, long defaultValue);

    /**
     * {@return a duration, or {@code defaultValue} if absent}
     *
     * @param key          the key
     * @param defaultValue the value when absent
     */
    Duration duration(String key, Duration defaultValue);

    /**
     * {@return a list of strings (a single string counts as a list of one), or {@code defaultValue}}
     *
     * @param key          the key
     * @param defaultValue the value when absent
     */
    List<String> strings(String key, List<String> defaultValue);

    /**
     * {@return a nested section; an empty one if absent}
     *
     * @param key the key
     */
    Config section(String key);

    /**
     * {@return the sections of an array of objects; empty if absent}
     *
     * @param key the key
     */
    List<Config> sections(String key);

    /**
     * {@return a required string value}
     *
     * @param key the key
     * @throws ConfigException if absent
     */
    default String require(String key) {
        String value = string(key, null);
        if (value == null) {
            throw new ConfigException(path().isEmpty() ? key : path() + "." + key, "a value is required");
        }
        return value;
    }
}
