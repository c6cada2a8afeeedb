package motor.ext.http2.internal.hpack;

/**
 * The dynamic table of RFC 7541 section 4: a FIFO of fields, newest at index 1, bounded by the sum of the
 * entries' sizes (name and value octets plus 32). A ring buffer that grows as entries are added.
 */
class DynamicTable {

    private HeaderField[] ring = new HeaderField[16];
    /** Where the oldest entry is in {@link #ring}. */
    private int oldest;
    private int count;
    private long size;
    private int capacity;
    /** How many entries were ever added: entry {@code i} (1 = newest) was the {@code added - i}th. */
    private long added;

    DynamicTable(int capacity) {
        this.capacity = capacity;
    }

    /** {@return the number of entries} */
    final int length() {
        return count;
    }

    /** {@return the sum of the entries' sizes} */
    final long size() {
        return size;
    }

    /** {@return the maximum size} */
    final int capacity() {
        return capacity;
    }

    /** {@return the sequence number of the next entry to be added} */
    final long added() {
        return added;
    }

    /** {@return entry {@code index}, 1 (newest) to {@link #length()}} */
    final HeaderField get(int index) {
        return ring[(oldest + count - index) & (ring.length - 1)];
    }

    /** Changes the maximum size, evicting the oldest entries until the table fits. */
    final void capacity(int capacity) {
        this.capacity = capacity;
        while (size > capacity) {
            evictOldest();
        }
    }

    /**
     * Adds an entry, evicting the oldest ones to make room; an entry larger than the whole table empties it
     * and is not added (4.4).
     */
    final void add(HeaderField field) {
        long fieldSize = field.size();
        while (count > 0 && size + fieldSize > capacity) {
            evictOldest();
        }
        if (fieldSize > capacity) {
            return;
        }
        if (count == ring.length) {
            HeaderField[] bigger = new HeaderField[ring.length * 2];
            for (int i = 0; i < count; i++) {
                bigger[i] = ring[(oldest + i) & (ring.length - 1)];
            }
            ring = bigger;
            oldest = 0;
        }
        ring[(oldest + count) & (ring.length - 1)] = field;
        count++;
        size += fieldSize;
        added++;
    }

    private void evictOldest() {
        HeaderField field = ring[oldest];
        ring[oldest] = null;
        oldest = (oldest + 1) & (ring.length - 1);
        count--;
        size -= field.size();
        evicted(field, added - count - 1);
    }

    /**
     * Called after an entry left the table.
     *
     * @param field the entry
     * @param sequence its sequence number (see {@link #added()})
     */
    void evicted(HeaderField field, long sequence) {
    }
}
