package motor.ext.accesslog.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import motor.spi.Headers;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;

/**
 * The {@code accesslog} section, read and validated.
 *
 * @param format        the line format
 * @param file          the file lines are appended to, or {@code null}
 * @param logger        whether lines go to the slf4j logger {@code motor.access}
 * @param headers       request header names whose values the JSON format adds, lower case
 * @param exclude       path prefixes not logged
 * @param queueSize     how many lines may wait for the writer thread
 * @param flushInterval how often the file is flushed while lines arrive
 */
record Settings(Format format, Path file, boolean logger, List<String> headers, List<String> exclude,
                int queueSize, Duration flushInterval) {

    static final int MAX_QUEUE = 1 << 20;

    /** Request fields that carry credentials: never logged, whatever {@code headers} says. */
    static final java.util.Set<String> CREDENTIALS = java.util.Set.of("authorization", "proxy-authorization", "cookie");

    Settings {
        headers = List.copyOf(headers);
        exclude = List.copyOf(exclude);
    }

    /** The defaults: combined lines to the logger, nothing excluded. */
    static Settings defaults() {
        return new Settings(Format.COMBINED, null, true, List.of(), List.of(), 8192, Duration.ofSeconds(1));
    }

    static Settings read(Config config, Path baseDirectory) {
        String formatName = config.string("format", "combined");
        Format format = switch (formatName.toLowerCase(Locale.ROOT)) {
            case "combined" -> Format.COMBINED;
            case "common" -> Format.COMMON;
            case "json" -> Format.JSON;
            default -> throw new ConfigException(key(config, "format"),
                    "expected combined, common or json, not \"" + formatName + "\"");
        };
        String fileName = config.string("file", null);
        Path file = null;
        if (fileName != null) {
            if (fileName.isBlank()) {
                throw new ConfigException(key(config, "file"), "expected a file path, not an empty string");
            }
            try {
                file = baseDirectory.resolve(fileName).normalize();
            } catch (RuntimeException e) {
                throw new ConfigException(key(config, "file"), "not a valid path: " + e.getMessage());
            }
        }
        boolean logger = config.bool("logger", file == null);
        if (!logger && file == null) {
            throw new ConfigException(key(config, "logger"), "false without a file leaves nowhere to write lines; "
                    + "set file, or leave the extension out with server.disabledExtensions");
        }
        List<String> headers = new ArrayList<>();
        for (String name : config.strings("headers", List.of())) {
            if (!Headers.isToken(name)) {
                throw new ConfigException(key(config, "headers"), "expected header field names, not \"" + name + "\"");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (CREDENTIALS.contains(lower)) {
                throw new ConfigException(key(config, "headers"), name + " carries credentials, which must not be "
                        + "written into a log");
            }
            if (!headers.contains(lower)) {
                headers.add(lower);
            }
        }
        if (!headers.isEmpty() && format != Format.JSON) {
            throw new ConfigException(key(config, "headers"), "only the json format logs extra headers; "
                    + "set format to json or remove headers");
        }
        List<String> exclude = new ArrayList<>();
        for (String prefix : config.strings("exclude", List.of())) {
            if (!prefix.startsWith("/") || prefix.indexOf('?') >= 0) {
                throw new ConfigException(key(config, "exclude"),
                        "expected path prefixes starting with /, not \"" + prefix + "\"");
            }
            exclude.add(prefix.length() > 1 && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }
        int queueSize = config.integer("queueSize", 8192);
        if (queueSize < 1 || queueSize > MAX_QUEUE) {
            throw new ConfigException(key(config, "queueSize"), "expected 1 to " + MAX_QUEUE + " lines, not " + queueSize);
        }
        Duration flushInterval = config.duration("flushInterval", Duration.ofSeconds(1));
        if (flushInterval.compareTo(Duration.ofMillis(1)) < 0 || flushInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ConfigException(key(config, "flushInterval"), "expected a duration from 1ms to 1m, not " + flushInterval);
        }
        return new Settings(format, file, logger, headers, exclude, queueSize, flushInterval);
    }

    /**
     * {@return whether a request-target's path falls under an excluded prefix} A prefix matches the path
     * itself and everything below it: {@code /health} matches {@code /health} and {@code /health/live},
     * not {@code /healthy}. The comparison is on the path as received (still percent-encoded).
     *
     * @param target the request-target, or {@code null}
     */
    boolean excluded(String target) {
        if (exclude.isEmpty() || target == null) {
            return false;
        }
        String path = pathOf(target);
        for (String prefix : exclude) {
            if (prefix.equals("/") || path.equals(prefix)
                    || (path.startsWith(prefix) && path.charAt(prefix.length()) == '/')) {
                return true;
            }
        }
        return false;
    }

    /** {@return the path of an origin-form or absolute-form target, without the query} */
    static String pathOf(String target) {
        int start = 0;
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme < 0) {
                return target; // asterisk-form or authority-form
            }
            start = target.indexOf('/', scheme + 3);
            if (start < 0) {
                return "/";
            }
        }
        int query = target.indexOf('?', start);
        return target.substring(start, query < 0 ? target.length() : query);
    }

    private static String key(Config config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
