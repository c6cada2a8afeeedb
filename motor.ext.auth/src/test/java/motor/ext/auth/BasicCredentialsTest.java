package motor.ext.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import motor.spi.HttpException;
import org.junit.jupiter.api.Test;

/** Decoding of Basic credentials (RFC 7617). */
class BasicCredentialsTest {

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rfc7617Examples() {
        assertEquals(new BasicCredentials("Aladdin", "open sesame"), BasicCredentials.decode("QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
        assertEquals(new BasicCredentials("test", "123\u00a3"), BasicCredentials.decode("dGVzdDoxMjPCow=="));
    }

    @Test
    void userEndsAtTheFirstColon() {
        assertEquals(new BasicCredentials("u", "a:b:c"), BasicCredentials.decode("dTphOmI6Yw=="));
    }

    @Test
    void emptyPasswordAndEmptyUser() {
        assertEquals(new BasicCredentials("user", ""), BasicCredentials.decode("dXNlcjo="));
        assertEquals(new BasicCredentials("", "pw"), BasicCredentials.decode("OnB3"));
        assertEquals(new BasicCredentials("", ""), BasicCredentials.decode(b64(":")));
    }

    @Test
    void noColonIs400() {
        HttpException e = assertThrows(HttpException.class, () -> BasicCredentials.decode("dXNlcg=="));
        assertEquals(400, e.status());
        assertEquals("malformed Basic credentials: no colon between user name and password", e.getMessage());
    }

    @Test
    void utf8AndNormalisation() {
        assertEquals(new BasicCredentials("j\u00fcrgen", "p\u00e4ssword"), BasicCredentials.decode(b64("j\u00fcrgen:p\u00e4ssword")));
        // decomposed on the wire (e + combining acute), composed after decoding
        assertEquals(new BasicCredentials("\u00e9", "p\u00e1ss"), BasicCredentials.decode("ZcyBOnBhzIFzcw=="));
        assertEquals(new BasicCredentials("\ud83d\ude00", "\u4e2d\u6587"), BasicCredentials.decode(b64("\ud83d\ude00:\u4e2d\u6587")));
    }

    @Test
    void latin1IsNotUtf8() {
        HttpException e = assertThrows(HttpException.class, () -> BasicCredentials.decode("avxyZ2VuOnDkc3N3b3Jk"));
        assertEquals("malformed Basic credentials: not UTF-8", e.getMessage());
    }

    @Test
    void invalidBase64() {
        for (String token : List.of("", "dXNlcjpwYXNz=", "dXNlcjpwYXM", "dXNlcjpwYX", "dXNl cjpw", "dXNlcjpw*XNz",
                "YR==", "YWJ=", "YQ==YQ==", "====", "A===", "dXNl-jpw", "dXNl_jpw", "dXNlcjpwYXNz\n",
                "\u00e9XNlcjpwYXNz")) {
            HttpException e = assertThrows(HttpException.class, () -> BasicCredentials.decode(token), token);
            assertEquals(400, e.status());
            assertEquals("malformed Basic credentials: not valid base64", e.getMessage(), token);
        }
        assertEquals(new BasicCredentials("a", ""), BasicCredentials.decode("YTo="), "canonical padding is fine");
    }

    @Test
    void controlCharactersAreRefused() {
        for (String token : List.of("dXMBZXI6cHc=", "dXNlcjpwf3c=", "dXNlcjpwCXc=", "dXNlcjpwwoV3", b64("user:pw\u0000"),
                b64("user:pw\r\n"))) {
            HttpException e = assertThrows(HttpException.class, () -> BasicCredentials.decode(token), token);
            assertEquals("malformed Basic credentials: a control character", e.getMessage());
        }
    }

    @Test
    void encodeRoundTrip() {
        BasicCredentials c = new BasicCredentials("j\u00fcrgen", "a:b \u00a3");
        assertEquals(c, BasicCredentials.decode(c.encode()));
        assertEquals("QWxhZGRpbjpvcGVuIHNlc2FtZQ==", new BasicCredentials("Aladdin", "open sesame").encode());
    }

    @Test
    void userWithColonCannotBeMade() {
        assertThrows(IllegalArgumentException.class, () -> new BasicCredentials("a:b", "c"));
    }

    @Test
    void toStringHidesThePassword() {
        String text = new BasicCredentials("alice", "hunter2").toString();
        assertFalse(text.contains("hunter2"), text);
        assertTrue(text.contains("alice"), text);
    }
}
