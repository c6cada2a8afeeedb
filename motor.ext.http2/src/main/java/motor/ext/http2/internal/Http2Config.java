package motor.ext.http2.internal;

import java.time.Duration;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;

/**
 * The settings of the {@code http2} section, validated.
 *
 * @param cleartext            whether cleartext connections that open with the HTTP/2 preface are served
 *                             ("prior knowledge", h2c)
 * @param upgrade              whether HTTP/1.1 requests with {@code Upgrade: h2c} switch to HTTP/2
 * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS we announce
 * @param initialWindowSize    SETTINGS_INITIAL_WINDOW_SIZE we announce; also the connection's receive window
 * @param maxFrameSize         SETTINGS_MAX_FRAME_SIZE we announce
 * @param maxHeaderListSize    SETTINGS_MAX_HEADER_LIST_SIZE we announce and enforce (431 beyond it)
 * @param headerTableSize      SETTINGS_HEADER_TABLE_SIZE we announce (the HPACK table we keep for the peer)
 * @param maxBodySize          the largest request body before routing; the route's limit may lower it
 * @param idleTimeout          how long a connection without open streams stays open; also the longest a
 *                             body read or a flow-controlled write waits for the peer
 * @param settingsTimeout      how long the peer may take to acknowledge our SETTINGS
 * @param floodWindow          the period over which the flood limits below are counted
 * @param maxResets            most streams the client may reset per window (CVE-2023-44487)
 * @param maxControlFrames     most SETTINGS and PING frames (which make us answer) per window
 * @param maxEmptyFrames       most empty DATA frames without END_STREAM and empty CONTINUATION frames per
 *                             window
 * @param serverHeader         the {@code server} field added to responses; empty for none
 * @param minDataRate          bytes per second below which a stream whose handler waits for its client
 *                             (body bytes, or window to write) is ended; 0 for no minimum
 * @param minDataRateGrace     how long a stream's handler may wait in all before the rate is judged
 */
record Http2Config(boolean cleartext, boolean upgrade, int maxConcurrentStreams, int initialWindowSize,
                   int maxFrameSize, int maxHeaderListSize, int headerTableSize, long maxBodySize,
                   Duration idleTimeout, Duration settingsTimeout, Duration floodWindow, int maxResets,
                   int maxControlFrames, int maxEmptyFrames, String serverHeader, long minDataRate,
                   Duration minDataRateGrace) {

    /** The defaults, as documented in docs/http2.md. */
    static Http2Config defaults() {
        return new Http2Config(true, true, 100, 1 << 20, 16384, 16 * 1024, 4096, 10L * 1024 * 1024,
                Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(10), 200, 1000, 100, "Motor",
                256, Duration.ofSeconds(5));
    }

    /**
     * Reads and validates a configuration section; every key is read, so that the server can report any
     * other key as unknown.
     *
     * @param config the {@code http2} section
     * @return the settings
     * @throws ConfigException naming the key when a value is out of range
     */
    static Http2Config from(Config config) {
        Http2Config d = defaults();
        boolean cleartext = config.bool("cleartext", d.cleartext);
        boolean upgrade = config.bool("upgrade", d.upgrade);
        int maxConcurrentStreams = (int) range(config, "maxConcurrentStreams",
                config.integer("maxConcurrentStreams", d.maxConcurrentStreams), 1, 10_000);
        int initialWindowSize = (int) range(config, "initialWindowSize",
                config.size("initialWindowSize", d.initialWindowSize), 65_535, Integer.MAX_VALUE);
        int maxFrameSize = (int) range(config, "maxFrameSize", config.size("maxFrameSize", d.maxFrameSize),
                16_384, 16_777_215);
        int maxHeaderListSize = (int) range(config, "maxHeaderListSize",
                config.size("maxHeaderListSize", d.maxHeaderListSize), 1024, 16L * 1024 * 1024);
        int headerTableSize = (int) range(config, "headerTableSize",
                config.size("headerTableSize", d.headerTableSize), 0, 1L << 20);
        long maxBodySize = range(config, "maxBodySize", config.size("maxBodySize", d.maxBodySize), 0, Long.MAX_VALUE);
        Duration idleTimeout = positive(config, "idleTimeout", config.duration("idleTimeout", d.idleTimeout));
        Duration settingsTimeout = positive(config, "settingsTimeout",
                config.duration("settingsTimeout", d.settingsTimeout));
        Duration floodWindow = positive(config, "floodWindow", config.duration("floodWindow", d.floodWindow));
        int maxResets = (int) range(config, "maxResets", config.integer("maxResets", d.maxResets), 1,
                Integer.MAX_VALUE);
        int maxControlFrames = (int) range(config, "maxControlFrames",
                config.integer("maxControlFrames", d.maxControlFrames), 1, Integer.MAX_VALUE);
        int maxEmptyFrames = (int) range(config, "maxEmptyFrames", config.integer("maxEmptyFrames", d.maxEmptyFrames),
                1, Integer.MAX_VALUE);
        String serverHeader = config.string("serverHeader", d.serverHeader);
        for (int i = 0; i < serverHeader.length(); i++) {
            char c = serverHeader.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                throw new ConfigException(key(config, "serverHeader"), "expected printable ASCII");
            }
        }
        long minDataRate = range(config, "minDataRate", config.size("minDataRate", d.minDataRate), 0, Long.MAX_VALUE);
        Duration minDataRateGrace = positive(config, "minDataRateGrace",
                config.duration("minDataRateGrace", d.minDataRateGrace));
        return new Http2Config(cleartext, upgrade, maxConcurrentStreams, initialWindowSize, maxFrameSize,
                maxHeaderListSize, headerTableSize, maxBodySize, idleTimeout, settingsTimeout, floodWindow,
                maxResets, maxControlFrames, maxEmptyFrames, serverHeader, minDataRate, minDataRateGrace);
    }

    private static long range(Config config, String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(key(config, key), "expected a value from " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    private static Duration positive(Config config, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException(key(config, key), "expected a positive duration, not " + value);
        }
        return value;
    }

    private static String key(Config config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
