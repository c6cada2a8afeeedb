package motor.ext.http2.internal.hpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz tests of HPACK. In the normal build they run as regression tests over the seeds in
 * {@code src/test/resources/motor/ext/http2/internal/hpack/HpackFuzzTestInputs}; with {@code JAZZER_FUZZ=1}
 * Jazzer explores new inputs. The properties: whatever the bytes, decoding gives fields or an
 * HpackException and nothing else, the list limit holds, and what was decoded survives our encoder and a
 * fresh decoder unchanged (names lowercased); any field list survives encoding and decoding, with table size changes between
 * blocks.
 */
class HpackFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void decode(byte[] input) {
        // the input is one or two blocks on one connection: the first byte says where the second starts
        int cut = input.length < 2 ? input.length : 1 + (input[0] & 0xFF) % input.length;
        HpackDecoder decoder = new HpackDecoder(4096, 4000);
        int[][] blocks = {{input.length < 2 ? 0 : 1, cut}, {cut, input.length}};
        for (int[] block : blocks) {
            List<HeaderField> fields;
            try {
                fields = decoder.decode(input, block[0], block[1] - block[0]);
            } catch (HpackException e) {
                if (!e.headerListTooLarge()) {
                    return;  // a COMPRESSION_ERROR ends the connection
                }
                continue;
            }
            long size = 0;
            for (HeaderField field : fields) {
                size += field.size();
            }
            assertTrue(size <= 4000, "the list limit holds");
            HpackEncoder encoder = new HpackEncoder(4096);
            byte[] again = encoder.encode(fields);
            try {
                List<HeaderField> decoded = new HpackDecoder(4096, Long.MAX_VALUE).decode(again, 0, again.length);
                assertEquals(fields.size(), decoded.size());
                for (int i = 0; i < fields.size(); i++) {
                    assertEquals(asciiLowercase(fields.get(i).name()), decoded.get(i).name());
                    assertEquals(fields.get(i).value(), decoded.get(i).value());
                }
            } catch (HpackException e) {
                throw new AssertionError("our own block does not decode", e);
            }
        }
    }

    /**
     * The input as a script: octet 0x01 starts a new block, 0x02 changes the peer's table size (by the next
     * octet), 0x03 makes the next field sensitive; other octets up to a 0x00 form a name, then a value.
     */
    @FuzzTest(maxDuration = "30s")
    void roundTrip(byte[] input) throws HpackException {
        HpackEncoder encoder = new HpackEncoder(4096);
        HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
        List<HeaderField> fields = new ArrayList<>();
        StringBuilder name = null;
        StringBuilder current = new StringBuilder();
        boolean sensitive = false;
        for (int i = 0; i <= input.length; i++) {
            int b = i == input.length ? 0x01 : input[i] & 0xFF;
            if (b == 0x01) {
                check(encoder, decoder, fields);
                fields.clear();
            } else if (b == 0x02 && i + 1 < input.length) {
                encoder.peerMaxTableSize((input[++i] & 0xFF) * 32L);
            } else if (b == 0x03) {
                sensitive = true;
            } else if (b == 0x00) {
                if (name == null) {
                    name = current;
                } else {
                    fields.add(new HeaderField(name.toString(), current.toString(), sensitive));
                    name = null;
                    sensitive = false;
                }
                current = new StringBuilder();
            } else {
                current.append((char) b);
            }
        }
    }

    private static void check(HpackEncoder encoder, HpackDecoder decoder, List<HeaderField> fields)
            throws HpackException {
        byte[] block = encoder.encode(fields);
        List<HeaderField> decoded = decoder.decode(block, 0, block.length);
        assertEquals(fields.size(), decoded.size());
        for (int i = 0; i < fields.size(); i++) {
            assertEquals(asciiLowercase(fields.get(i).name()), decoded.get(i).name());
            assertEquals(fields.get(i).value(), decoded.get(i).value());
        }
        assertEquals(encoder.table().size(), decoder.table().size(), "the tables stay in step");
        assertEquals(encoder.table().length(), decoder.table().length());
        assertTrue(new String(block, StandardCharsets.ISO_8859_1).length() == block.length);
    }

    /** What the encoder sends for a name: ASCII letters in lowercase, everything else as it is. */
    static String asciiLowercase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return out.toString();
    }
}
