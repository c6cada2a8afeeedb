package motor.ext.http2.internal.hpack;

import static motor.ext.http2.internal.hpack.AppendixCTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every decoding error of RFC 7541 on crafted bytes, and the limits. */
class HpackDecoderTest {

    private static List<HeaderField> decode(HpackDecoder decoder, String hex) throws HpackException {
        byte[] block = hex(hex);
        return decoder.decode(block, 0, block.length);
    }

    private static HpackException fails(String hex) {
        HpackException e = assertThrows(HpackException.class, () -> decode(new HpackDecoder(4096, 65536), hex));
        assertFalse(e.headerListTooLarge(), "a COMPRESSION_ERROR");
        return e;
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            index 0                                  | 80                         | index 0
            indexed beyond the static table          | be                         | beyond the static and dynamic
            indexed far beyond                       | ff ff 7f                   | beyond the static and dynamic
            literal name index beyond the tables     | 7e 01 61                   | beyond the static and dynamic
            never-indexed name index beyond          | 1f 2f 01 61                | beyond the static and dynamic
            integer above 2^31-1                     | ff ff ff ff ff 0f          | above 2^31-1
            integer with a sixth octet of value      | ff 80 80 80 80 80 01       | above 2^31-1
            integer of 11 continuation octets        | ff 80 80 80 80 80 80 80 80 80 80 00 | longer than 10 octets
            block ends inside an integer             | ff 80                      | ends inside an integer
            block ends after the first octet         | 40                         | ends before a string
            block ends before the value              | 40 01 61                   | ends before a string
            string longer than the block             | 40 05 61 62                | beyond the end of the block
            value longer than the block              | 40 01 61 03 62             | beyond the end of the block
            huge string length                       | 40 7f 80 ff ff ff 07       | beyond the end of the block
            Huffman EOS in the data                  | 40 01 61 84 ff ff ff ff    | EOS
            Huffman EOS after a symbol               | 40 01 61 85 07 ff ff ff ff | EOS
            Huffman padding of 11 bits               | 40 01 61 82 1f ff          | longer than 7 bits
            Huffman padding of 8 ones alone          | 40 01 61 81 ff             | longer than 7 bits
            Huffman padding with a zero              | 40 01 61 81 18             | not made of ones
            Huffman padding 0111                     | 40 01 61 81 1e             | not made of ones
            size update above the limit              | 3f e2 1f                   | above the limit
            size update after a field                | 82 20                      | after a field
            size update after a literal              | 40 01 61 01 62 3f e1 1f    | after a field
            """)
    void malformed(String what, String hex, String message) {
        HpackException e = fails(hex);
        assertTrue(e.getMessage().contains(message), () -> what + ": " + e.getMessage());
    }

    @Test
    void sizeUpdatesAtTheStartAreAccepted() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 65536);
        decode(decoder, "40 01 61 01 62");
        assertEquals(1, decoder.table().length());
        // two updates, the smallest first, as RFC 7541 4.2 has it: 0 empties the table, 4096 restores the size
        assertEquals(List.of(new HeaderField(":method", "GET")), decode(decoder, "20 3f e1 1f 82"));
        assertEquals(0, decoder.table().length());
        assertEquals(4096, decoder.table().capacity());
    }

    @Test
    void sizeUpdateAloneIsAValidBlock() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 65536);
        assertEquals(List.of(), decode(decoder, "3f 45"));
        assertEquals(100, decoder.table().capacity());
    }

    @Test
    void aSmallerLimitTakesEffectWithThePeersUpdate() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(0, 65536);
        // before the peer has seen our SETTINGS it may use the default 4096
        decode(decoder, "40 01 61 01 62");
        assertEquals(1, decoder.table().length());
        assertThrows(HpackException.class, () -> decode(decoder, "21"));
        HpackDecoder next = new HpackDecoder(0, 65536);
        decode(next, "20 82");
        assertEquals(0, next.table().capacity());
    }

    @Test
    void evictionOnInsertAndEntryLargerThanTheTable() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 1 << 20);
        decode(decoder, "3f 15");                       // capacity 52
        decode(decoder, "40 01 61 01 62");              // a: b, 34
        assertEquals(34, decoder.table().size());
        decode(decoder, "40 01 63 01 64");              // c: d evicts a: b
        assertEquals(1, decoder.table().length());
        assertEquals("c", decoder.table().get(1).name());
        decode(decoder, "40 01 65 15 " + "78".repeat(21)); // 54 > 52: empties the table, not added
        assertEquals(0, decoder.table().length());
        assertEquals(0, decoder.table().size());
    }

    @Test
    void literalNameFromTheDynamicTable() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 65536);
        decode(decoder, "40 01 61 01 62");
        assertEquals(List.of(new HeaderField("a", "c")), decode(decoder, "0f 2f 01 63"));  // name index 62
        assertEquals(List.of(new HeaderField("a", "b")), decode(decoder, "be"));
    }

    @Test
    void namesAreReturnedAsSentAndObsTextSurvives() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 65536);
        List<HeaderField> fields = decode(decoder, "00 03 41 42 43 02 ff 80");
        assertEquals("ABC", fields.get(0).name());
        assertEquals("\u00ff\u0080", fields.get(0).value());
    }

    @Test
    void integersUpToTheCapDecode() throws HpackException {
        // a string length of 2^31-1 encoded with redundant zero octets is still only "beyond the block"
        HpackException e = fails("40 7f 80 ff ff ff 07");
        assertTrue(e.getMessage().contains("beyond the end"), e.getMessage());
        HpackException padded = fails("40 7f 80 80 80 80 80 80 80 80 80 00");
        assertTrue(padded.getMessage().contains("string of 127 octets"), padded.getMessage());
    }

    @Test
    void headerListTooLargeDecodesTheWholeBlockFirst() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 80);
        // three fields of 34 octets each, all added to the table: 102 > 80
        HpackException e = assertThrows(HpackException.class,
                () -> decode(decoder, "40 01 61 01 62 40 01 63 01 64 40 01 65 01 66"));
        assertTrue(e.headerListTooLarge());
        assertEquals(3, decoder.table().length(), "the table stays in step with the peer");
        // the next block goes on decoding with the same table
        assertEquals(List.of(new HeaderField("a", "b")), decode(decoder, "c0"));
    }

    @Test
    void headerListSizeCountsNamePlusValuePlus32() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 34);
        assertEquals(1, decode(decoder, "00 01 61 01 62").size());
        assertThrows(HpackException.class, () -> decode(decoder, "00 01 61 02 62 62"));
    }

    @Test
    void emptyBlock() throws HpackException {
        assertEquals(List.of(), new HpackDecoder(4096, 100).decode(new byte[0], 0, 0));
    }

    @Test
    void decodesFromAnOffset() throws HpackException {
        byte[] block = hex("ff ff 82 84 ff");
        assertEquals(List.of(new HeaderField(":method", "GET"), new HeaderField(":path", "/")),
                new HpackDecoder(4096, 100).decode(block, 2, 2));
    }

    @Test
    void errorMessagesNeverEchoBlockBytes() {
        HpackException e = fails("40 0a 73 65 63 72 65 74 2d 6b 65");
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void aLargeHuffmanValueDoesNotLeaveItsSizeBehind() throws Exception {
        HpackDecoder decoder = new HpackDecoder(4096, 1 << 20);
        String value = "v".repeat(60_000);
        java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
        block.write(0x00); // literal without indexing, new name
        block.write(1);
        block.write('x');
        byte[] coded = new byte[(int) Huffman.encodedLength(value)];
        int length = Huffman.encode(value, coded, 0);
        // the length as a 7-bit-prefix integer with the Huffman flag
        block.write(0x80 | 0x7f);
        int rest = length - 0x7f;
        while (rest >= 0x80) {
            block.write(rest & 0x7f | 0x80);
            rest >>>= 7;
        }
        block.write(rest);
        block.write(coded, 0, length);
        byte[] bytes = block.toByteArray();
        List<HeaderField> fields = decoder.decode(bytes, 0, bytes.length);
        assertEquals(value, fields.get(0).value());
        assertTrue(decoder.retainedScratch() <= HpackDecoder.RETAINED_SCRATCH, "kept " + decoder.retainedScratch());
        // small strings still reuse the kept space
        List<HeaderField> small = decoder.decode(hex("0001 7801 61"), 0, 5);
        assertEquals(1, small.size());
    }
}
