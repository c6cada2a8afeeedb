package motor.ext.http2.internal.hpack;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes HPACK field blocks (RFC 7541) for one HTTP/2 connection, keeping the dynamic table the peer's
 * decoder mirrors: every block encoded must be sent, in the order encoded. Not thread-safe: the caller
 * encodes and writes under one lock.
 *
 * <p>Choices per field: an exact match in the static or dynamic table is sent as an index; otherwise a
 * literal, with the name as an index where a table has it, added to the dynamic table unless the field
 * is unlikely to repeat ({@code content-length}, {@code etag}, {@code date}-like values that change with
 * every response, and fields above three quarters of the table) or must not be indexed. Sensitive fields
 * and {@code authorization}, {@code proxy-authorization}, {@code cookie} and {@code set-cookie} are sent
 * "never indexed" (7.1.3: a secret in a shared compression context can be guessed). Strings are
 * Huffman-coded when that is shorter. Chars are written as their low 8 bits (ISO-8859-1).
 */
public final class HpackEncoder {

    /** The table size both ends assume before SETTINGS say otherwise. */
    private static final int DEFAULT_TABLE_SIZE = 4096;
    private static final int RETAINED_BUFFER = 16 * 1024;

    private static final Set<String> NEVER_INDEXED = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie");
    private static final Set<String> NOT_INDEXED = Set.of("content-length", "etag", "last-modified", "age",
            "content-range", "location", "expires", ":path", "if-modified-since", "if-none-match",
            "content-disposition", "x-request-id");

    private final int maxTableSize;
    private final EncoderTable table;
    private boolean updatePending;
    private int smallestPending;
    private byte[] buffer = new byte[256];
    private int position;

    /**
     * Creates an encoder.
     *
     * @param maxTableSize this endpoint's own cap on the dynamic table it keeps for the peer (4096 is
     *        usual); the table used is the smaller of this and the peer's SETTINGS_HEADER_TABLE_SIZE
     * @throws IllegalArgumentException if negative
     */
    public HpackEncoder(int maxTableSize) {
        if (maxTableSize < 0) {
            throw new IllegalArgumentException("negative HPACK table size");
        }
        this.maxTableSize = maxTableSize;
        this.table = new EncoderTable(DEFAULT_TABLE_SIZE);
        peerMaxTableSize(DEFAULT_TABLE_SIZE);
    }

    /**
     * Takes the peer's SETTINGS_HEADER_TABLE_SIZE into account. When the table size in use changes as a
     * result, the next block starts with the Dynamic Table Size Update(s) RFC 7541 4.2 requires: the
     * smallest size chosen since the last block, then the final one if larger.
     *
     * @param size the peer's value, 0 to 2^32-1
     */
    public void peerMaxTableSize(long size) {
        int chosen = (int) Math.min(Math.max(size, 0), maxTableSize);
        if (!updatePending) {
            if (chosen == table.capacity()) {
                return;
            }
            updatePending = true;
            smallestPending = chosen;
        }
        smallestPending = Math.min(smallestPending, chosen);
        table.target = chosen;
    }

    /**
     * Encodes one field block.
     *
     * @param fields the fields, pseudo-header fields first; names are sent in lowercase, as HTTP/2 requires
     *        (callers that lowercase already pay only a scan)
     * @return the block
     */
    public byte[] encode(List<HeaderField> fields) {
        position = 0;
        if (updatePending) {
            updatePending = false;
            if (smallestPending < table.target) {
                table.capacity(smallestPending);
                integer(0x20, 5, smallestPending);
            }
            table.capacity(table.target);
            integer(0x20, 5, table.target);
        }
        for (int i = 0, n = fields.size(); i < n; i++) {
            field(fields.get(i));
        }
        byte[] block = Arrays.copyOf(buffer, position);
        if (buffer.length > RETAINED_BUFFER) {
            buffer = new byte[256];
        }
        return block;
    }

    private void field(HeaderField field) {
        String name = lowercase(field.name());
        String value = field.value();
        if (name != field.name()) {
            field = new HeaderField(name, value, field.sensitive());
        }
        boolean never = field.sensitive() || NEVER_INDEXED.contains(name);
        int inStatic = StaticTable.find(name, value);
        if (inStatic > 0 && !never) {
            integer(0x80, 7, inStatic);
            return;
        }
        int inDynamic = table.find(name, value);
        if (inDynamic > 0 && !never) {
            integer(0x80, 7, StaticTable.LENGTH + inDynamic);
            return;
        }
        int nameIndex = inStatic != 0 ? Math.abs(inStatic)
                : inDynamic != 0 ? StaticTable.LENGTH + Math.abs(inDynamic) : 0;
        if (never) {
            integer(0x10, 4, nameIndex);
        } else if (!NOT_INDEXED.contains(name) && field.size() <= table.capacity() * 3L / 4) {
            integer(0x40, 6, nameIndex);
            table.insert(field);
        } else {
            integer(0x00, 4, nameIndex);
        }
        if (nameIndex == 0) {
            string(name);
        }
        string(value);
    }

    /**
     * {@return the name with ASCII letters in lowercase (RFC 9113 8.2.1: a field name with uppercase letters is malformed), the
     * same instance when it is already}
     */
    private static String lowercase(String name) {
        for (int i = 0, n = name.length(); i < n; i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = name.toCharArray();
                for (int j = i; j < n; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] += 'a' - 'A';
                    }
                }
                return new String(chars);
            }
        }
        return name;
    }

    /** Writes an integer with an N-bit prefix (5.1), the other bits of the first octet being {@code first}. */
    private void integer(int first, int prefix, int value) {
        ensure(6);
        int mask = (1 << prefix) - 1;
        if (value < mask) {
            buffer[position++] = (byte) (first | value);
            return;
        }
        buffer[position++] = (byte) (first | mask);
        int rest = value - mask;
        while (rest >= 0x80) {
            buffer[position++] = (byte) (rest & 0x7F | 0x80);
            rest >>>= 7;
        }
        buffer[position++] = (byte) rest;
    }

    /** Writes a string literal (5.2), Huffman-coded when that is shorter. */
    private void string(String s) {
        int length = s.length();
        long coded = Huffman.encodedLength(s);
        if (coded < length) {
            integer(0x80, 7, (int) coded);
            ensure((int) coded);
            position = Huffman.encode(s, buffer, position);
        } else {
            integer(0x00, 7, length);
            ensure(length);
            for (int i = 0; i < length; i++) {
                buffer[position++] = (byte) s.charAt(i);
            }
        }
    }

    private void ensure(int more) {
        if (buffer.length - position < more) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }

    /** {@return the dynamic table, for tests} */
    DynamicTable table() {
        return table;
    }

    /** The dynamic table with an index by name and by name and value, kept in step with evictions. */
    private static final class EncoderTable extends DynamicTable {

        /** The capacity announced in the next block, when an update is pending. */
        int target;
        private final Map<String, Name> names = new HashMap<>();

        EncoderTable(int capacity) {
            super(capacity);
            this.target = capacity;
        }

        /**
         * {@return the dynamic index (1 = newest) of the newest entry with this name and value, or minus the
         * index of the newest entry with this name, or 0}
         */
        int find(String name, String value) {
            Name entry = names.get(name);
            if (entry == null) {
                return 0;
            }
            Long sequence = entry.values.get(value);
            return sequence != null ? (int) (added() - sequence) : (int) (entry.newest - added());
        }

        /** Adds an entry as {@link #add} does and indexes it. */
        void insert(HeaderField field) {
            long sequence = added();
            super.add(field);
            if (added() == sequence) {
                return;
            }
            Name entry = names.computeIfAbsent(field.name(), n -> new Name());
            entry.newest = sequence;
            entry.values.put(field.value(), sequence);
        }

        @Override
        void evicted(HeaderField field, long sequence) {
            Name entry = names.get(field.name());
            if (entry == null) {
                return;
            }
            Long newest = entry.values.get(field.value());
            if (newest != null && newest == sequence) {
                entry.values.remove(field.value());
            }
            if (entry.newest == sequence) {
                names.remove(field.name());
            }
        }
    }

    /** Where the entries with one name are: the newest, and the newest per value. */
    private static final class Name {
        long newest;
        final Map<String, Long> values = new HashMap<>(4);
    }
}
