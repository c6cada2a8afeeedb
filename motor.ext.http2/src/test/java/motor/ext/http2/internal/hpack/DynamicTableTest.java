package motor.ext.http2.internal.hpack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DynamicTableTest {

    /** Entries of 35 octets each: "n" and a letter, "v", plus 32. */
    private static HeaderField entry(int i) {
        return new HeaderField("n" + (char) ('a' + i % 26), "v");
    }

    @Test
    void growsAcrossTheWrapAndKeepsTheOrder() {
        List<Long> evicted = new ArrayList<>();
        DynamicTable table = new DynamicTable(35 * 100) {
            @Override
            void evicted(HeaderField field, long sequence) {
                evicted.add(sequence);
            }
        };
        for (int i = 0; i < 12; i++) {
            table.add(entry(i));
        }
        table.capacity(35 * 5);           // the oldest 7 leave: the ring's start moves
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), evicted);
        table.capacity(35 * 100);
        for (int i = 12; i < 60; i++) {   // grows twice with the start in the middle
            table.add(entry(i));
        }
        assertEquals(53, table.length());
        assertEquals(53 * 35, table.size());
        for (int index = 1; index <= 53; index++) {
            assertEquals(entry(60 - index), table.get(index), "index " + index);
        }
        assertEquals(60, table.added());
    }

    @Test
    void anEntryLargerThanTheTableEmptiesIt() {
        DynamicTable table = new DynamicTable(100);
        table.add(entry(0));
        table.add(new HeaderField("x", "y".repeat(70)));
        assertEquals(0, table.length());
        assertEquals(0, table.size());
        table.add(entry(1));
        assertEquals(entry(1), table.get(1));
    }
}
