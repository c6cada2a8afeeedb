package motor.ext.security.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;

/**
 * A {@link Config} over nested maps, for unit tests of the settings without a server. Like the core's, it
 * remembers the keys read, so a test can check that every key it gave was read.
 */
final class MapConfig implements Config {

    private final String path;
    private final Map<String, ?> node;
    private final Set<String> read = new HashSet<>();
    private final List<MapConfig> children = new ArrayList<>();

    MapConfig(String path, Map<String, ?> node) {
        this.path = path;
        this.node = node == null ? Map.of() : node;
    }

    /** {@return full key paths that no accessor read, here and in the sections read} */
    List<String> unread() {
        List<String> unread = new ArrayList<>();
        for (String key : node.keySet()) {
            if (!read.contains(key)) {
                unread.add(full(key));
            }
        }
        for (MapConfig child : children) {
            unread.addAll(child.unread());
        }
        return unread;
    }

    private String full(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Object value(String key) {
        read.add(key);
        return node.get(key);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Set<String> keys() {
        return new LinkedHashSet<>(node.keySet());
    }

    @Override
    public boolean has(String key) {
        return value(key) != null;
    }

    @Override
    public String string(String key, String defaultValue) {
        Object value = value(key);
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new ConfigException(full(key), "expected a string");
        }
        return value == null ? defaultValue : value.toString();
    }

    @Override
    public int integer(String key, int defaultValue) {
        Object value = value(key);
        return value == null ? defaultValue : ((Number) value).intValue();
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
        Object value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new ConfigException(full(key), "expected true or false");
    }

    @Override
    public long size(String key, long defaultValue) {
        Object value = value(key);
        return value == null ? defaultValue : ((Number) value).longValue();
    }

    @Override
    public Duration duration(String key, Duration defaultValue) {
        Object value = value(key);
        if (value == null) {
            return defaultValue;
        }
        String text = value.toString();
        if (text.startsWith("P")) {
            return Duration.parse(text);
        }
        long number = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(number);
            case 'm' -> Duration.ofMinutes(number);
            case 'h' -> Duration.ofHours(number);
            case 'd' -> Duration.ofDays(number);
            default -> throw new ConfigException(full(key), "expected a duration");
        };
    }

    @Override
    public List<String> strings(String key, List<String> defaultValue) {
        Object value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Object::toString).toList();
        }
        return List.of(value.toString());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Config section(String key) {
        Object value = value(key);
        if (value != null && !(value instanceof Map<?, ?>)) {
            throw new ConfigException(full(key), "expected an object");
        }
        MapConfig child = new MapConfig(full(key), (Map<String, ?>) value);
        children.add(child);
        return child;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Config> sections(String key) {
        Object value = value(key);
        if (value == null) {
            return List.of();
        }
        List<Config> result = new ArrayList<>();
        int i = 0;
        for (Object element : (List<?>) value) {
            MapConfig child = new MapConfig(full(key) + "[" + i++ + "]", (Map<String, ?>) element);
            children.add(child);
            result.add(child);
        }
        return result;
    }
}
