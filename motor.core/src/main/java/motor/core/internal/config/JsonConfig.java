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

    /**
     * Values that take precedence over the file, shared by every section of one configuration: settings
     * from the command line by full key path, then environment variables named
     * {@code MOTOR_<PATH>_<KEY>} in upper case with {@code .} and {@code -} as {@code _}
     * ({@code server.limits.maxBodySize} is {@code MOTOR_SERVER_LIMITS_MAXBODYSIZE}).
     */
    public static final class Overrides {
        private final Map<String, String> commandLine;
        private final java.util.function.UnaryOperator<String> environment;
        private final Set<String> used = Collections.synchronizedSet(new java.util.HashSet<>());
        private final Set<String> consulted = Collections.synchronizedSet(new java.util.HashSet<>());

        /**
         * Creates overrides.
         *
         * @param commandLine full key paths to values
         * @param environment looks up an environment variable, or returns null
         */
        public Overrides(Map<String, String> commandLine, java.util.function.UnaryOperator<String> environment) {
            this.commandLine = Map.copyOf(commandLine);
            this.environment = environment;
        }

        /** No overrides. */
        static final Overrides NONE = new Overrides(Map.of(), name -> null);

        /** {@return command-line keys no section asked for} */
        public List<String> unusedCommandLine() {
            return commandLine.keySet().stream().filter(k -> !used.contains(k)).sorted().toList();
        }

        /**
         * {@return which of the given environment variable names no setting looked up}
         *
         * @param names names of variables that are set
         */
        public List<String> unconsultedEnvironment(Set<String> names) {
            return names.stream().filter(n -> !consulted.contains(n)).sorted().toList();
        }

        /**
         * {@return the environment variable name for a key path}
         *
         * @param path a full key path
         */
        public static String environmentName(String path) {
            StringBuilder sb = new StringBuilder("MOTOR_");
            for (int i = 0; i < path.length(); i++) {
                char c = path.charAt(i);
                sb.append(c == '.' || c == '-' ? '_' : Character.toUpperCase(c));
            }
            return sb.toString();
        }
    }

    /** A value and where it came from. */
    private record Value(JsonNode node, String source) {
    }

    private final String source;
    private final String path;
    private final ObjectNode node;
    private final Overrides overrides;
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
        this(source, path, node, Overrides.NONE);
    }

    /**
     * Wraps an object, with values that override it.
     *
     * @param source    where it came from, for messages (a file name)
     * @param path      its key path; empty for the root
     * @param node      the object; {@code null} for an empty section
     * @param overrides command-line and environment values that take precedence
     */
    public JsonConfig(String source, String path, ObjectNode node, Overrides overrides) {
        this.source = source;
        this.path = path;
        this.node = node == null ? JsonNodeFactory.instance.objectNode() : node;
        this.overrides = overrides;
    }

    /** {@return the overrides shared by this configuration} */
    public Overrides overrides() {
        return overrides;
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
        String prefix = path.isEmpty() ? "" : path + ".";
        for (String key : overrides.commandLine.keySet()) {
            if (key.startsWith(prefix) && key.indexOf('.', prefix.length()) < 0) {
                keys.add(key.substring(prefix.length()));
            }
        }
        return keys;
    }

    @Override
    public boolean has(String key) {
        return value(key) != null;
    }

    /** Finds a value: from the command line, else the environment, else the file. */
    private Value found(String key) {
        read.add(key);
        String full = full(key);
        String fromCommandLine = overrides.commandLine.get(full);
        if (fromCommandLine != null) {
            overrides.used.add(full);
            return new Value(JsonNodeFactory.instance.textNode(fromCommandLine), "command line");
        }
        String variable = Overrides.environmentName(full);
        overrides.consulted.add(variable);
        String fromEnvironment = overrides.environment.apply(variable);
        if (fromEnvironment != null) {
            return new Value(JsonNodeFactory.instance.textNode(fromEnvironment), "environment variable " + variable);
        }
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : new Value(value, source);
    }

    private String lastSource = "";

    private JsonNode value(String key) {
        Value value = found(key);
        lastSource = value == null ? source : value.source();
        return value == null ? null : value.node();
    }

    private String full(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private ConfigException wrong(String key, String expected, JsonNode actual) {
        return new ConfigException(lastSource, full(key), "expected " + expected + ", found " + describe(actual));
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
                throw new ConfigException(lastSource, full(key), e.getMessage() + ", found " + describe(value));
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
                throw new ConfigException(lastSource, full(key), e.getMessage() + ", found " + describe(value));
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
            if (!lastSource.equals(source)) {
                // from the command line or the environment: a comma-separated list
                return java.util.Arrays.stream(value.asText().split(",")).map(String::strip)
                        .filter(v -> !v.isEmpty()).toList();
            }
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
        return children.computeIfAbsent(key, k -> new JsonConfig(source, full(k), (ObjectNode) value, overrides));
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
            JsonConfig child = new JsonConfig(source, full(key) + "[" + i + "]", (ObjectNode) element, overrides);
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
