package motor.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;

/**
 * A {@link Config} section over a JSON object. It remembers which keys were read, so that after
 * installation every key nobody asked for can be reported as unknown.
 */
public final class JsonConfig implements Config {

    private final String source;
    private final String path;
    private final ObjectNode node;
    private final Set<String> read = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Map<String, JsonConfig> children = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<JsonConfig> elements = Collections.synchronizedList(new ArrayList<>());

    /**
     * Wraps an object.
     *
     * @param source where it came from, for messages (a file name)
     * @param path   its key path; empty for the root
     * @param node   the object; {@code null} for an empty section
     */
    public JsonConfig(String source, String path, ObjectNode node) {
        this.source = source;
        this.path = path;
        this.node = node == null ? JsonNodeFactory.instance.objectNode() : node;
    }

    /** {@return the JSON object behind this section} */
    public ObjectNode node() {
        return node;
    }

    /** {@return where the values came from} */
    public String source() {
        return source;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Override
    public boolean has(String key) {
        read.add(key);
        return node.has(key) && !node.get(key).isNull();
    }

    private JsonNode value(String key) {
        read.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    private String full(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private ConfigException wrong(String key, String expected, JsonNode actual) {
        return new ConfigException(source, full(key), "expected " + expected + ", found " + describe(actual));
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            String text = node.asText();
            return "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        return node.toString();
    }

    @Override
    public String string(String key, String defaultValue) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isValueNode() || value.isBinary()) {
            throw wrong(key, "a string", value);
        }
        return value.asText();
    }

    @Override
    public int integer(String key, int defaultValue) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isTextual()) {
            try {
                return Integer.parseInt(value.asText().strip());
            } catch (NumberFormatException e) {
                throw wrong(key, "an integer", value);
            }
        }
        throw wrong(key, "an integer", value);
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            String text = value.asText().strip();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
        }
        throw wrong(key, "true or false", value);
    }

    @Override
    public long size(String key, long defaultValue) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0) {
            return value.longValue();
        }
        if (value.isTextual()) {
            try {
                return Units.size(value.asText());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, full(key), e.getMessage() + ", found " + describe(value));
            }
        }
        throw wrong(key, "a size such as 512, 64KiB or 10MB", value);
    }

    @Override
    public Duration duration(String key, Duration defaultValue) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value.isTextual()) {
            try {
                return Units.duration(value.asText());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, full(key), e.getMessage() + ", found " + describe(value));
            }
        }
        throw wrong(key, "a duration such as 30s, 250ms or PT1M", value);
    }

    @Override
    public List<String> strings(String key, List<String> defaultValue) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value.isTextual()) {
            return List.of(value.asText());
        }
        if (!value.isArray()) {
            throw wrong(key, "a list of strings", value);
        }
        List<String> result = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isValueNode() || element.isNull()) {
                throw wrong(key, "a list of strings", value);
            }
            result.add(element.asText());
        }
        return List.copyOf(result);
    }

    @Override
    public JsonConfig section(String key) {
        JsonNode value = value(key);
        if (value != null && !value.isObject()) {
            throw wrong(key, "an object", value);
        }
        return children.computeIfAbsent(key, k -> new JsonConfig(source, full(k), (ObjectNode) value));
    }

    @Override
    public List<Config> sections(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw wrong(key, "an array of objects", value);
        }
        List<Config> result = new ArrayList<>();
        int i = 0;
        for (JsonNode element : value) {
            if (!element.isObject()) {
                throw wrong(key + "[" + i + "]", "an object", element);
            }
            JsonConfig child = new JsonConfig(source, full(key) + "[" + i + "]", (ObjectNode) element);
            elements.add(child);
            result.add(child);
            i++;
        }
        return result;
    }

    /**
     * Lists the keys of this section and its read sub-sections that no accessor asked for.
     *
     * @return full key paths
     */
    public List<String> unknownKeys() {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!read.contains(key)) {
                unknown.add(full(key));
            }
        }
        synchronized (children) {
            for (JsonConfig child : children.values()) {
                unknown.addAll(child.unknownKeys());
            }
        }
        synchronized (elements) {
            for (JsonConfig element : elements) {
                unknown.addAll(element.unknownKeys());
            }
        }
        return unknown;
    }

    /**
     * Marks a key as known without reading it (a section handled elsewhere).
     *
     * @param key the key
     */
    public void markRead(String key) {
        read.add(key);
    }
}
