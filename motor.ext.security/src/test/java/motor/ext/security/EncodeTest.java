package motor.ext.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The encoders on hostile strings: the classic injection payloads, every ASCII character, broken UTF-16,
 * and random mixes. Each output is checked two ways: it holds none of the characters that would let the
 * text escape its context, and decoding it as the browser would gives back the input.
 */
class EncodeTest {

    /** Payloads that try to leave a context; none may survive encoding as markup or code. */
    static final List<String> HOSTILE = List.of(
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "' onmouseover='alert(1)",
            "javascript:alert(1)",
            "</script><script>alert(document.cookie)</script>",
            "<!--<script>",
            "';alert(String.fromCharCode(88,83,83))//';alert(1)//\"",
            "\\'; alert(1); //",
            "`${alert(1)}`",
            "\u2028alert(1)\u2029",
            "x onfocus=alert(1) autofocus",
            "\"; } body { background: url(javascript:alert(1)) } /*",
            "</style><script>alert(1)</script>",
            "&lt;script&gt;",
            "%3Cscript%3E",
            "a\u0000b\u0001c\u007fd\u0085e",
            "\uD800 lone high, lone low \uDC00",
            "\uFFFE\uFFFF\uFDD0",
            "emoji \uD83D\uDE00 and \u00e9\u4e2d\u6587",
            "tab\tline\nfeed\fform\rreturn");

    // ------------------------------------------------------------ html

    @Test
    void htmlEscapesTheFiveSpecialCharacters() {
        assertEquals("&lt;script&gt;alert(1)&lt;/script&gt;", Encode.html("<script>alert(1)</script>"));
        assertEquals("&#34;&gt;&lt;img src=x onerror=alert(1)&gt;", Encode.html("\"><img src=x onerror=alert(1)>"));
        assertEquals("&#39; onmouseover=&#39;x", Encode.html("' onmouseover='x"));
        assertEquals("&amp;lt;", Encode.html("&lt;"), "an existing reference is encoded again, not trusted");
    }

    @Test
    void htmlKeepsReadableTextAsItIs() {
        String text = "Hello, world: caf\u00e9 \u4e2d\u6587 \uD83D\uDE00\ttab\nline";
        assertEquals(text, Encode.html(text));
        String ascii = "plain text 123";
        assertSame(ascii, Encode.html(ascii), "nothing to encode: no copy");
    }

    @Test
    void htmlReplacesWhatADocumentCannotHold() {
        assertEquals("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe", Encode.html("a\u0000b\u0001c\u007fd\u0085e"));
        assertEquals("\uFFFDx\uFFFD", Encode.html("\uD800x\uDC00"));
        assertEquals("\uFFFD\uFFFD\uFFFD", Encode.html("\uFFFE\uFFFF\uFDD0"));
        assertEquals("\uFFFD", Encode.html("\uD83F\uDFFF"), "U+1FFFF is a noncharacter: one replacement for the pair");
        assertEquals("\uFFFD", Encode.html("\uDBFF"), "a high surrogate at the end");
    }

    @Test
    void htmlOutputNeverHoldsMarkup() {
        for (String s : corpus()) {
            String out = Encode.html(s);
            assertNoneOf(out, "<>\"'", s);
            assertEquals(documentText(s), decodeReferences(out), s);
        }
    }

    // ------------------------------------------------------------ attribute

    @Test
    void attributeEncodesEverythingThatCouldEndAValue() {
        assertEquals("x&#x20;onfocus&#x3d;alert&#x28;1&#x29;&#x20;autofocus", Encode.attribute("x onfocus=alert(1) autofocus"));
        assertEquals("&#x22;&#x27;&#x60;&#x3c;&#x3e;&#x26;", Encode.attribute("\"'`<>&"));
        assertEquals("a,b.c-d_e", Encode.attribute("a,b.c-d_e"));
        assertEquals("caf\u00e9", Encode.attribute("caf\u00e9"));
    }

    @Test
    void attributeOutputIsSafeEvenUnquoted() {
        for (String s : corpus()) {
            String out = Encode.attribute(s);
            for (int i = 0; i < out.length(); i++) {
                char c = out.charAt(i);
                boolean ok = c >= 0x80 || Character.isLetterOrDigit(c) || ",.-_&#;".indexOf(c) >= 0;
                assertTrue(ok, "unexpected '" + c + "' in " + out);
            }
            assertEquals(documentText(s), decodeReferences(out), s);
        }
    }

    // ------------------------------------------------------------ javaScript

    @Test
    void javaScriptCannotEndTheLiteralOrTheScript() {
        assertEquals("\\x3c/script\\x3e\\x3cscript\\x3ealert(document.cookie)\\x3c/script\\x3e",
                Encode.javaScript("</script><script>alert(document.cookie)</script>"));
        assertEquals("\\\\\\x27; alert(1); //", Encode.javaScript("\\'; alert(1); //"));
        assertEquals("\\x60\\x24{alert(1)}\\x60", Encode.javaScript("`${alert(1)}`"));
        assertEquals("\\u2028alert(1)\\u2029", Encode.javaScript("\u2028alert(1)\u2029"));
        assertEquals("\\x22\\x26", Encode.javaScript("\"&"));
        assertEquals("a\\nb\\rc\\td\\x00e\\x7ff\\x85", Encode.javaScript("a\nb\rc\td\u0000e\u007ff\u0085"));
        assertEquals("\\ud800x", Encode.javaScript("\uD800x"), "a lone surrogate escaped, losslessly");
        assertEquals("\uD83D\uDE00 caf\u00e9", Encode.javaScript("\uD83D\uDE00 caf\u00e9"));
    }

    @Test
    void javaScriptOutputRoundTripsAndHoldsNoDelimiter() {
        for (String s : corpus()) {
            String out = Encode.javaScript(s);
            assertNoneOf(out, "<>&\"'`$\n\r\u2028\u2029", s);
            assertFalse(out.chars().anyMatch(c -> c < 0x20 || c >= 0x7f && c <= 0x9f), "raw control in " + out);
            assertEquals(out, replaceLoneSurrogates(out), "lone surrogate left raw in " + out);
            assertEquals(s, unescapeJavaScript(out), s);
        }
    }

    // ------------------------------------------------------------ url

    @Test
    void urlEncodesAComponent() {
        assertEquals("a%20b%2Fc%3Fd%3De%26f%23g%2Bh", Encode.url("a b/c?d=e&f#g+h"));
        assertEquals("caf%C3%A9%20%F0%9F%98%80", Encode.url("caf\u00e9 \uD83D\uDE00"));
        assertEquals("javascript%3Aalert%281%29", Encode.url("javascript:alert(1)"));
        assertEquals("%EF%BF%BDx", Encode.url("\uDC00x"));
        assertEquals("A-Z_a.z~0", Encode.url("A-Z_a.z~0"));
    }

    @Test
    void urlOutputDecodesBack() {
        for (String s : corpus()) {
            String out = Encode.url(s);
            for (int i = 0; i < out.length(); i++) {
                char c = out.charAt(i);
                assertTrue(c < 0x80 && (Character.isLetterOrDigit(c) || "-._~%".indexOf(c) >= 0), out);
            }
            assertEquals(wellFormed(s), URLDecoder.decode(out, StandardCharsets.UTF_8), s);
        }
    }

    // ------------------------------------------------------------ css

    @Test
    void cssCannotEndTheStringOrTheRule() {
        assertEquals("\\22 \\3b \\20 \\7d ", Encode.css("\"; }"));
        assertEquals("\\3c \\2f style\\3e ", Encode.css("</style>"));
        assertEquals("a\\a b\\fffd ", Encode.css("a\nb\u0000"), "a line feed escaped, NUL replaced");
        assertEquals("\\fffd x", Encode.css("\uD800x"));
        assertEquals("caf\u00e9", Encode.css("caf\u00e9"));
    }

    @Test
    void cssOutputRoundTrips() {
        for (String s : corpus()) {
            String out = Encode.css(s);
            assertNoneOf(out, "\"'<>;{}()/:\n\r", s);
            assertEquals(replaceLoneSurrogates(s.replace('\u0000', '\uFFFD')), unescapeCss(out), s);
        }
    }

    @Test
    void nullIsEmpty() {
        assertEquals("", Encode.html(null));
        assertEquals("", Encode.attribute(null));
        assertEquals("", Encode.javaScript(null));
        assertEquals("", Encode.url(null));
        assertEquals("", Encode.css(null));
    }

    // ------------------------------------------------------------ helpers

    /** The hostile list, every single character below U+0100, and random mixes of the risky ones. */
    private static List<String> corpus() {
        List<String> all = new java.util.ArrayList<>(HOSTILE);
        for (char c = 0; c < 0x100; c++) {
            all.add("a" + c + "b");
        }
        String risky = "<>&\"'`$\\/=;:(){} \t\n\r\u0000\u0085\u2028\u2029\uD800\uDC00\uD83D\uDE00\uFFFE\u00e9x";
        Random random = new Random(42);
        for (int n = 0; n < 2000; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                sb.append(risky.charAt(random.nextInt(risky.length())));
            }
            all.add(sb.toString());
        }
        return all;
    }

    private static void assertNoneOf(String out, String forbidden, String input) {
        for (int i = 0; i < out.length(); i++) {
            assertTrue(forbidden.indexOf(out.charAt(i)) < 0,
                    "'" + out.charAt(i) + "' survived in " + out + " (from " + input + ")");
        }
    }

    /** What a document can hold of {@code s}: the input with invalid characters replaced as documented. */
    private static String documentText(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                sb.append((cp & 0xfffe) == 0xfffe ? "\uFFFD" : new String(Character.toChars(cp)));
            } else if (Character.isSurrogate(c) || c < 0x20 && "\t\n\f\r".indexOf(c) < 0 || c >= 0x7f && c <= 0x9f
                    || c >= 0xfdd0 && c <= 0xfdef || c == 0xfffe || c == 0xffff) {
                sb.append('\uFFFD');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Well-formed UTF-16 as UTF-8 can carry it: lone surrogates become U+FFFD. */
    private static String wellFormed(String s) {
        return replaceLoneSurrogates(s);
    }

    private static String replaceLoneSurrogates(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    /** Decodes the references the encoders produce, as an HTML parser would. */
    private static String decodeReferences(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '&') {
                sb.append(c);
                continue;
            }
            int end = s.indexOf(';', i);
            String ref = s.substring(i + 1, end);
            switch (ref) {
                case "amp" -> sb.append('&');
                case "lt" -> sb.append('<');
                case "gt" -> sb.append('>');
                default -> {
                    assertTrue(ref.startsWith("#"), "unknown reference &" + ref + ";");
                    sb.appendCodePoint(ref.startsWith("#x") ? Integer.parseInt(ref.substring(2), 16)
                            : Integer.parseInt(ref.substring(1)));
                }
            }
            i = end;
        }
        return sb.toString();
    }

    /** Reads the escapes of a JavaScript string literal, as the JavaScript parser would. */
    private static String unescapeJavaScript(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case '\\' -> sb.append('\\');
                case 'x' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new AssertionError("unexpected escape \\" + e + " in " + s);
            }
        }
        return sb.toString();
    }

    /** Reads CSS escapes: a backslash, one to six hex digits, and one optional space. */
    private static String unescapeCss(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            int j = i + 1;
            while (j < s.length() && j - i <= 6 && Character.digit(s.charAt(j), 16) >= 0) {
                j++;
            }
            assertTrue(j > i + 1, "a CSS escape without hex digits in " + s);
            sb.appendCodePoint(Integer.parseInt(s.substring(i + 1, j), 16));
            i = j < s.length() && s.charAt(j) == ' ' ? j : j - 1;
        }
        return sb.toString();
    }
}
