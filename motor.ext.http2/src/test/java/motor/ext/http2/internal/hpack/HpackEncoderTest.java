package motor.ext.http2.internal.hpack;

import static motor.ext.http2.internal.hpack.AppendixCTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HpackEncoderTest {

    private static HeaderField field(String name, String value) {
        return new HeaderField(name, value);
    }

    @Test
    void staticMatchesAreOneOctet() {
        HpackEncoder encoder = new HpackEncoder(4096);
        assertArrayEquals(hex("88 8d"), encoder.encode(List.of(field(":status", "200"), field(":status", "404"))));
    }

    @Test
    void repeatingFieldsAreIndexedAndReused() {
        HpackEncoder encoder = new HpackEncoder(4096);
        List<HeaderField> response = List.of(field(":status", "200"), field("content-type", "text/html"),
                field("server", "motor"));
        byte[] first = encoder.encode(response);
        assertEquals(0x5f, first[1] & 0xFF, "content-type: literal with incremental indexing, static name 31");
        assertEquals(2, encoder.table().length());
        // the second time: :status 200 static, server at dynamic 1 (62), content-type at dynamic 2 (63)
        assertArrayEquals(hex("88 bf be"), encoder.encode(response));
    }

    @Test
    void namesAreSentInLowercase() throws HpackException {
        HpackEncoder encoder = new HpackEncoder(4096);
        HpackDecoder decoder = new HpackDecoder(4096, 65536);
        byte[] first = encoder.encode(List.of(field("Content-Type", "text/plain"), field("X-Custom", "A")));
        assertEquals(List.of(field("content-type", "text/plain"), field("x-custom", "A")),
                decoder.decode(first, 0, first.length));
        // the lowercase name is what the table holds: the same field again is one index
        byte[] second = encoder.encode(List.of(field("X-CUSTOM", "A")));
        assertArrayEquals(hex("be"), second);
    }

    @Test
    void volatileFieldsAreNotIndexed() {
        HpackEncoder encoder = new HpackEncoder(4096);
        byte[] block = encoder.encode(List.of(field("content-length", "1234"), field("etag", "\"x\"")));
        assertEquals(0x0f, block[0] & 0xFF, "literal without indexing, name index 28 needs a second octet");
        assertEquals(0x0d, block[1] & 0xFF);
        assertEquals(0, encoder.table().length());
    }

    @Test
    void sensitiveAndCredentialFieldsAreNeverIndexed() throws HpackException {
        HpackEncoder encoder = new HpackEncoder(4096);
        HpackDecoder decoder = new HpackDecoder(4096, 65536);
        List<HeaderField> fields = List.of(field("set-cookie", "id=1"), field("authorization", "Bearer t"),
                field("cookie", "a=b"), new HeaderField("x-token", "secret", true),
                new HeaderField(":status", "200", true));
        byte[] block = encoder.encode(fields);
        assertEquals(0x1f, block[0] & 0xFF, "never indexed, name index 55");
        assertEquals(0, encoder.table().length());
        List<HeaderField> decoded = decoder.decode(block, 0, block.length);
        for (int i = 0; i < fields.size(); i++) {
            assertEquals(fields.get(i).name(), decoded.get(i).name());
            assertEquals(fields.get(i).value(), decoded.get(i).value());
            assertTrue(decoded.get(i).sensitive(), "the peer sees never-indexed: " + fields.get(i).name());
        }
    }

    @Test
    void huffmanOnlyWhenShorter() {
        HpackEncoder encoder = new HpackEncoder(4096);
        byte[] raw = encoder.encode(List.of(field("x-a", "{}{}")));   // 15-bit codes: raw is shorter
        assertEquals(List.of(0x40, 0x03), List.of(raw[0] & 0xFF, raw[1] & 0xFF), "x-a: Huffman is no shorter");
        assertEquals(0x04, raw[5] & 0xFF, "value raw, 4 octets");
    }

    @Test
    void largeFieldsAreNotIndexed() {
        HpackEncoder encoder = new HpackEncoder(4096);
        encoder.encode(List.of(field("x-big", "v".repeat(4000))));
        assertEquals(0, encoder.table().length());
    }

    @Test
    void peerTableSizeChangesAreSignalled() throws HpackException {
        HpackEncoder encoder = new HpackEncoder(4096);
        HpackDecoder decoder = new HpackDecoder(4096, 65536);
        byte[] first = encoder.encode(List.of(field("x-a", "b")));
        encoder.peerMaxTableSize(0);
        encoder.peerMaxTableSize(100);
        byte[] block = encoder.encode(List.of(field(":method", "GET")));
        // the smallest size in the interval, then the final one (RFC 7541 4.2)
        assertArrayEquals(hex("20 3f 45 82"), block);
        assertEquals(100, encoder.table().capacity());
        assertEquals(0, encoder.table().length());
        decoder.decode(first, 0, first.length);
        assertEquals(1, decoder.table().length());
        decoder.decode(block, 0, block.length);
        assertEquals(0, decoder.table().length());
        assertEquals(100, decoder.table().capacity());
        // no change, no update
        encoder.peerMaxTableSize(100);
        assertArrayEquals(hex("82"), encoder.encode(List.of(field(":method", "GET"))));
        // a larger peer value than our own cap: we stay at our cap
        encoder.peerMaxTableSize(1 << 20);
        assertArrayEquals(hex("3f e1 1f 82"), encoder.encode(List.of(field(":method", "GET"))));
        assertEquals(4096, encoder.table().capacity());
    }

    @Test
    void ownCapBelowTheDefaultIsSignalledInTheFirstBlock() {
        HpackEncoder encoder = new HpackEncoder(0);
        assertArrayEquals(hex("20 82"), encoder.encode(List.of(field(":method", "GET"))));
        assertArrayEquals(hex("82"), encoder.encode(List.of(field(":method", "GET"))));
    }

    @Test
    void evictionKeepsTheIndexesRight() throws HpackException {
        HpackEncoder encoder = new HpackEncoder(128);
        HpackDecoder decoder = new HpackDecoder(128, 1 << 20);
        Random random = new Random(1);
        for (int i = 0; i < 500; i++) {
            List<HeaderField> fields = new ArrayList<>();
            for (int j = 0; j < 4; j++) {
                fields.add(field("x-" + random.nextInt(6), "v" + random.nextInt(4)));
            }
            byte[] block = encoder.encode(fields);
            assertEquals(fields, decoder.decode(block, 0, block.length));
        }
    }

    @Test
    void longNamesAndValuesUseMultiOctetLengths() throws HpackException {
        HpackEncoder encoder = new HpackEncoder(4096);
        HpackDecoder decoder = new HpackDecoder(4096, 1 << 20);
        List<HeaderField> fields = List.of(field("x-" + "n".repeat(300), "\u00ff".repeat(70000)));
        byte[] block = encoder.encode(fields);
        assertEquals(fields, decoder.decode(block, 0, block.length));
    }
}
