package motor.ext.http2.internal.hpack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes HPACK field blocks (RFC 7541) for one HTTP/2 connection: it keeps the dynamic table the peer's
 * encoder fills, so every block of the connection must go through it, in order, even the blocks of
 * streams that are refused. Not thread-safe: the connection's reader owns it.
 *
 * <p>Every malformed block is a {@link HpackException} (a COMPRESSION_ERROR): an index of 0 or beyond both
 * tables, an integer above 2^31-1 or longer than 10 continuation octets, a string longer than what is left
 * of the block, Huffman data with EOS, padding of more than 7 bits or padding that is not all ones, a
 * dynamic table size update above the limit or after the first field, and a block that ends inside a
 * representation. Octets map to chars as ISO-8859-1, so decoding never fails on obs-text; names and values
 * are returned as sent, unchecked.
 */
public final class HpackDecoder {

    /** Continuation octets an integer may take: 5 for 31 bits and as many redundant zero ones. */
    private static final int MAX_INTEGER_OCTETS = 10;
    /** The table size both ends assume before SETTINGS say otherwise. */
    private static final int DEFAULT_TABLE_SIZE = 4096;

    private final int maxTableSize;
    private final long maxHeaderListSize;
    private final DynamicTable table;
    /** The most scratch space kept between blocks: a larger string gets space of its own, not kept. */
    static final int RETAINED_SCRATCH = 16 * 1024;

    private byte[] scratch = new byte[256];
    private int position;
    private int end;

    /**
     * Creates a decoder.
     *
     * @param maxTableSize the SETTINGS_HEADER_TABLE_SIZE this endpoint announces (4096 by default): the
     *        largest dynamic table the peer may choose. The table starts at 4096, the size the peer may use
     *        until it has seen this endpoint's SETTINGS (RFC 9113 6.5.2); a smaller value takes effect with the
     *        peer's size update, which must not exceed it
     * @param maxHeaderListSize the SETTINGS_MAX_HEADER_LIST_SIZE this endpoint enforces, in octets of name
     *        and value plus 32 per field
     * @throws IllegalArgumentException if a limit is negative
     */
    public HpackDecoder(int maxTableSize, long maxHeaderListSize) {
        if (maxTableSize < 0 || maxHeaderListSize < 0) {
            throw new IllegalArgumentException("negative HPACK limit");
        }
        this.maxTableSize = maxTableSize;
        this.maxHeaderListSize = maxHeaderListSize;
        this.table = new DynamicTable(DEFAULT_TABLE_SIZE);
    }

    /**
     * Decodes one complete field block (the payloads of a HEADERS or PUSH_PROMISE frame and its
     * CONTINUATION frames, joined). Names are returned exactly as sent: the caller checks lowercase and
     * pseudo-header rules.
     *
     * @param block the bytes
     * @param offset where the block starts
     * @param length its length
     * @return the fields, in order
     * @throws HpackException if the block is invalid ({@link HpackException#headerListTooLarge()} false, a
     *         COMPRESSION_ERROR) or, after the whole block was decoded so that the table stays in step, if
     *         its fields exceed the header list size ({@code headerListTooLarge()} true)
     */
    public List<HeaderField> decode(byte[] block, int offset, int length) throws HpackException {
        if (offset < 0 || length < 0 || offset > block.length - length) {
            throw new IndexOutOfBoundsException("block range out of bounds");
        }
        position = offset;
        end = offset + length;
        List<HeaderField> fields = new ArrayList<>(Math.min(16, 1 + length / 2));
        long listSize = 0;
        boolean tooLarge = false;
        boolean sizeUpdateAllowed = true;
        while (position < end) {
            int b = block[position] & 0xFF;
            HeaderField field;
            if (b >= 0x80) {
                field = entry(integer(block, 7));
            } else if (b >= 0x40) {
                field = literal(block, 6, false);
                table.add(field);
            } else if (b >= 0x20) {
                if (!sizeUpdateAllowed) {
                    throw new HpackException("dynamic table size update after a field", false);
                }
                int size = integer(block, 5);
                if (size > maxTableSize) {
                    throw new HpackException("dynamic table size update to " + size + " above the limit "
                            + maxTableSize, false);
                }
                table.capacity(size);
                continue;
            } else {
                field = literal(block, 4, b >= 0x10);
            }
            sizeUpdateAllowed = false;
            listSize += field.size();
            if (listSize > maxHeaderListSize) {
                tooLarge = true;
            } else {
                fields.add(field);
            }
        }
        if (tooLarge) {
            throw new HpackException("field section larger than the limit of " + maxHeaderListSize + " octets", true);
        }
        return fields;
    }

    /** Decodes a literal field whose first octet has an index prefix of {@code prefix} bits. */
    private HeaderField literal(byte[] block, int prefix, boolean neverIndexed) throws HpackException {
        int index = integer(block, prefix);
        String name = index == 0 ? string(block) : entry(index).name();
        String value = string(block);
        return new HeaderField(name, value, neverIndexed);
    }

    /** {@return the entry at {@code index} in the joined static and dynamic table} */
    private HeaderField entry(int index) throws HpackException {
        if (index == 0) {
            throw new HpackException("index 0", false);
        }
        if (index <= StaticTable.LENGTH) {
            return StaticTable.get(index);
        }
        if (index - StaticTable.LENGTH > table.length()) {
            throw new HpackException("index " + index + " beyond the static and dynamic tables", false);
        }
        return table.get(index - StaticTable.LENGTH);
    }

    /** Decodes an integer with an N-bit prefix (5.1) starting at {@link #position}. */
    private int integer(byte[] block, int prefix) throws HpackException {
        int mask = (1 << prefix) - 1;
        int value = block[position++] & mask;
        if (value < mask) {
            return value;
        }
        long total = value;
        for (int i = 0, shift = 0; ; i++, shift += 7) {
            if (position == end) {
                throw new HpackException("block ends inside an integer", false);
            }
            if (i == MAX_INTEGER_OCTETS) {
                throw new HpackException("integer longer than " + MAX_INTEGER_OCTETS + " octets", false);
            }
            int b = block[position++];
            int bits = b & 0x7F;
            if (bits != 0) {
                if (shift > 28) {
                    throw new HpackException("integer above 2^31-1", false);
                }
                total += (long) bits << shift;
                if (total > Integer.MAX_VALUE) {
                    throw new HpackException("integer above 2^31-1", false);
                }
            }
            if ((b & 0x80) == 0) {
                return (int) total;
            }
        }
    }

    /** Decodes a string literal (5.2) starting at {@link #position}. */
    private String string(byte[] block) throws HpackException {
        if (position == end) {
            throw new HpackException("block ends before a string", false);
        }
        boolean huffman = (block[position] & 0x80) != 0;
        int length = integer(block, 7);
        if (length > end - position) {
            throw new HpackException("string of " + length + " octets beyond the end of the block", false);
        }
        int start = position;
        position += length;
        if (!huffman) {
            return new String(block, start, length, StandardCharsets.ISO_8859_1);
        }
        int max = Huffman.maxDecodedLength(length);
        byte[] into = scratch;
        if (into.length < max) {
            // one large field must not leave every connection holding its size for the connection's life
            into = max > RETAINED_SCRATCH ? new byte[max] : new byte[Math.min(RETAINED_SCRATCH, Math.max(max, into.length * 2))];
            if (into.length <= RETAINED_SCRATCH) {
                scratch = into;
            }
        }
        int n = Huffman.decode(block, start, length, into);
        return new String(into, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** {@return the scratch space kept between blocks, for tests} */
    int retainedScratch() {
        return scratch.length;
    }

    /** {@return the dynamic table, for tests} */
    DynamicTable table() {
        return table;
    }
}
