package motor.ext.ratelimit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.PercentCoding;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;

/**
 * The {@code ratelimit} section.
 *
 * @param rules   the rules, in the order given
 * @param headers which response fields advertise the limits
 */
record Settings(List<Rule> rules, Fields headers) {

    /** Which fields tell clients about the limits. */
    enum Fields {
        /** {@code RateLimit-Policy} and {@code RateLimit}, as the IETF httpapi draft defines them. */
        DRAFT,
        /** {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset}, as many APIs send them. */
        LEGACY,
        /** None; a refused request still gets {@code Retry-After}. */
        NONE
    }

    static final int DEFAULT_MAX_KEYS = 100_000;

    static Settings read(Config config, LongSupplier clock) {
        Fields fields = switch (config.string("headers", "draft")) {
            case "draft" -> Fields.DRAFT;
            case "legacy" -> Fields.LEGACY;
            case "none" -> Fields.NONE;
            default -> throw new ConfigException(key(config, "headers"), "expected \"draft\", \"legacy\" or \"none\"");
        };
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Config section : config.sections("rules")) {
            Rule rule = rule(section, clock);
            if (!names.add(rule.name())) {
                throw new ConfigException(key(section, "name"), "another rule is already named \"" + rule.name() + "\"");
            }
            rules.add(rule);
        }
        return new Settings(List.copyOf(rules), fields);
    }

    private static Rule rule(Config config, LongSupplier clock) {
        String name = config.require("name");
        if (!isPolicyName(name)) {
            throw new ConfigException(key(config, "name"),
                    "expected 1 to 64 letters, digits, '-', '_' or '.', got \"" + name + "\"");
        }
        int limit = config.integer("limit", -1);
        if (limit < 1) {
            throw new ConfigException(key(config, "limit"), "a positive number of requests is required");
        }
        Duration window = config.duration("window", Duration.ofMinutes(1));
        if (window.compareTo(Duration.ofMillis(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigException(key(config, "window"), "expected a duration from 1ms to 1d");
        }
        int burst = config.integer("burst", limit);
        if (burst < 1) {
            throw new ConfigException(key(config, "burst"), "expected at least 1");
        }
        // a bucket's depth (burst times the time per request) must stay far from overflowing the nanosecond clock
        long interval = Math.max(1, window.toNanos() / limit);
        long maxBurst = Long.MAX_VALUE / 4 / interval;
        if (burst > maxBurst) {
            throw new ConfigException(key(config, "burst"), "expected at most " + maxBurst + " for " + limit
                    + " requests per " + window);
        }
        List<String> paths = new ArrayList<>();
        for (String path : config.strings("paths", List.of())) {
            if (!path.startsWith("/")) {
                throw new ConfigException(key(config, "paths"), "a path prefix must start with '/': \"" + path + "\"");
            }
            // requests are matched by their decoded path, so a prefix written encoded is decoded too
            try {
                paths.add(path.indexOf('%') < 0 ? path : PercentCoding.decode(path, false));
            } catch (HttpException e) {
                throw new ConfigException(key(config, "paths"), "invalid percent-encoding in \"" + path + "\"");
            }
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String method : config.strings("methods", List.of())) {
            if (!Headers.isToken(method)) {
                throw new ConfigException(key(config, "methods"), "not a method name: \"" + method + "\"");
            }
            methods.add(method.toUpperCase(Locale.ROOT));
        }
        String keySetting = config.string("key", "ip");
        Rule.Key key;
        String header = null;
        if (keySetting.startsWith("header:")) {
            key = Rule.Key.HEADER;
            header = keySetting.substring("header:".length());
            if (!Headers.isToken(header)) {
                throw new ConfigException(key(config, "key"), "\"header:\" must be followed by a header name");
            }
        } else {
            key = switch (keySetting) {
                case "ip" -> Rule.Key.IP;
                case "user" -> Rule.Key.USER;
                case "global" -> Rule.Key.GLOBAL;
                default -> throw new ConfigException(key(config, "key"),
                        "expected \"ip\", \"user\", \"global\" or \"header:<name>\", got \"" + keySetting + "\"");
            };
        }
        int ipv6Prefix = config.integer("ipv6Prefix", 64);
        if (ipv6Prefix < 1 || ipv6Prefix > 128) {
            throw new ConfigException(key(config, "ipv6Prefix"), "expected 1 to 128");
        }
        int maxKeys = config.integer("maxKeys", DEFAULT_MAX_KEYS);
        if (maxKeys < 1) {
            throw new ConfigException(key(config, "maxKeys"), "expected at least 1");
        }
        long windowSeconds = Math.max(1, (window.toMillis() + 999) / 1000);
        Limiter limiter = new Limiter(limit, window, burst, maxKeys, clock);
        return new Rule(name, List.copyOf(paths), Set.copyOf(methods), key, header, ipv6Prefix, limit, windowSeconds,
                window, limiter);
    }

    static boolean isPolicyName(String name) {
        if (name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.')) {
                return false;
            }
        }
        return true;
    }

    static String key(Config config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
