package motor.ext.cookies.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;

/**
 * Stand-ins for the server's clock and configuration, for tests without a server; requests and responses
 * come from motor.test.
 */
final class Fakes {

    private Fakes() {
    }

    /** A clock that moves only when told. */
    static final class ManualClock implements InstantSource {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    /** A configuration section from a map, reporting wrong types as the server's does. */
    static final class MapConfig implements Config {
        private final String path;
        private final Map<String, Object> values;

        MapConfig(String path, Map<String, ?> values) {
            this.path = path;
            this.values = new LinkedHashMap<>(values);
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public Set<String> keys() {
            return values.keySet();
        }

        @Override
        public boolean has(String key) {
            return values.containsKey(key);
        }

        @Override
        public String string(String key, String defaultValue) {
            Object v = values.get(key);
            return v == null ? defaultValue : v.toString();
        }

        @Override
        public int integer(String key, int defaultValue) {
            Object v = values.get(key);
            return v == null ? defaultValue : ((Number) v).intValue();
        }

        @Override
        public boolean bool(String key, boolean defaultValue) {
            Object v = values.get(key);
            return v == null ? defaultValue : (Boolean) v;
        }

        @Override
        public long size(String key, long defaultValue) {
            Object v = values.get(key);
            return v == null ? defaultValue : ((Number) v).longValue();
        }

        @Override
        public Duration duration(String key, Duration defaultValue) {
            Object v = values.get(key);
            if (v == null) {
                return defaultValue;
            }
            if (v instanceof Duration d) {
                return d;
            }
            throw new ConfigException(path + "." + key, "expected a duration");
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<String> strings(String key, List<String> defaultValue) {
            Object v = values.get(key);
            return v == null ? defaultValue : v instanceof List<?> list ? (List<String>) list : List.of(v.toString());
        }

        @Override
        @SuppressWarnings("unchecked")
        public Config section(String key) {
            Object v = values.get(key);
            return new MapConfig(path + "." + key, v == null ? Map.of() : (Map<String, ?>) v);
        }

        @Override
        public List<Config> sections(String key) {
            return List.of();
        }
    }
}
