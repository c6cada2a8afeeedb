package motor.ext.security.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import motor.spi.HttpException;
import motor.spi.PercentCoding;

/**
 * Values by path prefix, looked up by the longest prefix of a request's decoded path.
 *
 * <p>Prefixes and paths are compared segment by segment, on decoded segments with dot segments already
 * resolved (what {@link motor.spi.Request#pathSegments()} gives), so {@code /api} covers {@code /api} and
 * {@code /api/x} but not {@code /apix}, and {@code /api/%2e%2e/admin} is {@code /admin}. Empty segments
 * are skipped on both sides, so {@code //api///x} is {@code /api/x}, as a file system would read it.
 * Comparison is case-sensitive, as paths are.
 *
 * <p>Built once at startup, then read by every request thread without locking.
 *
 * @param <T> the value type
 */
final class PathTable<T> {

    private static final class Node<T> {
        final Map<String, Node<T>> children = new HashMap<>(4);
        T value;
    }

    private final Node<T> root = new Node<>();

    /**
     * Creates a table.
     *
     * @param rootValue the value for paths that no prefix covers
     */
    PathTable(T rootValue) {
        root.value = rootValue;
    }

    /** {@return the value for paths that no prefix covers} */
    T root() {
        return root.value;
    }

    /** {@return whether the table holds prefixes at all, beyond the root} */
    boolean hasPrefixes() {
        return !root.children.isEmpty();
    }

    /**
     * Sets the value of a prefix.
     *
     * @param segments the prefix as {@link #segments} returns it; not empty
     * @param value    the value
     */
    void put(List<String> segments, T value) {
        Node<T> node = root;
        for (String segment : segments) {
            node = node.children.computeIfAbsent(segment, k -> new Node<>());
        }
        node.value = value;
    }

    /**
     * {@return the value of the longest prefix of {@code segments} that has one}
     *
     * @param segments decoded path segments
     */
    T find(List<String> segments) {
        Node<T> node = root;
        T found = root.value;
        for (int i = 0, n = segments.size(); i < n; i++) {
            String segment = segments.get(i);
            if (segment.isEmpty()) {
                continue;
            }
            node = node.children.get(segment);
            if (node == null) {
                break;
            }
            if (node.value != null) {
                found = node.value;
            }
        }
        return found;
    }

    /**
     * Splits a configured prefix into decoded segments, as a request path would be.
     *
     * @param prefix such as {@code /api/v1}; percent-encoding is decoded
     * @return the non-empty segments; empty for {@code /}
     * @throws IllegalArgumentException if the prefix does not start with {@code /}, is badly encoded or
     *                                  holds {@code .} or {@code ..} segments
     */
    static List<String> segments(String prefix) {
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("a path prefix starts with /, as in /api");
        }
        List<String> segments = new ArrayList<>();
        for (String raw : prefix.substring(1).split("/", -1)) {
            if (raw.isEmpty()) {
                continue;
            }
            String segment;
            try {
                segment = PercentCoding.decode(raw, false);
            } catch (HttpException e) {
                throw new IllegalArgumentException("invalid percent-encoding in the path prefix");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("a path prefix cannot hold . or .. segments");
            }
            segments.add(segment);
        }
        return segments;
    }
}
