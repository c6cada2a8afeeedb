package motor.core.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;

/**
 * A {@link Config} section over a JSON object (as {@link Json} reads it). It remembers which keys were
 * read, so that after installation every key nobody asked for can be reported as unknown.
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
    private record Value(Object value, String source) {
    }

    private final String source;
    private final String path;
    private final Map<String, Object> node;
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
    public JsonConfig(String source, String path, Map<String, Object> node) {
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
    public JsonConfig(String source, String path, Map<String, Object> node, Overrides overrides) {
        this.source = source;
        this.path = path;
        this.node = node == null ? Map.of() : node;
        this.overrides = overrides;
    }

    /** {@return the overrides shared by this configuration} */
    public Overrides overrides() {
        return overrides;
    }

    /** {@return the JSON object behind this section} */
    public Map<String, Object> node() {
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
        Set<String> keys = new LinkedHashSet<>(node.keySet());
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
            return new Value(fromCommandLine, "command line");
        }
        String variable = Overrides.environmentName(full);
        overrides.consulted.add(variable);
        String fromEnvironment = overrides.environment.apply(variable);
        if (fromEnvironment != null) {
            return new Value(fromEnvironment, "environment variable " + variable);
        }
        Object value = node.get(key);
        return value == null ? null : new Value(value, source);
    }

    private String lastSource = "";

    private Object value(String key) {
        Value value = found(key);
        lastSource = value == null ? source : value.source();
        return value == null ? null : value.value();
    }

    private static boolean scalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    private String full(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private ConfigException wrong(String key, String expected, Object actual) {
        return new ConfigException(lastSource, full(key), "expected " + expected + ", found " + describe(actual));
    }

    private static String describe(Object value) {
        if (value instanceof String text) {
            return "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "an array";
        }
        return String.valueOf(value);
    }

    @Override
    public String string(String key, String defaultValue) {
        Object value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (!scalar(value)) {
            throw wrong(key, "a string", value);
        }
        return value.toString();
    }

    @Override
    public int integer(String key, int defaultValue) {
        Object value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Long n && n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        if (value instanceof String text) {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw wrong(key, "an integer", value);
            }
        }
        throw wrong(key, "an integer", value);
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
        if (value instanceof String string) {
            String text = string.strip();
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
        Object value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Long n && n >= 0) {
            return n;
        }
        if (value instanceof String text) {
            try {
                return Units.size(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(lastSource, full(key), e.getMessage() + ", found " + describe(value));
            }
        }
        throw wrong(key, "a size such as 512, 64KiB or 10MB", value);
    }

    @Override
    public Duration duration(String key, Duration defaultValue) {
        Object value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof String text) {
            try {
                return Units.duration(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(lastSource, full(key), e.getMessage() + ", found " + describe(value));
            }
        }
        throw wrong(key, "a duration such as 30s, 250ms or PT1M", value);
    }

    @Override
    public List<String> strings(String key, List<String> defaultValue) {
        Object value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof String text) {
            if (!lastSource.equals(source)) {
                // from the command line or the environment: a comma-separated list
                return java.util.Arrays.stream(text.split(",")).map(String::strip)
                        .filter(v -> !v.isEmpty()).toList();
            }
            return List.of(text);
        }
        if (!(value instanceof List<?> list)) {
            throw wrong(key, "a list of strings", value);
        }
        List<String> result = new ArrayList<>();
        for (Object element : list) {
            if (!scalar(element)) {
                throw wrong(key, "a list of strings", value);
            }
            result.add(element.toString());
        }
        return List.copyOf(result);
    }

    @Override
    @SuppressWarnings("unchecked")
    public JsonConfig section(String key) {
        Object value = value(key);
        if (value != null && !(value instanceof Map<?, ?>)) {
            throw wrong(key, "an object", value);
        }
        return children.computeIfAbsent(key, k -> new JsonConfig(source, full(k), (Map<String, Object>) value,
                overrides));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Config> sections(String key) {
        Object value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw wrong(key, "an array of objects", value);
        }
        List<Config> result = new ArrayList<>();
        int i = 0;
        for (Object element : list) {
            if (!(element instanceof Map<?, ?>)) {
                throw wrong(key + "[" + i + "]", "an object", element);
            }
            JsonConfig child = new JsonConfig(source, full(key) + "[" + i + "]", (Map<String, Object>) element,
                    overrides);
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
        for (String key : node.keySet()) {
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
