package motor.ext.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The incremental UTF-8 check: whole, split at every index, and the index of the first bad byte. */
class Utf8ValidatorTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Feeds {@code bytes} in two pieces split at {@code split}; returns the first invalid index or -1. */
    private static int check(byte[] bytes, int split) {
        Utf8Validator v = new Utf8Validator();
        int bad = v.feed(bytes, 0, split);
        if (bad >= 0) {
            return bad;
        }
        bad = v.feed(bytes, split, bytes.length - split);
        if (bad >= 0) {
            return bad;
        }
        return v.complete() ? -1 : bytes.length;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "κόσμε", "Hello-µ@ßöäüàá-UTF-8!!", "\u0080", "\u07FF", "\u0800", "\uFFFF",
            "\uD7FF", "\uE000", "\uFFFD", "\uD800\uDC00", "\uDBFF\uDFFF", "日本語テキスト", "😀 emoji 🎉"})
    void validTextPassesWhateverTheSplit(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            assertEquals(-1, check(bytes, split), "split at " + split);
        }
    }

    /** Invalid sequences (hex) and the index of the byte that makes them invalid. */
    @ParameterizedTest
    @ValueSource(strings = {
        "80:0", "bf:0", "c0af:0", "c1bf:0", "e080af:1", "f08080af:1", "f4908080:1", "f5:0", "ff:0", "fe:0",
        "eda080:1", "edbfbf:1", "cebae1bdb9cf83cebcceb5eda080656469746564:12", "c2:1", "e282:2", "f09f98:3",
        "41c241:2", "e2e2:1", "f8888080:0", "c0:0"})
    void invalidTextFailsAtItsFirstBadByte(String fixture) {
        String[] parts = fixture.split(":");
        byte[] bytes = HEX.parseHex(parts[0]);
        int expected = Integer.parseInt(parts[1]);
        for (int split = 0; split <= bytes.length; split++) {
            assertEquals(expected, check(bytes, split), "split at " + split);
        }
    }

    @Test
    void byteAtATimeFailsFast() {
        byte[] bytes = HEX.parseHex("cebae1bdb9cf83cebcceb5eda080656469746564");
        Utf8Validator v = new Utf8Validator();
        int i = 0;
        while (v.feed(bytes, i, 1) < 0) {
            i++;
        }
        assertEquals(12, i, "the second byte of the surrogate ED A0 is the first that cannot be valid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"e2", "f0"})
    void resetForgetsAPartialCharacter(String hex) {
        Utf8Validator v = new Utf8Validator();
        assertEquals(-1, v.feed(HEX.parseHex(hex), 0, 1));
        assertFalse(v.complete());
        v.reset();
        assertTrue(v.complete());
        assertEquals(-1, v.feed(new byte[] {'a'}, 0, 1));
    }
}
