package motor.ext.cookies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signing and verifying: round trips, key rotation, and every way of tampering we could think of. */
class CookieSignerTest {

    private static final byte[] OLD = key('o');
    private static final byte[] NEW = key('n');
    private static final byte[] OTHER = key('x');

    private static byte[] key(char fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    private static CookieSigner signer(byte[]... keys) {
        return new CookieSigner(List.of(keys));
    }

    @Test
    void roundTrip() {
        CookieSigner signer = signer(NEW);
        String signed = signer.sign("theme", "dark");
        assertTrue(signed.startsWith("dark."), signed);
        assertEquals("dark".length() + 1 + 43, signed.length());
        assertTrue(SetCookie.isCookieValue(signed), "a signed value is still a cookie value");
        assertEquals("dark", signer.verify("theme", signed));
        assertEquals("", signer.verify("e", signer.sign("e", "")));
        assertEquals("a.b.c", signer.verify("n", signer.sign("n", "a.b.c")), "dots in the value are fine");
    }

    @Test
    void signingIsDeterministicAndKeyed() {
        assertEquals(signer(NEW).sign("a", "b"), signer(NEW).sign("a", "b"));
        assertNotEquals(signer(NEW).sign("a", "b"), signer(OLD).sign("a", "b"));
    }

    @Test
    void theFirstKeySignsEveryKeyVerifies() {
        String byOld = signer(OLD).sign("s", "v");
        CookieSigner rotated = signer(NEW, OLD);
        assertEquals("v", rotated.verify("s", byOld), "old cookies stay valid during the rotation");
        assertEquals(signer(NEW).sign("s", "v"), rotated.sign("s", "v"), "new cookies use the new key");
        assertNull(signer(NEW).verify("s", byOld), "once the old key is dropped, its cookies are gone");
    }

    @Test
    void tamperedValuesAreAbsent() {
        CookieSigner signer = signer(NEW);
        String signed = signer.sign("role", "user");
        assertNull(signer.verify("role", "admin" + signed.substring(4)), "changed value");
        assertNull(signer.verify("other", signed), "signature of another cookie");
        assertNull(signer.verify("role", "user"), "unsigned");
        assertNull(signer.verify("role", ""), "empty");
        assertNull(signer.verify("role", "."), "a dot alone");
        assertNull(signer.verify("role", signed + "x"), "appended");
        assertNull(signer.verify("role", signed.substring(1)), "truncated at the front");
        assertNull(signer.verify("role", signed.substring(0, signed.length() - 1)), "truncated");
        assertNull(signer.verify("role", signed.replace('.', '_')), "no dot");
        assertNull(signer(OTHER).verify("role", signed), "unknown key");
        for (int i = 0; i < signed.length(); i++) {
            char[] chars = signed.toCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            assertNull(signer.verify("role", new String(chars)), "one character changed at " + i);
        }
        String sig = signed.substring(signed.length() - 43);
        assertNull(signer.verify("role", "user." + "!".repeat(43)), "not base64");
        assertNull(signer.verify("role", "user." + sig.substring(0, 42) + "="), "padding");
        assertNull(signer.verify("role", "\"user\"." + sig), "quoted");
    }

    @Test
    void nonAsciiCannotBorrowASignature() {
        // a char above 0xFF would reach the MAC as '?': "a\u0100b" must not pass as "a?b"
        CookieSigner signer = signer(NEW);
        String signed = signer.sign("n", "a?b");
        assertNull(signer.verify("n", "a\u0100b" + signed.substring(3)));
        assertNull(signer.verify("n", "a\u00e9b" + signed.substring(3)));
    }

    @Test
    void signRefusesWhatCannotBeACookie() {
        CookieSigner signer = signer(NEW);
        assertThrows(IllegalArgumentException.class, () -> signer.sign("n", "a b"));
        assertThrows(IllegalArgumentException.class, () -> signer.sign("n", "\"q\""));
        assertThrows(IllegalArgumentException.class, () -> signer.sign("n", "a;b"));
    }

    @Test
    void signsASetCookieKeepingItsAttributes() {
        CookieSigner signer = signer(NEW);
        SetCookie cookie = signer.sign(SetCookie.builder("n", "v").secure(true).build());
        assertEquals("v", signer.verify("n", cookie.value()));
        assertTrue(cookie.secure());
    }

    @Test
    void keysMustBeLongEnough() {
        assertThrows(IllegalArgumentException.class, () -> new CookieSigner(List.of()));
        assertThrows(IllegalArgumentException.class, () -> signer(NEW, new byte[31]));
        signer("x".repeat(32).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theKeyIsCopiedNotShared() {
        byte[] key = key('k');
        CookieSigner signer = signer(key);
        String before = signer.sign("a", "b");
        Arrays.fill(key, (byte) 0);
        assertEquals(before, signer.sign("a", "b"));
    }
}
