package motor.ext.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import motor.ext.auth.Passwords;
import motor.ext.auth.User;
import org.junit.jupiter.api.Test;

/** PBKDF2 hashes, the store's equal work for unknown users, and its cache under a hand-advanced clock. */
class PasswordStoreTest {

    /** Made with Python: hashlib.pbkdf2_hmac("sha256", "pässword".encode(), b"0123456789abcdef", 1000). */
    private static final String PYTHON_HASH =
            "pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg==$rybsuBlIHCOEKCPpDvTVloYHkPEiKOiJqqYGLCHAfF0=";

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private static PasswordHash hash(String password, int iterations) {
        return PasswordHash.create(password.toCharArray(), iterations, new SecureRandom());
    }

    @Test
    void hashFormatAndCheck() {
        String text = Passwords.hash("correct horse".toCharArray(), 1000);
        assertTrue(text.matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}==\\$[A-Za-z0-9+/]{43}="), text);
        assertTrue(Passwords.matches(text, "correct horse"));
        assertFalse(Passwords.matches(text, "correct horsE"));
        assertFalse(Passwords.matches(text, ""));
        assertFalse(text.equals(Passwords.hash("correct horse".toCharArray(), 1000)), "salted");
    }

    @Test
    void agreesWithPython() {
        assertTrue(Passwords.matches(PYTHON_HASH, "p\u00e4ssword"));
        assertTrue(Passwords.matches(PYTHON_HASH, "pa\u0308ssword"), "NFC before hashing");
        assertFalse(Passwords.matches(PYTHON_HASH, "password"));
    }

    @Test
    void malformedHashesAreNamedWithoutBeingRepeated() {
        String[] bad = {"", "plain", "pbkdf2-sha1$1000$MDEyMzQ1Njc4OWFiY2RlZg==$rybsuBlIHCOEKCPpDvTVloYHkPEiKOiJqqYGLCHAfF0=",
            "pbkdf2-sha256$999$MDEyMzQ1Njc4OWFiY2RlZg==$rybsuBlIHCOEKCPpDvTVloYHkPEiKOiJqqYGLCHAfF0=",
            "pbkdf2-sha256$x$MDEyMzQ1Njc4OWFiY2RlZg==$rybsuBlIHCOEKCPpDvTVloYHkPEiKOiJqqYGLCHAfF0=",
            "pbkdf2-sha256$1000$MDEy$rybsuBlIHCOEKCPpDvTVloYHkPEiKOiJqqYGLCHAfF0=",
            "pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg==$!!!!",
            "pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg==$cnli",
            "pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg==$rybsuBlIHCOEKCPpDvTVloYHkPEiKOiJqqYGLCHAfF0=$x"};
        for (String text : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(text), text);
            assertFalse(!text.isEmpty() && e.getMessage().contains(text), e.getMessage());
            assertFalse(e.getMessage().contains("rybsu"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Passwords.hash(new char[0], 1000));
        assertThrows(IllegalArgumentException.class, () -> Passwords.hash("x".toCharArray(), 10));
    }

    @Test
    void knownUnknownAndWrong() throws Exception {
        PasswordStore store = new PasswordStore(Map.of("alice", hash("wonderland", 1000)), Duration.ZERO, now::get);
        assertEquals(Optional.of(new User("alice", "Basic")), store.verify("alice", "wonderland"));
        assertEquals(Optional.empty(), store.verify("alice", "Wonderland"));
        assertEquals(Optional.empty(), store.verify("alice", ""));
        assertEquals(Optional.empty(), store.verify("bob", "wonderland"));
        assertEquals(Optional.empty(), store.verify("ALICE", "wonderland"), "user names are case-sensitive");
        assertEquals(4 + 1, store.derived(), "every check derives a key, unknown users included");
    }

    @Test
    void unknownUsersCostAsMuchAsTheMostExpensiveHash() {
        PasswordStore store = new PasswordStore(Map.of("a", hash("x", 1000), "b", hash("y", 3000)), Duration.ZERO, now::get);
        assertEquals(3000, store.unknownIterations());
    }

    @Test
    void userNamesAreNormalised() throws Exception {
        PasswordStore store = new PasswordStore(Map.of("Jose\u0301", hash("pw", 1000)), Duration.ZERO, now::get);
        assertTrue(store.verify("Jos\u00e9", "pw").isPresent());
        assertEquals("Jos\u00e9", store.verify("Jose\u0301", "pw").orElseThrow().getName());
    }

    @Test
    void verifiedPairsAreRememberedForAWhile() throws Exception {
        PasswordStore store = new PasswordStore(Map.of("alice", hash("wonderland", 1000)), Duration.ofSeconds(60), now::get);
        assertTrue(store.verify("alice", "wonderland").isPresent());
        assertEquals(1, store.derived());
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertTrue(store.verify("alice", "wonderland").isPresent());
        assertEquals(1, store.derived(), "remembered");
        assertFalse(store.verify("alice", "other").isPresent());
        assertEquals(2, store.derived(), "a different password is checked");
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertTrue(store.verify("alice", "wonderland").isPresent());
        assertEquals(3, store.derived(), "expired, checked again");
    }

    @Test
    void failuresAreNeverRemembered() throws Exception {
        PasswordStore store = new PasswordStore(Map.of("alice", hash("wonderland", 1000)), Duration.ofSeconds(60), now::get);
        for (int i = 1; i <= 3; i++) {
            assertFalse(store.verify("alice", "guess").isPresent());
            assertFalse(store.verify("mallory", "guess").isPresent());
            assertEquals(2L * i, store.derived());
        }
    }

    @Test
    void theCacheIsBounded() throws Exception {
        PasswordStore store = new PasswordStore(Map.of("a", hash("1", 1000), "b", hash("2", 1000), "c", hash("3", 1000)),
                Duration.ofSeconds(60), now::get, 2);
        assertTrue(store.verify("a", "1").isPresent());
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertTrue(store.verify("b", "2").isPresent());
        assertEquals(2, store.cached());
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        // full: the expired pair of a goes, b stays
        assertTrue(store.verify("c", "3").isPresent());
        assertEquals(2, store.cached());
        long derived = store.derived();
        assertTrue(store.verify("b", "2").isPresent());
        assertEquals(derived, store.derived(), "b still remembered");
        // full and nothing expired: everything is forgotten rather than grow
        assertTrue(store.verify("a", "1").isPresent());
        assertEquals(1, store.cached());
        assertEquals(derived + 1, store.derived());
    }

    @Test
    void userNameChecks() {
        PasswordStore.checkUserName("alice");
        PasswordStore.checkUserName("j\u00fcrgen");
        for (String name : new String[] {"", "a:b", "a\u0000", "a\nb", "a\u0085"}) {
            assertThrows(IllegalArgumentException.class, () -> PasswordStore.checkUserName(name), name);
        }
        assertThrows(IllegalArgumentException.class, () -> PasswordStore.of(Map.of("a:b", PYTHON_HASH), Duration.ZERO));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PasswordStore.of(Map.of("alice", "nonsense-secret"), Duration.ZERO));
        assertEquals("the hash of user alice is malformed: expected pbkdf2-sha256$ITERATIONS$SALT$HASH", e.getMessage());
    }

    @Test
    void twoSpellingsOfOneUserAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordStore(
                Map.of("Jos\u00e9", hash("a", 1000), "Jose\u0301", hash("b", 1000)), Duration.ZERO, now::get));
    }

    @Test
    void theVerifierFromTheApi() throws Exception {
        var verifier = Passwords.verifier(Map.of("alice", PYTHON_HASH));
        assertEquals(Optional.of(new User("alice", "Basic")), verifier.verify("alice", "p\u00e4ssword"));
        assertEquals(Optional.empty(), verifier.verify("alice", "x"));
    }

    @Test
    void aFloodOfChecksGets503InsteadOfAnEndlessWait() throws Exception {
        AtomicLong now = new AtomicLong();
        PasswordStore store = new PasswordStore(Map.of("alice", hash("wonderland", 1000)), Duration.ZERO, now::get);
        store.maxWait = Duration.ofMillis(10);
        int slots = store.derivations.drainPermits(); // every slot busy with other checks
        motor.spi.HttpException e = org.junit.jupiter.api.Assertions.assertThrows(motor.spi.HttpException.class,
                () -> store.verify("alice", "wonderland"));
        assertEquals(503, e.status());
        assertEquals("1", e.headers().first("Retry-After"));
        store.derivations.release(slots);
        assertTrue(store.verify("alice", "wonderland").isPresent(), "a free slot serves again");
    }
}
