package motor.ext.http2.internal.hpack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random field lists through one encoder and one decoder, as on a connection, with the peer's table size
 * changing between blocks: every block decodes to what was encoded and both tables hold the same entries.
 */
class RoundTripTest {

    private static final String[] NAMES = {":status", ":path", "content-type", "server", "cache-control",
        "set-cookie", "x-trace", "vary", "date", "content-length", "x-custom-header-with-a-long-name", "etag",
        "authorization", "location"};
    private static final String[] VALUES = {"200", "404", "text/html; charset=utf-8", "motor", "no-cache",
        "private, max-age=0", "gzip", "", "Mon, 21 Oct 2013 20:13:21 GMT", "/index.html"};
    private static final long[] TABLE_SIZES = {0, 1, 31, 64, 256, 1000, 4096, 16384, 65536, (1L << 32) - 1};

    @Test
    void randomFieldListsWithTableSizeChanges() throws HpackException {
        for (long seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            int ownCap = random.nextBoolean() ? 4096 : random.nextInt(8192);
            HpackEncoder encoder = new HpackEncoder(ownCap);
            HpackDecoder decoder = new HpackDecoder(Math.max(ownCap, 4096), Long.MAX_VALUE);
            for (int block = 0; block < 200; block++) {
                int changes = random.nextInt(10) < 2 ? 1 + random.nextInt(3) : 0;
                for (int c = 0; c < changes; c++) {
                    encoder.peerMaxTableSize(TABLE_SIZES[random.nextInt(TABLE_SIZES.length)]);
                }
                List<HeaderField> fields = randomFields(random);
                byte[] encoded = encoder.encode(fields);
                List<HeaderField> decoded = decoder.decode(encoded, 0, encoded.length);
                assertEquals(fields.size(), decoded.size());
                for (int i = 0; i < fields.size(); i++) {
                    HeaderField sent = fields.get(i);
                    HeaderField received = decoded.get(i);
                    assertEquals(sent.name(), received.name());
                    assertEquals(sent.value(), received.value());
                    if (sent.sensitive()) {
                        assertEquals(true, received.sensitive(), "sensitive stays never-indexed");
                    }
                }
                DynamicTable ours = encoder.table();
                DynamicTable theirs = decoder.table();
                assertEquals(ours.length(), theirs.length(), "seed " + seed + " block " + block);
                assertEquals(ours.size(), theirs.size());
                assertEquals(ours.capacity(), theirs.capacity());
                for (int i = 1; i <= ours.length(); i++) {
                    assertEquals(ours.get(i).name(), theirs.get(i).name());
                    assertEquals(ours.get(i).value(), theirs.get(i).value());
                }
            }
        }
    }

    private static List<HeaderField> randomFields(Random random) {
        List<HeaderField> fields = new ArrayList<>();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            String name = random.nextInt(8) == 0 ? randomString(random, 1 + random.nextInt(20), true)
                    : NAMES[random.nextInt(NAMES.length)];
            String value = random.nextInt(4) == 0 ? randomString(random, random.nextInt(random.nextInt(10) == 0 ? 3000 : 40), false)
                    : VALUES[random.nextInt(VALUES.length)];
            fields.add(new HeaderField(name, value, random.nextInt(10) == 0));
        }
        return fields;
    }

    private static String randomString(Random random, int length, boolean name) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = name ? (char) ('a' + random.nextInt(26)) : (char) random.nextInt(256);
        }
        return new String(chars);
    }
}
