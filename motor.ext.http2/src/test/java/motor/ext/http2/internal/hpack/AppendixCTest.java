package motor.ext.http2.internal.hpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of RFC 7541 Appendix C, the specification's own data: each block decoded in sequence on one
 * decoder, checking the fields and the dynamic table (entries, newest first, and size) after each step.
 */
class AppendixCTest {

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", "").replace("\n", ""));
    }

    static List<HeaderField> fields(String... lines) {
        List<HeaderField> fields = new ArrayList<>();
        for (String line : lines) {
            int colon = line.indexOf(": ", 1);
            fields.add(new HeaderField(line.substring(0, colon), line.substring(colon + 2)));
        }
        return fields;
    }

    static List<HeaderField> decode(HpackDecoder decoder, String hex) throws HpackException {
        byte[] block = hex(hex);
        return decoder.decode(block, 0, block.length);
    }

    static void assertTable(DynamicTable table, long size, String... entries) {
        List<String> actual = new ArrayList<>();
        for (int i = 1; i <= table.length(); i++) {
            actual.add(table.get(i).name() + ": " + table.get(i).value());
        }
        assertEquals(List.of(entries), actual, "dynamic table entries, newest first");
        assertEquals(size, table.size(), "dynamic table size");
    }

    @Test
    void c21LiteralWithIndexing() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 65536);
        assertEquals(fields("custom-key: custom-header"),
                decode(decoder, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"));
        assertTable(decoder.table(), 55, "custom-key: custom-header");
    }

    @Test
    void c22LiteralWithoutIndexing() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 65536);
        assertEquals(fields(":path: /sample/path"), decode(decoder, "040c 2f73 616d 706c 652f 7061 7468"));
        assertTable(decoder.table(), 0);
    }

    @Test
    void c23LiteralNeverIndexed() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 65536);
        assertEquals(List.of(new HeaderField("password", "secret", true)),
                decode(decoder, "1008 7061 7373 776f 7264 0673 6563 7265 74"));
        assertTable(decoder.table(), 0);
    }

    @Test
    void c24Indexed() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 65536);
        assertEquals(fields(":method: GET"), decode(decoder, "82"));
        assertTable(decoder.table(), 0);
    }

    static final String C3_1 = "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d";
    static final String C3_2 = "8286 84be 5808 6e6f 2d63 6163 6865";
    static final String C3_3 = "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65";
    static final String C4_1 = "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff";
    static final String C4_2 = "8286 84be 5886 a8eb 1064 9cbf";
    static final String C4_3 = "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf";

    static final List<HeaderField> REQUEST_1 = fields(":method: GET", ":scheme: http", ":path: /",
            ":authority: www.example.com");
    static final List<HeaderField> REQUEST_2 = fields(":method: GET", ":scheme: http", ":path: /",
            ":authority: www.example.com", "cache-control: no-cache");
    static final List<HeaderField> REQUEST_3 = fields(":method: GET", ":scheme: https", ":path: /index.html",
            ":authority: www.example.com", "custom-key: custom-value");

    @Test
    void c3RequestsWithoutHuffman() throws HpackException {
        requests(C3_1, C3_2, C3_3);
    }

    @Test
    void c4RequestsWithHuffman() throws HpackException {
        requests(C4_1, C4_2, C4_3);
    }

    private static void requests(String first, String second, String third) throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 65536);
        assertEquals(REQUEST_1, decode(decoder, first));
        assertTable(decoder.table(), 57, ":authority: www.example.com");
        assertEquals(REQUEST_2, decode(decoder, second));
        assertTable(decoder.table(), 110, "cache-control: no-cache", ":authority: www.example.com");
        assertEquals(REQUEST_3, decode(decoder, third));
        assertTable(decoder.table(), 164, "custom-key: custom-value", "cache-control: no-cache",
                ":authority: www.example.com");
    }

    /** The encoder's choices match the RFC's for these requests: the same bytes, Huffman included. */
    @Test
    void c4EncoderProducesTheSameBytes() {
        HpackEncoder encoder = new HpackEncoder(4096);
        assertArrayEquals(hex(C4_1), encoder.encode(REQUEST_1));
        assertArrayEquals(hex(C4_2), encoder.encode(REQUEST_2));
        assertArrayEquals(hex(C4_3), encoder.encode(REQUEST_3));
        assertTable(encoder.table(), 164, "custom-key: custom-value", "cache-control: no-cache",
                ":authority: www.example.com");
    }

    static final String C5_1 = "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133"
            + "2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d";
    static final String C5_2 = "4803 3330 37c1 c0bf";
    static final String C5_3 = "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d"
            + "54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049"
            + "5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31";
    static final String C6_1 = "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6"
            + "2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3";
    static final String C6_2 = "4883 640e ffc1 c0bf";
    static final String C6_3 = "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab"
            + "77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f"
            + "9587 3160 65c0 03ed 4ee5 b106 3d50 07";

    static final List<HeaderField> RESPONSE_1 = fields(":status: 302", "cache-control: private",
            "date: Mon, 21 Oct 2013 20:13:21 GMT", "location: https://www.example.com");
    static final List<HeaderField> RESPONSE_2 = fields(":status: 307", "cache-control: private",
            "date: Mon, 21 Oct 2013 20:13:21 GMT", "location: https://www.example.com");
    static final List<HeaderField> RESPONSE_3 = fields(":status: 200", "cache-control: private",
            "date: Mon, 21 Oct 2013 20:13:22 GMT", "location: https://www.example.com", "content-encoding: gzip",
            "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1");

    @Test
    void c5ResponsesWithoutHuffman() throws HpackException {
        responses(C5_1, C5_2, C5_3);
    }

    @Test
    void c6ResponsesWithHuffman() throws HpackException {
        responses(C6_1, C6_2, C6_3);
    }

    /** SETTINGS_HEADER_TABLE_SIZE 256, so that entries are evicted. */
    private static void responses(String first, String second, String third) throws HpackException {
        HpackDecoder decoder = new HpackDecoder(256, 65536);
        // the examples assume the peer already works with 256 octets, without a size update
        decoder.table().capacity(256);
        assertEquals(RESPONSE_1, decode(decoder, first));
        assertTable(decoder.table(), 222, "location: https://www.example.com", "date: Mon, 21 Oct 2013 20:13:21 GMT",
                "cache-control: private", ":status: 302");
        assertEquals(RESPONSE_2, decode(decoder, second));
        assertTable(decoder.table(), 222, ":status: 307", "location: https://www.example.com",
                "date: Mon, 21 Oct 2013 20:13:21 GMT", "cache-control: private");
        assertEquals(RESPONSE_3, decode(decoder, third));
        assertTable(decoder.table(), 215, "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
                "content-encoding: gzip", "date: Mon, 21 Oct 2013 20:13:22 GMT");
    }

    /** A response sequence of Appendix C encoded by our encoder decodes to the same fields. */
    @Test
    void responsesRoundTripThroughOurEncoder() throws HpackException {
        HpackEncoder encoder = new HpackEncoder(256);
        HpackDecoder decoder = new HpackDecoder(256, 65536);
        for (List<HeaderField> response : List.of(RESPONSE_1, RESPONSE_2, RESPONSE_3, RESPONSE_1)) {
            byte[] block = encoder.encode(response);
            List<HeaderField> decoded = decoder.decode(block, 0, block.length);
            assertEquals(response.size(), decoded.size());
            for (int i = 0; i < response.size(); i++) {
                assertEquals(response.get(i).name(), decoded.get(i).name());
                assertEquals(response.get(i).value(), decoded.get(i).value());
            }
            assertEquals(encoder.table().size(), decoder.table().size(), "the tables stay in step");
        }
    }

    /**
     * Every block cut at every index: the decoder returns a prefix of the fields (a cut between two
     * representations is a valid block) or throws HpackException, never anything else.
     */
    @Test
    void truncationAtEveryIndexFailsCleanly() throws HpackException {
        List<List<String>> sequences = List.of(List.of(C3_1, C3_2, C3_3), List.of(C4_1, C4_2, C4_3),
                List.of(C5_1, C5_2, C5_3), List.of(C6_1, C6_2, C6_3));
        for (List<String> sequence : sequences) {
            for (int step = 0; step < sequence.size(); step++) {
                byte[] block = hex(sequence.get(step));
                int complete = 0;
                int fields = -1;
                for (int cut = 0; cut < block.length; cut++) {
                    HpackDecoder decoder = new HpackDecoder(4096, 65536);
                    decoder.table().capacity(256);
                    for (int before = 0; before < step; before++) {
                        decode(decoder, sequence.get(before));
                    }
                    HpackDecoder reference = new HpackDecoder(4096, 65536);
                    reference.table().capacity(256);
                    for (int before = 0; before < step; before++) {
                        decode(reference, sequence.get(before));
                    }
                    List<HeaderField> whole = reference.decode(block, 0, block.length);
                    fields = whole.size();
                    try {
                        List<HeaderField> partial = decoder.decode(block, 0, cut);
                        assertEquals(whole.subList(0, partial.size()), partial, "a prefix of the fields");
                        complete++;
                    } catch (HpackException expected) {
                        assertEquals(false, expected.headerListTooLarge());
                    }
                }
                // only the cuts between representations decode: one before each field
                assertEquals(fields, complete, "cuts that decode");
            }
        }
    }
}
