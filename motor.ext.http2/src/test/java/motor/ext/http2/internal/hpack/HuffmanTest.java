package motor.ext.http2.internal.hpack;

import static motor.ext.http2.internal.hpack.AppendixCTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HuffmanTest {

    /**
     * The transcribed table is a complete prefix code (Kraft sum exactly 1) and canonical (codes ordered by
     * length, then symbol), as RFC 7541 Appendix B describes it: a typo in one row breaks either property.
     */
    @Test
    void tableIsCompleteAndCanonical() {
        BigInteger sum = BigInteger.ZERO;
        for (int s = 0; s <= 256; s++) {
            sum = sum.add(BigInteger.ONE.shiftLeft(30 - Huffman.length(s)));
            assertEquals(0, Huffman.code(s) >>> Huffman.length(s), "code fits its length: " + s);
        }
        assertEquals(BigInteger.ONE.shiftLeft(30), sum, "Kraft sum");
        Integer[] order = new Integer[257];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Huffman.length(a) != Huffman.length(b)
                ? Integer.compare(Huffman.length(a), Huffman.length(b)) : Integer.compare(a, b));
        long code = 0;
        for (int i = 0; i < order.length; i++) {
            int s = order[i];
            if (i > 0) {
                code = (code + 1) << (Huffman.length(s) - Huffman.length(order[i - 1]));
            }
            assertEquals(code, Huffman.code(s), "canonical code of symbol " + s);
        }
        assertEquals(0x3fffffff, Huffman.code(Huffman.EOS));
        assertEquals(30, Huffman.length(Huffman.EOS));
    }

    private static byte[] encode(String s) {
        byte[] out = new byte[(int) Huffman.encodedLength(s)];
        assertEquals(out.length, Huffman.encode(s, out, 0));
        return out;
    }

    private static String decode(byte[] data) throws HpackException {
        byte[] out = new byte[Huffman.maxDecodedLength(data.length)];
        int n = Huffman.decode(data, 0, data.length, out);
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Test
    void appendixCStrings() throws HpackException {
        String[][] cases = {
            {"www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff"},
            {"no-cache", "a8eb 1064 9cbf"},
            {"custom-key", "25a8 49e9 5ba9 7d7f"},
            {"custom-value", "25a8 49e9 5bb8 e8b4 bf"},
            {"302", "6402"},
            {"private", "aec3 771a 4b"},
            {"Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff"},
            {"https://www.example.com", "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3"},
            {"307", "640e ff"},
            {"gzip", "9bd9 ab"},
            {"foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
                "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07"},
        };
        for (String[] c : cases) {
            assertArrayEquals(hex(c[1]), encode(c[0]), c[0]);
            assertEquals(c[0], decode(hex(c[1])));
        }
    }

    @Test
    void everyOctetRoundTrips() throws HpackException {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c < 256; c++) {
            all.append((char) c);
            String one = String.valueOf((char) c);
            assertEquals(one, decode(encode(one)), "octet " + c);
        }
        assertEquals(all.toString(), decode(encode(all.toString())));
    }

    @Test
    void randomStringsRoundTrip() throws HpackException {
        Random random = new Random(7541);
        for (int i = 0; i < 2000; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) (random.nextBoolean() ? 'a' + random.nextInt(26) : random.nextInt(256));
            }
            String s = new String(chars);
            assertEquals(s, decode(encode(s)));
        }
    }

    @Test
    void emptyInputDecodesToNothing() throws HpackException {
        assertEquals("", decode(new byte[0]));
    }

    @Test
    void longestCodesAtTheEnd() throws HpackException {
        // octets 10, 13 and 22 have 30-bit codes, one bit short of EOS's prefix
        String s = "\n\r\u0016";
        assertEquals(s, decode(encode(s)));
        assertEquals(12, encode(s).length);
    }

    @Test
    void paddingRules() {
        // "a" is 00011: padding 111 is right, 7 bits of ones at most
        assertThrows(HpackException.class, () -> decode(hex("18")));          // padding 000
        assertThrows(HpackException.class, () -> decode(hex("1f ff")));       // 11 bits of padding
        assertThrows(HpackException.class, () -> decode(hex("ff")));          // 8 bits of padding alone
        assertThrows(HpackException.class, () -> decode(hex("ff ff ff fc"))); // EOS prefix then 00
        assertThrows(HpackException.class, () -> decode(hex("ff ff ff ff"))); // EOS
    }

    @Test
    void everyTruncationOfAnEncodedStringDecodesOrFailsCleanly() {
        byte[] data = encode("Mon, 21 Oct 2013 20:13:21 GMT \u00e9\u0001~{}");
        for (int cut = 0; cut <= data.length; cut++) {
            byte[] out = new byte[Huffman.maxDecodedLength(cut)];
            try {
                Huffman.decode(data, 0, cut, out);
            } catch (HpackException expected) {
                // fine: truncation leaves a partial code that is not valid padding
            }
        }
    }
}
