package motor.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An ordered, multi-valued collection of HTTP header fields whose names compare case-insensitively.
 *
 * <p>Fields are kept in the order they were added, names and values side by side in one array, so that a
 * lookup is a short scan without hashing or allocation, and the order on the wire is the order of
 * {@link #add}. Names
 * keep the spelling they were added with; comparisons ignore ASCII case only, as RFC 9110 section 5.1
 * asks.
 *
 * <p>Every name must be a token and every value free of control characters other than horizontal tab
 * (RFC 9110 section 5.5); {@link #add} and {@link #set} refuse anything else with an
 * {@link IllegalArgumentException}, so that no header can smuggle a line break into a response.
 *
 * <p>Instances are not thread-safe. Request headers belong to the request's handler thread.
 */
public final class Headers implements Iterable<Headers.Field> {

    /**
     * One header field, as returned by iteration.
     *
     * @param name  the field name, as added
     * @param value the field value
     */
    public record Field(String name, String value) {
    }

    private static final int DEFAULT_CAPACITY = 8;
    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    /** Name of field i at 2i, its value at 2i + 1. */
    private String[] fields;
    private int size;

    /** Creates an empty collection. */
    public Headers() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Creates an empty collection with room for {@code capacity} fields before it grows.
     *
     * @param capacity the initial capacity
     */
    public Headers(int capacity) {
        fields = new String[2 * Math.max(1, capacity)];
    }

    /**
     * Creates a collection from alternating names and values.
     *
     * @param namesAndValues name, value, name, value, ...
     * @return the new collection
     * @throws IllegalArgumentException if the count is odd or a name or value is not allowed
     */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Headers headers = new Headers(Math.max(1, namesAndValues.length / 2));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    /** {@return the number of fields, counting each repetition of a name} */
    public int size() {
        return size;
    }

    /** {@return whether there are no fields} */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * {@return the name of the field at {@code index}, in insertion order}
     *
     * @param index from 0 to {@link #size()} - 1
     */
    public String name(int index) {
        return fields[2 * checkIndex(index)];
    }

    /**
     * {@return the value of the field at {@code index}, in insertion order}
     *
     * @param index from 0 to {@link #size()} - 1
     */
    public String value(int index) {
        return fields[2 * checkIndex(index) + 1];
    }

    /**
     * {@return the value of the first field named {@code name}, or {@code null} if there is none}
     *
     * @param name the field name, in any case
     */
    public String first(String name) {
        int i = indexOf(name, 0);
        return i < 0 ? null : fields[2 * i + 1];
    }

    /**
     * {@return the values of every field named {@code name}, in order; empty if there is none}
     *
     * @param name the field name, in any case
     */
    public List<String> all(String name) {
        int i = indexOf(name, 0);
        if (i < 0) {
            return List.of();
        }
        int next = indexOf(name, i + 1);
        if (next < 0) {
            return List.of(fields[2 * i + 1]);
        }
        List<String> result = new ArrayList<>(4);
        result.add(fields[2 * i + 1]);
        for (; next >= 0; next = indexOf(name, next + 1)) {
            result.add(fields[2 * next + 1]);
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * {@return whether a field named {@code name} is present}
     *
     * @param name the field name, in any case
     */
    public boolean contains(String name) {
        return indexOf(name, 0) >= 0;
    }

    /**
     * {@return the number of fields named {@code name}}
     *
     * @param name the field name, in any case
     */
    public int count(String name) {
        int n = 0;
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * Tells whether any field named {@code name} holds {@code token} as one of its comma-separated
     * elements, ignoring case and optional whitespace, as in {@code Connection: keep-alive, Upgrade}.
     * Parameters after a {@code ;} are not part of the element.
     *
     * @param name  the field name, in any case
     * @param token the element to look for, in any case
     * @return whether the element is present
     */
    public boolean containsToken(String name, String token) {
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            if (listContains(fields[2 * i + 1], token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Appends a field, keeping any existing fields of the same name.
     *
     * @param name  a token (RFC 9110 section 5.1)
     * @param value a value without control characters other than horizontal tab
     * @return this collection
     * @throws IllegalArgumentException if the name or value is not allowed
     */
    public Headers add(String name, String value) {
        checkName(name);
        checkValue(name, value);
        if (2 * size == fields.length) {
            fields = Arrays.copyOf(fields, 2 * fields.length);
        }
        fields[2 * size] = name;
        fields[2 * size + 1] = value;
        size++;
        return this;
    }

    /**
     * Replaces every field named {@code name} with one field holding {@code value}. The field keeps the
     * position of the first one it replaces, or goes last if there was none.
     *
     * @param name  a token (RFC 9110 section 5.1)
     * @param value a value without control characters other than horizontal tab
     * @return this collection
     * @throws IllegalArgumentException if the name or value is not allowed
     */
    public Headers set(String name, String value) {
        int i = indexOf(name, 0);
        if (i < 0) {
            return add(name, value);
        }
        checkValue(name, value);
        fields[2 * i] = name;
        fields[2 * i + 1] = value;
        removeFrom(name, i + 1);
        return this;
    }

    /**
     * Adds a field only when no field of that name is present yet.
     *
     * @param name  a token
     * @param value the value to use when the field is absent
     * @return this collection
     */
    public Headers setIfAbsent(String name, String value) {
        return contains(name) ? this : add(name, value);
    }

    /**
     * Removes every field named {@code name}.
     *
     * @param name the field name, in any case
     * @return whether anything was removed
     */
    public boolean remove(String name) {
        return removeFrom(name, 0);
    }

    /** Removes every field. */
    public void clear() {
        Arrays.fill(fields, 0, 2 * size, null);
        size = 0;
    }

    /**
     * Adds every field of {@code other} after the fields already here.
     *
     * @param other the fields to add
     * @return this collection
     */
    public Headers addAll(Headers other) {
        for (int i = 0; i < other.size; i++) {
            add(other.fields[2 * i], other.fields[2 * i + 1]);
        }
        return this;
    }

    /** {@return an independent copy of this collection} */
    public Headers copy() {
        Headers copy = new Headers(Math.max(1, size));
        System.arraycopy(fields, 0, copy.fields, 0, 2 * size);
        copy.size = size;
        return copy;
    }

    /** {@return the distinct field names, in the spelling and order of their first occurrence} */
    public Set<String> names() {
        Set<String> result = new LinkedHashSet<>();
        outer:
        for (int i = 0; i < size; i++) {
            for (String seen : result) {
                if (equalsIgnoreCase(seen, fields[2 * i])) {
                    continue outer;
                }
            }
            result.add(fields[2 * i]);
        }
        return result;
    }

    /**
     * Calls {@code action} with each name and value in order, without allocating.
     *
     * @param action receives name and value
     */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(fields[2 * i], fields[2 * i + 1]);
        }
    }

    @Override
    public Iterator<Field> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Field next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                Field field = new Field(fields[2 * next], fields[2 * next + 1]);
                next++;
                return field;
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(fields[2 * i]).append(": ").append(fields[2 * i + 1]);
        }
        return sb.append(']').toString();
    }

    /**
     * Tells whether two field names are equal when ASCII case is ignored. Cheaper than
     * {@link String#equalsIgnoreCase}, which also folds non-ASCII letters that cannot occur in a token.
     *
     * @param a a name
     * @param b another name
     * @return whether they name the same field
     */
    public static boolean equalsIgnoreCase(String a, String b) {
        if (a == b) {
            return true;
        }
        int length = a.length();
        if (length != b.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && lower(x) != lower(y)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@return whether {@code name} is a non-empty token, as a field name must be}
     *
     * @param name the candidate
     */
    public static boolean isToken(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 128 || !TOKEN[c]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether a comma-separated list value holds {@code token} as an element, ignoring case,
     * surrounding whitespace and any parameters after {@code ;}.
     *
     * @param list  a list-valued field value such as {@code "gzip, chunked"}
     * @param token the element to look for
     * @return whether the element is present
     */
    public static boolean listContains(String list, String token) {
        int length = list.length();
        int start = 0;
        while (start < length) {
            int end = list.indexOf(',', start);
            if (end < 0) {
                end = length;
            }
            int elementEnd = list.indexOf(';', start);
            if (elementEnd < 0 || elementEnd > end) {
                elementEnd = end;
            }
            int a = start;
            int b = elementEnd;
            while (a < b && isWhitespace(list.charAt(a))) {
                a++;
            }
            while (b > a && isWhitespace(list.charAt(b - 1))) {
                b--;
            }
            if (b - a == token.length() && list.regionMatches(true, a, token, 0, b - a)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private int indexOf(String name, int from) {
        for (int i = from; i < size; i++) {
            if (equalsIgnoreCase(fields[2 * i], name)) {
                return i;
            }
        }
        return -1;
    }

    private boolean removeFrom(String name, int from) {
        int write = from;
        for (int read = from; read < size; read++) {
            if (!equalsIgnoreCase(fields[2 * read], name)) {
                fields[2 * write] = fields[2 * read];
                fields[2 * write + 1] = fields[2 * read + 1];
                write++;
            }
        }
        boolean removed = write != size;
        Arrays.fill(fields, 2 * write, 2 * size, null);
        size = write;
        return removed;
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " of " + size + " fields");
        }
        return index;
    }

    private static void checkName(String name) {
        if (!isToken(name)) {
            throw new IllegalArgumentException("not a valid header field name: " + printable(name));
        }
    }

    private static void checkValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("null value for header field " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException(
                        "header field " + name + " has a character not allowed in a field value at index " + i);
            }
        }
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
