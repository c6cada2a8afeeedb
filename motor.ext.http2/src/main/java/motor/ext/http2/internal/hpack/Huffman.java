package motor.ext.http2.internal.hpack;

/**
 * The canonical Huffman code of RFC 7541 Appendix B, for string literals. Decoding takes the next 8 bits
 * through a 256-entry table (every code of up to 8 bits: the letters, digits and common punctuation) and
 * falls back to the canonical-code limits, one comparison per length, for the rare longer codes.
 */
final class Huffman {

    /** Symbol 256, end of string: never valid in the data, its prefix pads the last octet. */
    static final int EOS = 256;

    /** Appendix B, one pair per symbol: the code (aligned to the least significant bit) and its length. */
    private static final int[] TABLE = {
        0x1ff8, 13, 0x7fffd8, 23, 0xfffffe2, 28, 0xfffffe3, 28, // 0
        0xfffffe4, 28, 0xfffffe5, 28, 0xfffffe6, 28, 0xfffffe7, 28, // 4
        0xfffffe8, 28, 0xffffea, 24, 0x3ffffffc, 30, 0xfffffe9, 28, // 8
        0xfffffea, 28, 0x3ffffffd, 30, 0xfffffeb, 28, 0xfffffec, 28, // 12
        0xfffffed, 28, 0xfffffee, 28, 0xfffffef, 28, 0xffffff0, 28, // 16
        0xffffff1, 28, 0xffffff2, 28, 0x3ffffffe, 30, 0xffffff3, 28, // 20
        0xffffff4, 28, 0xffffff5, 28, 0xffffff6, 28, 0xffffff7, 28, // 24
        0xffffff8, 28, 0xffffff9, 28, 0xffffffa, 28, 0xffffffb, 28, // 28
        0x14, 6, 0x3f8, 10, 0x3f9, 10, 0xffa, 12, // 32
        0x1ff9, 13, 0x15, 6, 0xf8, 8, 0x7fa, 11, // 36
        0x3fa, 10, 0x3fb, 10, 0xf9, 8, 0x7fb, 11, // 40
        0xfa, 8, 0x16, 6, 0x17, 6, 0x18, 6, // 44
        0x0, 5, 0x1, 5, 0x2, 5, 0x19, 6, // 48
        0x1a, 6, 0x1b, 6, 0x1c, 6, 0x1d, 6, // 52
        0x1e, 6, 0x1f, 6, 0x5c, 7, 0xfb, 8, // 56
        0x7ffc, 15, 0x20, 6, 0xffb, 12, 0x3fc, 10, // 60
        0x1ffa, 13, 0x21, 6, 0x5d, 7, 0x5e, 7, // 64
        0x5f, 7, 0x60, 7, 0x61, 7, 0x62, 7, // 68
        0x63, 7, 0x64, 7, 0x65, 7, 0x66, 7, // 72
        0x67, 7, 0x68, 7, 0x69, 7, 0x6a, 7, // 76
        0x6b, 7, 0x6c, 7, 0x6d, 7, 0x6e, 7, // 80
        0x6f, 7, 0x70, 7, 0x71, 7, 0x72, 7, // 84
        0xfc, 8, 0x73, 7, 0xfd, 8, 0x1ffb, 13, // 88
        0x7fff0, 19, 0x1ffc, 13, 0x3ffc, 14, 0x22, 6, // 92
        0x7ffd, 15, 0x3, 5, 0x23, 6, 0x4, 5, // 96
        0x24, 6, 0x5, 5, 0x25, 6, 0x26, 6, // 100
        0x27, 6, 0x6, 5, 0x74, 7, 0x75, 7, // 104
        0x28, 6, 0x29, 6, 0x2a, 6, 0x7, 5, // 108
        0x2b, 6, 0x76, 7, 0x2c, 6, 0x8, 5, // 112
        0x9, 5, 0x2d, 6, 0x77, 7, 0x78, 7, // 116
        0x79, 7, 0x7a, 7, 0x7b, 7, 0x7ffe, 15, // 120
        0x7fc, 11, 0x3ffd, 14, 0x1ffd, 13, 0xffffffc, 28, // 124
        0xfffe6, 20, 0x3fffd2, 22, 0xfffe7, 20, 0xfffe8, 20, // 128
        0x3fffd3, 22, 0x3fffd4, 22, 0x3fffd5, 22, 0x7fffd9, 23, // 132
        0x3fffd6, 22, 0x7fffda, 23, 0x7fffdb, 23, 0x7fffdc, 23, // 136
        0x7fffdd, 23, 0x7fffde, 23, 0xffffeb, 24, 0x7fffdf, 23, // 140
        0xffffec, 24, 0xffffed, 24, 0x3fffd7, 22, 0x7fffe0, 23, // 144
        0xffffee, 24, 0x7fffe1, 23, 0x7fffe2, 23, 0x7fffe3, 23, // 148
        0x7fffe4, 23, 0x1fffdc, 21, 0x3fffd8, 22, 0x7fffe5, 23, // 152
        0x3fffd9, 22, 0x7fffe6, 23, 0x7fffe7, 23, 0xffffef, 24, // 156
        0x3fffda, 22, 0x1fffdd, 21, 0xfffe9, 20, 0x3fffdb, 22, // 160
        0x3fffdc, 22, 0x7fffe8, 23, 0x7fffe9, 23, 0x1fffde, 21, // 164
        0x7fffea, 23, 0x3fffdd, 22, 0x3fffde, 22, 0xfffff0, 24, // 168
        0x1fffdf, 21, 0x3fffdf, 22, 0x7fffeb, 23, 0x7fffec, 23, // 172
        0x1fffe0, 21, 0x1fffe1, 21, 0x3fffe0, 22, 0x1fffe2, 21, // 176
        0x7fffed, 23, 0x3fffe1, 22, 0x7fffee, 23, 0x7fffef, 23, // 180
        0xfffea, 20, 0x3fffe2, 22, 0x3fffe3, 22, 0x3fffe4, 22, // 184
        0x7ffff0, 23, 0x3fffe5, 22, 0x3fffe6, 22, 0x7ffff1, 23, // 188
        0x3ffffe0, 26, 0x3ffffe1, 26, 0xfffeb, 20, 0x7fff1, 19, // 192
        0x3fffe7, 22, 0x7ffff2, 23, 0x3fffe8, 22, 0x1ffffec, 25, // 196
        0x3ffffe2, 26, 0x3ffffe3, 26, 0x3ffffe4, 26, 0x7ffffde, 27, // 200
        0x7ffffdf, 27, 0x3ffffe5, 26, 0xfffff1, 24, 0x1ffffed, 25, // 204
        0x7fff2, 19, 0x1fffe3, 21, 0x3ffffe6, 26, 0x7ffffe0, 27, // 208
        0x7ffffe1, 27, 0x3ffffe7, 26, 0x7ffffe2, 27, 0xfffff2, 24, // 212
        0x1fffe4, 21, 0x1fffe5, 21, 0x3ffffe8, 26, 0x3ffffe9, 26, // 216
        0xffffffd, 28, 0x7ffffe3, 27, 0x7ffffe4, 27, 0x7ffffe5, 27, // 220
        0xfffec, 20, 0xfffff3, 24, 0xfffed, 20, 0x1fffe6, 21, // 224
        0x3fffe9, 22, 0x1fffe7, 21, 0x1fffe8, 21, 0x7ffff3, 23, // 228
        0x3fffea, 22, 0x3fffeb, 22, 0x1ffffee, 25, 0x1ffffef, 25, // 232
        0xfffff4, 24, 0xfffff5, 24, 0x3ffffea, 26, 0x7ffff4, 23, // 236
        0x3ffffeb, 26, 0x7ffffe6, 27, 0x3ffffec, 26, 0x3ffffed, 26, // 240
        0x7ffffe7, 27, 0x7ffffe8, 27, 0x7ffffe9, 27, 0x7ffffea, 27, // 244
        0x7ffffeb, 27, 0xffffffe, 28, 0x7ffffec, 27, 0x7ffffed, 27, // 248
        0x7ffffee, 27, 0x7ffffef, 27, 0x7fffff0, 27, 0x3ffffee, 26, // 252
        0x3fffffff, 30, // 256
    };

    private static final int[] CODES = new int[257];
    private static final byte[] LENGTHS = new byte[257];
    /** Top 8 bits to {@code length << 9 | symbol} for codes of at most 8 bits, else 0. */
    private static final short[] PRIMARY = new short[256];
    /** Per length, the left-aligned (32-bit, unsigned) exclusive upper bound of its codes. */
    private static final long[] LIMIT = new long[31];
    /** Per length, the first code of that length. */
    private static final int[] FIRST = new int[31];
    /** Per length, where its symbols start in {@link #SORTED}. */
    private static final int[] START = new int[31];
    /** The symbols sorted by code (by length, then by symbol: the code is canonical). */
    private static final int[] SORTED = new int[257];

    static {
        int[] count = new int[31];
        for (int s = 0; s < 257; s++) {
            CODES[s] = TABLE[2 * s];
            LENGTHS[s] = (byte) TABLE[2 * s + 1];
            count[LENGTHS[s]]++;
        }
        int at = 0;
        int code = 0;
        for (int length = 1; length <= 30; length++) {
            START[length] = at;
            FIRST[length] = code;
            for (int s = 0; s < 257; s++) {
                if (LENGTHS[s] == length) {
                    SORTED[at++] = s;
                }
            }
            code += count[length];
            LIMIT[length] = (long) code << (32 - length);
            code <<= 1;
        }
        for (int s = 0; s < 257; s++) {
            int length = LENGTHS[s];
            if (length <= 8) {
                int first = CODES[s] << (8 - length);
                for (int i = 0; i < 1 << (8 - length); i++) {
                    PRIMARY[first + i] = (short) (length << 9 | s);
                }
            }
        }
    }

    private Huffman() {
    }

    /** {@return the code of a symbol, for tests} */
    static int code(int symbol) {
        return CODES[symbol];
    }

    /** {@return the code length of a symbol, for tests} */
    static int length(int symbol) {
        return LENGTHS[symbol];
    }

    /** {@return the octets {@code s} takes Huffman-coded, each char taken as its low 8 bits} */
    static long encodedLength(String s) {
        long bits = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            bits += LENGTHS[s.charAt(i) & 0xFF];
        }
        return (bits + 7) >>> 3;
    }

    /**
     * Huffman-codes {@code s} into {@code dst} at {@code at}, padding the last octet with the most
     * significant bits of EOS.
     *
     * @return the index after the last octet written
     */
    static int encode(String s, byte[] dst, int at) {
        long acc = 0;
        int bits = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            int symbol = s.charAt(i) & 0xFF;
            int length = LENGTHS[symbol];
            acc = acc << length | CODES[symbol];
            bits += length;
            while (bits >= 8) {
                bits -= 8;
                dst[at++] = (byte) (acc >>> bits);
            }
        }
        if (bits > 0) {
            dst[at++] = (byte) (acc << (8 - bits) | 0xFF >>> bits);
        }
        return at;
    }

    /** {@return the most octets {@code length} Huffman-coded octets can decode to (codes are at least 5 bits)} */
    static int maxDecodedLength(int length) {
        return (int) (((long) length * 8) / 5);
    }

    /**
     * Decodes Huffman-coded octets.
     *
     * @param dst where to put the octets, at least {@link #maxDecodedLength} long
     * @return how many octets were decoded
     * @throws HpackException if the data contain EOS or the padding is longer than 7 bits or not all ones
     */
    static int decode(byte[] src, int offset, int length, byte[] dst) throws HpackException {
        int i = offset;
        int end = offset + length;
        long acc = 0;
        int bits = 0;
        int n = 0;
        while (true) {
            while (bits < 30 && i < end) {
                acc = acc << 8 | src[i++] & 0xFF;
                bits += 8;
            }
            if (bits == 0) {
                return n;
            }
            long peek = bits >= 32 ? acc >>> (bits - 32) & 0xFFFF_FFFFL : acc << (32 - bits) & 0xFFFF_FFFFL;
            int entry = PRIMARY[(int) (peek >>> 24)];
            int symbol;
            int codeLength;
            if (entry != 0) {
                codeLength = entry >>> 9;
                symbol = entry & 0x1FF;
            } else {
                codeLength = 9;
                while (peek >= LIMIT[codeLength]) {
                    codeLength++;
                }
                symbol = SORTED[START[codeLength] + (int) (peek >>> (32 - codeLength)) - FIRST[codeLength]];
            }
            if (codeLength > bits) {
                // the input is used up and what is left is no whole code: it must be padding
                if (bits > 7) {
                    throw new HpackException("Huffman padding longer than 7 bits", false);
                }
                long mask = (1L << bits) - 1;
                if ((acc & mask) != mask) {
                    throw new HpackException("Huffman padding not made of ones", false);
                }
                return n;
            }
            if (symbol == EOS) {
                throw new HpackException("EOS symbol inside Huffman-coded string", false);
            }
            dst[n++] = (byte) symbol;
            bits -= codeLength;
            acc &= (1L << bits) - 1;
        }
    }
}
