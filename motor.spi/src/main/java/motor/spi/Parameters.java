package motor.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named, multi-valued, ordered parameters, such as those of a query string or of a form body, with
 * names and values already decoded. Immutable.
 */
public final class Parameters {

    private static final Parameters EMPTY = new Parameters(Map.of());

    private final Map<String, List<String>> values;

    private Parameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** {@return parameters with no entries} */
    public static Parameters empty() {
        return EMPTY;
    }

    /**
     * Parses {@code application/x-www-form-urlencoded} text, the format of query strings and simple
     * forms: {@code name=value} pairs separated by {@code &}, {@code +} for space, percent-encoded UTF-8.
     * A pair without {@code =} has the empty value; empty pairs are skipped.
     *
     * @param encoded the text, without a leading {@code ?}; may be {@code null}
     * @return the parameters
     * @throws HttpException 400 if the percent-encoding or UTF-8 is invalid
     */
    public static Parameters parse(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        int start = 0;
        int length = encoded.length();
        while (start <= length) {
            int end = encoded.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                int eq = encoded.indexOf('=', start);
                String name;
                String value;
                if (eq < 0 || eq > end) {
                    name = PercentCoding.decode(encoded.substring(start, end), true);
                    value = "";
                } else {
                    name = PercentCoding.decode(encoded.substring(start, eq), true);
                    value = PercentCoding.decode(encoded.substring(eq + 1, end), true);
                }
                map.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        map.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return new Parameters(Collections.unmodifiableMap(map));
    }

    /**
     * Creates parameters from a map, keeping its iteration order.
     *
     * @param values names to their values
     * @return the parameters
     */
    public static Parameters of(Map<String, List<String>> values) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return new Parameters(Collections.unmodifiableMap(copy));
    }

    /**
     * {@return the first value of {@code name}, or {@code null} if absent}
     *
     * @param name the parameter name, case-sensitive
     */
    public String first(String name) {
        List<String> list = values.get(name);
        return list == null ? null : list.get(0);
    }

    /**
     * {@return the first value of {@code name}, or {@code defaultValue} if absent}
     *
     * @param name         the parameter name, case-sensitive
     * @param defaultValue what to return when absent
     */
    public String first(String name, String defaultValue) {
        String value = first(name);
        return value == null ? defaultValue : value;
    }

    /**
     * {@return every value of {@code name}, in order; empty if absent}
     *
     * @param name the parameter name, case-sensitive
     */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** {@return the names, in order of first appearance} */
    public Set<String> names() {
        return values.keySet();
    }

    /** {@return whether there are no parameters} */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** {@return the parameters as an unmodifiable map of names to values} */
    public Map<String, List<String>> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
