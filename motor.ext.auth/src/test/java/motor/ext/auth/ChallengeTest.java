package motor.ext.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Formatting of WWW-Authenticate challenges. */
class ChallengeTest {

    @Test
    void basicAsksForUtf8() {
        assertEquals("Basic realm=\"admin area\", charset=\"UTF-8\"", Challenge.basic("admin area").toString());
    }

    @Test
    void bearerWithError() {
        assertEquals("Bearer realm=\"api\"", Challenge.bearer("api").toString());
        assertEquals("Bearer realm=\"api\", error=\"invalid_token\", error_description=\"expired\"",
                Challenge.bearer("api").with("error", "invalid_token").with("error_description", "expired").toString());
    }

    @Test
    void realmIsEscaped() {
        assertEquals("Basic realm=\"say \\\"hi\\\" \\\\ there\", charset=\"UTF-8\"",
                Challenge.basic("say \"hi\" \\ there").toString());
        assertEquals("Basic realm=\"\", charset=\"UTF-8\"", Challenge.basic("").toString());
        assertEquals("Basic realm=\"a,b=c\", charset=\"UTF-8\"", Challenge.basic("a,b=c").toString());
    }

    @Test
    void controlAndNonAsciiCharactersAreRefused() {
        for (String realm : new String[] {"a\r\nSet-Cookie: x=y", "a\nb", "a\u0000", "a\u007f", "caf\u00e9", "\u4e2d"}) {
            assertThrows(IllegalArgumentException.class, () -> Challenge.basic(realm), realm);
        }
        assertEquals("Basic realm=\"a\tb\", charset=\"UTF-8\"", Challenge.basic("a\tb").toString());
    }

    @Test
    void withReplacesInPlace() {
        Challenge c = Challenge.bearer("api").with("error", "invalid_token").with("REALM", "other");
        assertEquals("Bearer realm=\"other\", error=\"invalid_token\"", c.toString());
        assertEquals("other", c.realm());
        assertNull(Challenge.of("Negotiate").realm());
    }

    @Test
    void schemeAloneAndToken68() {
        assertEquals("Negotiate", Challenge.of("Negotiate").toString());
        assertEquals("Negotiate YIIC==", new Challenge("Negotiate", "YIIC==", Map.of()).toString());
    }

    @Test
    void constructorChecks() {
        assertThrows(IllegalArgumentException.class, () -> Challenge.of("Two Words"));
        assertThrows(IllegalArgumentException.class, () -> Challenge.of("Basic").with("bad name", "x"));
        assertThrows(IllegalArgumentException.class, () -> new Challenge("X", "a b", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Challenge("X", "abc", Map.of("a", "b")));
        Map<String, String> repeated = new LinkedHashMap<>();
        repeated.put("realm", "a");
        repeated.put("Realm", "b");
        assertThrows(IllegalArgumentException.class, () -> new Challenge("X", null, repeated));
    }

    @Test
    void formattedRealmsParseBackUnchanged() {
        Random random = new Random(7);
        for (int round = 0; round < 5000; round++) {
            StringBuilder realm = new StringBuilder();
            for (int i = random.nextInt(20); i > 0; i--) {
                realm.append((char) (0x20 + random.nextInt(0x5f)));
            }
            Challenge challenge = Challenge.basic(realm.toString());
            // a challenge has the grammar of credentials, so the credentials parser reads it back
            Credentials parsed = Credentials.parse(challenge.toString());
            assertEquals(realm.toString(), parsed.param("realm"));
            assertEquals("UTF-8", parsed.param("charset"));
        }
    }
}
