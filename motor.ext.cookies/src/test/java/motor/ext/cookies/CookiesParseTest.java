package motor.ext.cookies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Cookie header parser on strings, from what browsers send to what attackers send. */
class CookiesParseTest {

    private static List<Cookie> parse(String header) {
        return Cookies.parse(header);
    }

    private static Cookie c(String name, String value) {
        return new Cookie(name, value);
    }

    /** A header as the server hands it over: one char per byte of the UTF-8 text. */
    private static String bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void whatBrowsersSend() {
        assertEquals(List.of(c("a", "1"), c("b", "2"), c("c", "3")), parse("a=1; b=2; c=3"));
        assertEquals(List.of(c("sid", "abc")), parse("sid=abc"));
        assertEquals(List.of(), parse(""));
    }

    @Test
    void spacesAroundSeparatorsOrNone() {
        assertEquals(List.of(c("a", "1"), c("b", "2")), parse("a=1;b=2"));
        assertEquals(List.of(c("a", "1"), c("b", "2")), parse("  a = 1 ;\tb\t=\t2  "));
        assertEquals(List.of(c("a", "1"), c("b", "2")), parse("a=1 ; ; b=2;"));
        assertEquals(List.of(c("a", "1")), parse(";;;a=1;;;"));
    }

    @Test
    void missingValues() {
        assertEquals(List.of(c("a", ""), c("b", ""), c("c", "3")), parse("a=; b; c=3"));
        assertEquals(List.of(c("flag", "")), parse("flag"));
        assertEquals(List.of(c("a", "")), parse("a=  "));
    }

    @Test
    void quotedValuesLoseTheirQuotes() {
        assertEquals(List.of(c("a", "x y"), c("b", "")), parse("a=\"x y\"; b=\"\""));
        assertEquals(List.of(c("a", "\"x")), parse("a=\"x"), "an unbalanced quote is kept as it came");
        assertEquals(List.of(c("a", "\"")), parse("a=\""));
    }

    @Test
    void valuesMayHoldWhatTheGrammarForbidsButBrowsersStore() {
        assertEquals(List.of(c("a", "b c"), c("d", "e,f"), c("g", "x\\y")), parse("a=b c; d=e,f; g=x\\y"));
        assertEquals(List.of(c("jwt", "a.b.c=="), c("k", "v=w")), parse("jwt=a.b.c==; k=v=w"));
        assertEquals(List.of(c("a", "tab\tinside")), parse("a=tab\tinside"));
    }

    @Test
    void duplicateNamesAreAllKeptInOrder() {
        assertEquals(List.of(c("id", "specific"), c("x", "1"), c("id", "general")),
                parse("id=specific; x=1; id=general"));
        assertEquals(List.of(c("A", "1"), c("a", "2")), parse("A=1; a=2"), "names are case-sensitive");
    }

    @Test
    void legacyDollarAttributesAreIgnored() {
        assertEquals(List.of(c("Customer", "WILE_E_COYOTE"), c("Part", "Rocket")),
                parse("$Version=\"1\"; Customer=\"WILE_E_COYOTE\"; $Path=\"/acme\"; Part=\"Rocket\"; $Domain=.x.com"));
        assertEquals(List.of(), parse("$Version=1"));
    }

    @Test
    void emptyNamesAreSkipped() {
        assertEquals(List.of(c("b", "2")), parse("=1; b=2"));
        assertEquals(List.of(c("b", "2")), parse(" = ; b=2"));
        assertEquals(List.of(), parse("="));
    }

    @Test
    void controlCharactersSkipThePairOnly() {
        for (char ctl = 0; ctl < 0x20; ctl++) {
            if (ctl == '\t') {
                continue;
            }
            String header = "a=1; b=x" + ctl + "y; c" + ctl + "=2; d=4";
            assertEquals(List.of(c("a", "1"), c("d", "4")), parse(header), "control " + (int) ctl);
        }
        assertEquals(List.of(c("a", "1")), parse("a=1; b=\u007f"));
        assertEquals(List.of(c("a", "1")), parse("a=1; b=x\r\nSet-Cookie: evil=1"));
    }

    @Test
    void utf8BytesAreDecodedAndMalformedOnesSkipped() {
        assertEquals(List.of(c("name", "Zoë 東京"), c("b", "2")), parse(bytes("name=Zoë 東京; b=2")));
        assertEquals(List.of(c("ключ", "v")), parse(bytes("ключ=v")));
        assertEquals(List.of(c("b", "2")), parse("a=\u00e9; b=2"), "a lone Latin-1 byte is not UTF-8");
        assertEquals(List.of(c("b", "2")), parse("a=\u00c3\u0028; b=2"), "a broken UTF-8 sequence");
        assertEquals(List.of(c("b", "2")), parse("a=\u00c0\u00af; b=2"), "an overlong encoding of '/'");
        assertEquals(List.of(c("b", "2")), parse("a=\u00ed\u00a0\u0080; b=2"), "an encoded surrogate");
        assertEquals(List.of(c("b", "2")), parse("a=\u0100; b=2"), "not a byte at all");
    }

    @Test
    void manyPiecesWithoutEqualsParseInLinearTime() {
        // each piece scans only itself: 100k pieces, then one '=' at the end, would be quadratic otherwise
        String header = "a;".repeat(100_000) + "z=1";
        List<Cookie> cookies = parse(header);
        assertEquals(100_001, cookies.size());
        assertEquals(c("z", "1"), cookies.get(100_000));
    }

    @Test
    void randomInputNeverThrowsAndNeverYieldsUnsafeCookies() {
        Random random = new Random(6265);
        char[] alphabet = {'a', 'b', '=', ';', ' ', '\t', '"', '$', '\r', '\n', 0, 0x7f, 0xc3, 0xa9, 0xff, ',', '\\'};
        for (int round = 0; round < 20_000; round++) {
            char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = random.nextInt(4) == 0 ? (char) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            for (Cookie cookie : parse(new String(chars))) {
                assertTrue(!cookie.name().isEmpty() && cookie.name().charAt(0) != '$', cookie.toString());
                assertSafe(cookie.name());
                assertSafe(cookie.value());
                String name = cookie.name();
                assertTrue(" \t".indexOf(name.charAt(0)) < 0 && " \t".indexOf(name.charAt(name.length() - 1)) < 0,
                        "untrimmed name " + name);
            }
        }
    }

    private static void assertSafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            assertTrue(c == '\t' || (c >= 0x20 && c != 0x7f), "control character in " + s);
            assertTrue(c != ';', "separator in " + s);
        }
    }
}
