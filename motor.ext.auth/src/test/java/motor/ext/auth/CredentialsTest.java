package motor.ext.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.test.TestRequest;
import org.junit.jupiter.api.Test;

/** The RFC 9110 section 11 credentials grammar, tested on strings. */
class CredentialsTest {

    private static final String SECRET = "s3cr3tValue";

    @Test
    void schemeAlone() {
        Credentials c = Credentials.parse("Negotiate");
        assertEquals("Negotiate", c.scheme());
        assertNull(c.token68());
        assertTrue(c.params().isEmpty());
        assertEquals(c, Credentials.parse("Negotiate "), "#auth-param may be an empty list");
    }

    @Test
    void basicToken68() {
        Credentials c = Credentials.parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assertTrue(c.is("basic"));
        assertTrue(c.is("BASIC"));
        assertFalse(c.is("Bearer"));
        assertEquals("QWxhZGRpbjpvcGVuIHNlc2FtZQ==", c.token68());
        assertTrue(c.params().isEmpty());
    }

    @Test
    void schemesCompareWithoutCase() {
        assertTrue(Credentials.parse("bAsIc abc").is("Basic"));
        assertEquals("bAsIc", Credentials.parse("bAsIc abc").scheme(), "the scheme is kept as sent");
    }

    @Test
    void token68WithEveryCharacterAndPadding() {
        for (String token : List.of("a", "a=", "a==", "a===", "AZaz09-._~+/", "mF_9.B5f-4.1JqM", "x/y+z==")) {
            Credentials c = Credentials.parse("Bearer " + token);
            assertEquals(token, c.token68(), token);
        }
    }

    @Test
    void severalSpacesAfterTheScheme() {
        assertEquals("abc", Credentials.parse("Basic    abc").token68());
    }

    @Test
    void parameters() {
        Credentials c = Credentials.parse("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
                + "uri=\"/dir/index.html\", algorithm=SHA-256, nc=00000001, qop=auth");
        assertEquals("Digest", c.scheme());
        assertNull(c.token68());
        assertEquals(List.of("username", "realm", "uri", "algorithm", "nc", "qop"), List.copyOf(c.params().keySet()));
        assertEquals("Mufasa", c.param("username"));
        assertEquals("http-auth@example.org", c.param("REALM"));
        assertEquals("SHA-256", c.param("Algorithm"));
        assertNull(c.param("missing"));
    }

    @Test
    void parameterNamesAreLowerCased() {
        Credentials c = Credentials.parse("X Realm=a, NONCE=\"b\"");
        assertEquals(Map.of("realm", "a", "nonce", "b"), c.params());
    }

    @Test
    void quotedPairsAreUndone() {
        assertEquals("q\"uo\\te", Credentials.parse("X a=\"q\\\"uo\\\\te\"").param("a"));
        assertEquals("abc", Credentials.parse("X a=\"\\a\\b\\c\"").param("a"));
        assertEquals("", Credentials.parse("X a=\"\"").param("a"));
        assertEquals("a, b=c", Credentials.parse("X a=\"a, b=c\"").param("a"), "commas and = inside quotes");
        assertEquals("tab\there", Credentials.parse("X a=\"tab\there\"").param("a"));
        assertEquals("caf\u00e9", Credentials.parse("X a=\"caf\u00e9\"").param("a"), "obs-text is allowed");
    }

    @Test
    void badWhitespaceAroundEquals() {
        Credentials c = Credentials.parse("X a = b ,\tc=\t\"d\"");
        assertEquals(Map.of("a", "b", "c", "d"), c.params());
    }

    @Test
    void emptyListElementsAreSkipped() {
        Credentials c = Credentials.parse("X ,a=b,, ,c=d ,");
        assertEquals(Map.of("a", "b", "c", "d"), c.params());
    }

    @Test
    void tokenThatLooksLikeAParameter() {
        assertEquals("abc==", Credentials.parse("X abc==").token68(), "padding only: a token68");
        assertEquals(Map.of("abc", "def"), Credentials.parse("X abc=def").params());
        assertEquals(Map.of("abc", "d"), Credentials.parse("X abc = d").params());
    }

    @Test
    void malformedValuesAre400WithAClearMessage() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", "empty value");
        cases.put("   ", "empty value");
        cases.put("(Basic) abc", "expected an authentication scheme");
        cases.put("Basic\tabc", "expected a space after the authentication scheme");
        cases.put("Basic,abc", "expected a space after the authentication scheme");
        cases.put("Basic abc def", "expected '=' after a parameter name");
        cases.put("Basic abc,def", "expected '=' after a parameter name");
        cases.put("X a=b, c", "expected '=' after a parameter name");
        cases.put("X a=b, c=", "expected a parameter value, a token or a quoted string");
        cases.put("X a=,b=c", "expected a parameter value, a token or a quoted string");
        cases.put("X =b", "expected a parameter name");
        cases.put("X a=b c=d", "expected ',' between parameters");
        cases.put("X a=b=", "expected ',' between parameters");
        cases.put("X a=\"unterminated", "unterminated quoted string");
        cases.put("X a=\"ends in backslash\\", "unterminated quoted string");
        cases.put("X a=\"x\"y", "expected ',' between parameters");
        cases.put("X a=b, A=c", "a parameter is repeated");
        cases.put("X a=\"x\u0001\"", "a character not allowed in a quoted string");
        cases.put("X a=\"x\\\u0000\"", "a control character in a quoted string");
        cases.put("X a=\"x\u007f\"", "a character not allowed in a quoted string");
        cases.put("X a=\"x\u0100\"", "a character not allowed in a quoted string");
        cases.put("Basic ab\u0000", "expected '=' after a parameter name");
        cases.put("B\u00e4sic abc", "expected a space after the authentication scheme");
        cases.put("Bearer =abc", "expected a parameter name");
        cases.put("Basic abc, Bearer def", "expected '=' after a parameter name");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpException e = assertThrows(HttpException.class, () -> Credentials.parse(c.getKey()), c.getKey());
            assertEquals(400, e.status(), c.getKey());
            assertEquals("malformed Authorization header: " + c.getValue(), e.getMessage(), c.getKey());
        }
    }

    @Test
    void errorsNeverEchoTheValue() {
        for (String value : List.of(SECRET + " x y", "Basic " + SECRET + " x", "X a=\"" + SECRET,
                "X " + SECRET + "=\"a\u0001\"", "Digest a=" + SECRET + " b", SECRET + "\u0000")) {
            HttpException e = assertThrows(HttpException.class, () -> Credentials.parse(value));
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
            assertFalse(e.getMessage().contains("s3cr"), e.getMessage());
        }
    }

    @Test
    void tooManyParameters() {
        StringBuilder sb = new StringBuilder("X ");
        for (int i = 0; i < 65; i++) {
            sb.append(i == 0 ? "" : ", ").append("p").append(i).append("=v");
        }
        HttpException e = assertThrows(HttpException.class, () -> Credentials.parse(sb.toString()));
        assertEquals(400, e.status());
        String sixtyFour = sb.substring(0, sb.lastIndexOf(","));
        assertEquals(64, Credentials.parse(sixtyFour).params().size());
    }

    @Test
    void hugeValues() {
        String token = "a".repeat(60_000);
        assertEquals(token, Credentials.parse("Bearer " + token).token68());
        String pairs = "\\\"".repeat(30_000);
        assertEquals("\"".repeat(30_000), Credentials.parse("X a=\"" + pairs + "\"").param("a"));
        HttpException tooLarge = assertThrows(HttpException.class,
                () -> Credentials.parse("Bearer " + "a".repeat(64 * 1024)));
        assertEquals(431, tooLarge.status());
        HttpException unbalanced = assertThrows(HttpException.class,
                () -> Credentials.parse("X a=\"" + "b".repeat(60_000)));
        assertEquals(400, unbalanced.status());
        HttpException commas = assertThrows(HttpException.class,
                () -> Credentials.parse("X " + ",".repeat(60_000) + "a"));
        assertEquals(400, commas.status());
        assertTrue(Credentials.parse("X " + ", ".repeat(30_000)).params().isEmpty());
    }

    @Test
    void everyControlCharacterAtEveryPlaceIsRefusedOrHarmless() {
        String valid = "Digest a=\"xy\", b=c";
        for (int i = 0; i <= valid.length(); i++) {
            for (char c = 0; c < 0x20; c++) {
                check(valid.substring(0, i) + c + valid.substring(i), c);
            }
            check(valid.substring(0, i) + '\u007f' + valid.substring(i), '\u007f');
        }
    }

    /** A control character may only survive as a tab inside a quoted string or around separators. */
    private static void check(String value, char inserted) {
        try {
            Credentials c = Credentials.parse(value);
            assertEquals('\t', inserted, "only a tab can be accepted: " + (int) inserted);
            for (String v : c.params().values()) {
                for (int k = 0; k < v.length(); k++) {
                    char x = v.charAt(k);
                    assertTrue(x == '\t' || (x >= 0x20 && x != 0x7f), "control character in a value");
                }
            }
        } catch (HttpException e) {
            assertEquals(400, e.status());
        }
    }

    @Test
    void everyPrefixOfAValidValueParsesOrIs400() {
        for (String valid : List.of("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "Digest username=\"Mu\\\"fasa\", realm=x, nc=01",
                "Bearer mF_9.B5f-4.1JqM", "X ,a = \"b\" ,, c=d")) {
            for (int end = 0; end <= valid.length(); end++) {
                String prefix = valid.substring(0, end);
                try {
                    Credentials.parse(prefix);
                } catch (HttpException e) {
                    assertEquals(400, e.status(), prefix);
                }
            }
        }
    }

    @Test
    void randomInputNeverFailsOtherwiseThan400() {
        Random random = new Random(20261126);
        String alphabet = "Bb aZ=\",\\\t:/+-._~;()\u0000\u007f\u00e9\u0100";
        for (int round = 0; round < 50_000; round++) {
            int length = random.nextInt(40);
            StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String value = sb.toString();
            try {
                Credentials c = Credentials.parse(value);
                // what parses is well formed: the record's own checks agree, and it reads back the same
                assertEquals(c, new Credentials(c.scheme(), c.token68(), c.params()));
                assertEquals(c, Credentials.parse(render(c)), value);
            } catch (HttpException e) {
                assertEquals(400, e.status());
            }
        }
    }

    /** Writes credentials in canonical form: single spaces, every value quoted. */
    private static String render(Credentials c) {
        StringBuilder sb = new StringBuilder(c.scheme());
        if (c.token68() != null) {
            sb.append(' ').append(c.token68());
        }
        String separator = " ";
        for (Map.Entry<String, String> e : c.params().entrySet()) {
            sb.append(separator).append(e.getKey()).append("=\"");
            for (char ch : e.getValue().toCharArray()) {
                sb.append(ch == '"' || ch == '\\' ? "\\" : "").append(ch);
            }
            sb.append('"');
            separator = ", ";
        }
        return sb.toString();
    }

    /** A request for {@code /} with these header names and values, in memory. */
    private static Request withHeaders(String... namesAndValues) {
        return TestRequest.builder().headers(namesAndValues).build();
    }

    @Test
    void fromRequest() {
        assertEquals(Optional.empty(), Credentials.authorization(withHeaders()));
        assertEquals("abc", Credentials.authorization(withHeaders("authorization", "Basic abc"))
                .orElseThrow().token68());
        HttpException twice = assertThrows(HttpException.class, () -> Credentials.authorization(
                withHeaders("Authorization", "Basic abc", "Authorization", "Basic def")));
        assertEquals(400, twice.status());
        assertEquals("more than one Authorization header", twice.getMessage());
    }

    @Test
    void proxyAuthorization() {
        Request request = withHeaders("Proxy-Authorization", "Basic abc", "Authorization", "Bearer x");
        assertEquals("abc", Credentials.proxyAuthorization(request).orElseThrow().token68());
        assertEquals("x", Credentials.authorization(request).orElseThrow().token68());
        assertEquals(Optional.empty(), Credentials.proxyAuthorization(withHeaders("Authorization", "Bearer x")));
        HttpException e = assertThrows(HttpException.class, () -> Credentials.proxyAuthorization(
                withHeaders("Proxy-Authorization", "Basic a b")));
        assertTrue(e.getMessage().startsWith("malformed Proxy-Authorization header: "), e.getMessage());
    }

    @Test
    void toStringHidesSecrets() {
        String text = Credentials.parse("Basic " + SECRET).toString();
        assertFalse(text.contains(SECRET), text);
        assertTrue(text.contains("Basic"), text);
        String params = Credentials.parse("Digest response=\"" + SECRET + "\"").toString();
        assertFalse(params.contains(SECRET), params);
        assertTrue(params.contains("response"), params);
    }

    @Test
    void constructorChecks() {
        assertThrows(IllegalArgumentException.class, () -> new Credentials("Bad Scheme", null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Credentials("X", "a=b", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Credentials("X", "abc", Map.of("a", "b")));
        assertThrows(IllegalArgumentException.class, () -> new Credentials("X", null, Map.of("a b", "c")));
        assertThrows(IllegalArgumentException.class, () -> new Credentials("X", null, Map.of("a", "1", "A", "2")));
        assertEquals(Map.of("realm", "x"), new Credentials("X", null, Map.of("Realm", "x")).params());
        try {
            new Credentials("X", null, Map.of()).params().put("a", "b");
            fail("params must be unmodifiable");
        } catch (UnsupportedOperationException expected) {
            // unmodifiable
        }
    }
}
