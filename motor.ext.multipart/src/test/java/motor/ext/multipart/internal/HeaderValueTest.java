package motor.ext.multipart.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import motor.spi.HttpException;
import org.junit.jupiter.api.Test;

class HeaderValueTest {

    private static HeaderValue parse(String value) {
        return HeaderValue.parse(value, "Content-Disposition");
    }

    private static String error(String value) {
        HttpException e = assertThrows(HttpException.class, () -> parse(value));
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void contentDispositionAsBrowsersSendIt() {
        HeaderValue value = parse("form-data; name=\"file\"; filename=\"report.pdf\"");
        assertEquals("form-data", value.type());
        assertEquals("file", value.parameter("name"));
        assertEquals("report.pdf", value.parameter("filename"));
        assertNull(value.parameter("filename*"));
    }

    @Test
    void typeAndNamesIgnoreCaseAndSpaces() {
        HeaderValue value = parse("  Form-Data ;NAME = \"a\" ;  FileName=b.txt  ; ");
        assertEquals("form-data", value.type());
        assertEquals("a", value.parameter("name"));
        assertEquals("b.txt", value.parameter("filename"));
    }

    @Test
    void tokensAndQuotedStrings() {
        HeaderValue value = parse("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW; x=\"a;b\"");
        assertEquals("----WebKitFormBoundary7MA4YWxkTrZu0gW", value.parameter("boundary"));
        assertEquals("a;b", value.parameter("x"));
    }

    @Test
    void backslashEscapesOnlyQuoteAndBackslash() {
        assertEquals("a\"b\\c", parse("form-data; filename=\"a\\\"b\\\\c\"").parameter("filename"));
        // a Windows path as old browsers sent it keeps its backslashes
        assertEquals("C:\\dir\\new\\a.txt", parse("form-data; filename=\"C:\\dir\\new\\a.txt\"").parameter("filename"));
    }

    @Test
    void parametersWithoutValueAreIgnored() {
        HeaderValue value = parse("form-data; flag; name=x");
        assertNull(value.parameter("flag"));
        assertEquals("x", value.parameter("name"));
    }

    @Test
    void malformedValues() {
        assertEquals("Content-Disposition has a quoted string without its closing quote", error("form-data; name=\"x"));
        assertEquals("Content-Disposition has text after a quoted parameter value", error("form-data; name=\"x\"y"));
        assertEquals("Content-Disposition repeats the parameter name", error("form-data; name=a; name=b"));
        assertEquals("Content-Disposition repeats the parameter filename", error("form-data; name=a; filename=x; FILENAME=y"));
        assertEquals("Content-Disposition repeats the parameter (unnamed here)", error("form-data; secret=a; secret=b"));
        assertEquals("Content-Disposition has a malformed parameter name", error("form-data; na me=a"));
        assertEquals("Content-Disposition has no value before its parameters", error("; name=a"));
        assertEquals("Content-Disposition has too many parameters", error("form-data" + "; p%d=1".repeat(70).formatted(
                java.util.stream.IntStream.range(0, 70).boxed().toArray())));
    }

    @Test
    void messagesNeverEchoTheValue() {
        String message = error("form-data; name=\"<script>secret");
        assertEquals(-1, message.indexOf("secret"));
        assertEquals(-1, message.indexOf("script"));
    }

    @Test
    void boundaries() {
        assertEquals("simple", HeaderValue.boundary("simple"));
        assertEquals("'()+_,-./:=? a", HeaderValue.boundary("'()+_,-./:=? a"));
        assertEquals("x".repeat(70), HeaderValue.boundary("x".repeat(70)));
        assertEquals(400, assertThrows(HttpException.class, () -> HeaderValue.boundary(null)).status());
        assertEquals("the multipart boundary must be 1 to 70 characters long",
                assertThrows(HttpException.class, () -> HeaderValue.boundary("")).getMessage());
        assertEquals("the multipart boundary must be 1 to 70 characters long",
                assertThrows(HttpException.class, () -> HeaderValue.boundary("x".repeat(71))).getMessage());
        assertEquals("the multipart boundary must not end with a space",
                assertThrows(HttpException.class, () -> HeaderValue.boundary("ab ")).getMessage());
        for (String bad : new String[] {"a\"b", "a;b", "a\\b", "a\rb", "a\tb", "a{b", "a*b", "a@b", "caf\u00e9"}) {
            assertEquals("the multipart boundary has a character RFC 2046 does not allow",
                    assertThrows(HttpException.class, () -> HeaderValue.boundary(bad)).getMessage(), bad);
        }
    }

    @Test
    void quotedBoundaryFromContentType() {
        HeaderValue type = HeaderValue.parse("multipart/form-data; boundary=\"a b:c\"", "Content-Type");
        assertEquals("a b:c", HeaderValue.boundary(type.parameter("boundary")));
    }

    @Test
    void extValues() {
        assertEquals("na\u00efve \u20ac.txt", HeaderValue.decodeExtValue("UTF-8''na%C3%AFve%20%E2%82%AC.txt"));
        assertEquals("na\u00efve.txt", HeaderValue.decodeExtValue("utf-8'en'na%c3%afve.txt"));
        assertEquals("\u00e9t\u00e9", HeaderValue.decodeExtValue("ISO-8859-1''%E9t%E9"));
        assertNull(HeaderValue.decodeExtValue("UTF-8'na%C3%AFve"));
        assertNull(HeaderValue.decodeExtValue("no-quotes"));
        assertNull(HeaderValue.decodeExtValue("Shift_JIS''%82%A0"));
        assertNull(HeaderValue.decodeExtValue("UTF-8''bad%2"));
        assertNull(HeaderValue.decodeExtValue("UTF-8''bad%zz"));
        assertNull(HeaderValue.decodeExtValue("UTF-8''with space"));
        assertNull(HeaderValue.decodeExtValue("UTF-8''%C3"));
        assertEquals("", HeaderValue.decodeExtValue("UTF-8''"));
    }

    @Test
    void formNamesAsBrowsersEncodeThem() {
        String utf8AsLatin1 = new String("\u00e9t\u00e9 \u20ac.txt".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals("\u00e9t\u00e9 \u20ac.txt", HeaderValue.formName(utf8AsLatin1));
        // bytes that are not UTF-8 stay as ISO-8859-1
        assertEquals("\u00e9t\u00e9", HeaderValue.formName("\u00e9t\u00e9"));
        assertEquals("a\"b\r\nc", HeaderValue.formName("a%22b%0D%0ac"));
        assertEquals("100%25 %2", HeaderValue.formName("100%25 %2"));
        assertEquals("plain", HeaderValue.formName("plain"));
    }
}
