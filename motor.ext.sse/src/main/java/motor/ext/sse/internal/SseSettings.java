package motor.ext.sse.internal;

import java.time.Duration;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;

/**
 * The {@code sse} section of the configuration.
 *
 * @param heartbeat        how long a stream may stay silent before the server writes a heartbeat comment;
 *                         zero turns heartbeats off
 * @param retry            the reconnection delay sent as {@code retry:} when a stream opens; null for none
 * @param maxLastEventIdLength the longest {@code Last-Event-ID} accepted, in bytes; longer ones get 400
 */
public record SseSettings(Duration heartbeat, Duration retry, int maxLastEventIdLength) {

    /** The default heartbeat interval: below the 30 to 60 s after which proxies drop a silent connection. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    /** The default limit on Last-Event-ID, in bytes. */
    public static final int DEFAULT_MAX_LAST_EVENT_ID = 1024;
    /** The settings when the extension is not installed, or its section is empty. */
    public static final SseSettings DEFAULTS = new SseSettings(DEFAULT_HEARTBEAT, null, DEFAULT_MAX_LAST_EVENT_ID);

    static final Duration MIN_HEARTBEAT = Duration.ofMillis(10);
    static final Duration MAX_DURATION = Duration.ofDays(1);
    static final int MAX_LAST_EVENT_ID = 64 * 1024;

    /**
     * Reads and checks the section.
     *
     * @param config the {@code sse} section
     * @return the settings
     * @throws ConfigException naming the key when a value is out of range
     */
    public static SseSettings from(Config config) {
        Duration heartbeat = config.duration("heartbeat", DEFAULT_HEARTBEAT);
        if (!heartbeat.isZero() && (heartbeat.compareTo(MIN_HEARTBEAT) < 0 || heartbeat.compareTo(MAX_DURATION) > 0)) {
            throw new ConfigException(key(config, "heartbeat"), "a duration from 10ms to 1d, or 0s for no"
                    + " heartbeats, is expected, not " + heartbeat);
        }
        Duration retry = config.duration("retry", null);
        if (retry != null && (retry.isNegative() || retry.compareTo(MAX_DURATION) > 0)) {
            throw new ConfigException(key(config, "retry"), "a duration from 0ms to 1d is expected, not " + retry);
        }
        int maxId = config.integer("maxLastEventIdLength", DEFAULT_MAX_LAST_EVENT_ID);
        if (maxId < 1 || maxId > MAX_LAST_EVENT_ID) {
            throw new ConfigException(key(config, "maxLastEventIdLength"), "a number of bytes from 1 to "
                    + MAX_LAST_EVENT_ID + " is expected, not " + maxId);
        }
        return new SseSettings(heartbeat, retry, maxId);
    }

    private static String key(Config config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
