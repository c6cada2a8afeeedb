package motor.ext.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import motor.ext.auth.Tokens;
import motor.ext.auth.User;
import org.junit.jupiter.api.Test;

/** Bearer tokens kept as SHA-256 hashes. */
class TokenStoreTest {

    private static final String ABC = "sha256$ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void hashIsSha256InHex() {
        assertEquals(ABC, Tokens.hash("abc"));
    }

    @Test
    void generatedTokensAreB64TokensWith256Bits() {
        String a = Tokens.generate();
        assertEquals(43, a.length());
        assertTrue(Syntax.isToken68(a), a);
        assertNotEquals(a, Tokens.generate());
    }

    @Test
    void findsTheRightName() {
        String deploy = Tokens.generate();
        String monitor = Tokens.generate();
        Map<String, String> hashes = new LinkedHashMap<>();
        hashes.put("deploy", Tokens.hash(deploy));
        hashes.put("monitor", Tokens.hash(monitor).toUpperCase().replace("SHA256$", "sha256$"));
        var verifier = Tokens.verifier(hashes);
        assertEquals(Optional.of(new User("deploy", "Bearer")), verifierResult(verifier, deploy));
        assertEquals(Optional.of(new User("monitor", "Bearer")), verifierResult(verifier, monitor));
        assertEquals(Optional.empty(), verifierResult(verifier, deploy + "x"));
        assertEquals(Optional.empty(), verifierResult(verifier, ""));
    }

    private static Optional<java.security.Principal> verifierResult(motor.ext.auth.TokenVerifier v, String token) {
        try {
            return v.verify(token);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void malformedHashes() {
        for (String text : new String[] {"", "abc", "sha256$abc", "sha1$" + "a".repeat(64), "sha256$" + "g".repeat(64),
            "sha256$" + "a".repeat(65), "sha256" + "a".repeat(64)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TokenStore(Map.of("t", text)), text);
            assertEquals("the hash of token t is malformed: expected sha256$ and 64 hex digits", e.getMessage());
        }
    }

    @Test
    void oneTokenUnderTwoNamesIsRefused() {
        Map<String, String> hashes = new LinkedHashMap<>();
        hashes.put("a", ABC);
        hashes.put("b", ABC);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TokenStore(hashes));
        assertFalse(e.getMessage().contains("ba7816"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TokenStore(Map.of("", ABC)));
    }
}
