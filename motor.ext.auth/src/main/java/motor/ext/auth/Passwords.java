package motor.ext.auth;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import motor.ext.auth.internal.HashTool;
import motor.ext.auth.internal.PasswordHash;
import motor.ext.auth.internal.PasswordStore;

/**
 * Password hashes for Basic authentication: PBKDF2 with HMAC-SHA256, written as
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in standard base64; the password is taken as
 * the UTF-8 bytes of its NFC form).
 *
 * <p>Make one from the command line (the password is read without echo, or from standard input):
 * <pre>
 * java -cp motor-ext-auth.jar motor.ext.auth.Passwords [--iterations N]
 * </pre>
 * and check user names and passwords against a map of them with {@link #verifier}.
 */
public final class Passwords {

    /** The iteration count of new hashes: OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** How long {@link #verifier(Map)} remembers a pair that verified. */
    public static final Duration DEFAULT_CACHE = Duration.ofMinutes(5);

    private Passwords() {
    }

    /**
     * Hashes a password with a random salt and {@link #DEFAULT_ITERATIONS}.
     *
     * @param password the password; the caller may clear the array afterwards
     * @return the hash text
     * @throws IllegalArgumentException if the password is empty
     */
    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    /**
     * Hashes a password with a random salt.
     *
     * @param password   the password
     * @param iterations from 1,000 to 10,000,000; more is slower for attackers and for every login alike
     * @return the hash text
     * @throws IllegalArgumentException if the password is empty or the count out of range
     */
    public static String hash(char[] password, int iterations) {
        return PasswordHash.create(password, iterations, new SecureRandom()).format();
    }

    /**
     * Checks a password against one hash, in constant time for a given hash.
     *
     * @param hash     a hash text
     * @param password the password
     * @return whether they match
     * @throws IllegalArgumentException if the hash is malformed
     */
    public static boolean matches(String hash, String password) {
        return PasswordHash.parse(hash).matches(java.text.Normalizer.normalize(password, java.text.Normalizer.Form.NFC));
    }

    /**
     * A verifier over user names and their hashes that remembers verified pairs for
     * {@link #DEFAULT_CACHE}. See {@link #verifier(Map, Duration)}.
     *
     * @param hashes user names to hash texts
     * @return the verifier; its principals are {@link User}s with scheme {@code Basic}
     * @throws IllegalArgumentException naming a user whose name or hash is malformed
     */
    public static PasswordVerifier verifier(Map<String, String> hashes) {
        return verifier(hashes, DEFAULT_CACHE);
    }

    /**
     * A verifier over user names and their hashes. An unknown user costs the same work as a wrong password.
     * A pair that verified is remembered for {@code cache} (as a keyed HMAC, not the password), because
     * Basic repeats the password with every request and each PBKDF2 check costs on purpose; failures are
     * never remembered. At most half the processors derive keys at once.
     *
     * @param hashes user names to hash texts
     * @param cache  how long a verified pair is remembered; {@link Duration#ZERO} for not at all
     * @return the verifier; its principals are {@link User}s with scheme {@code Basic}
     * @throws IllegalArgumentException naming a user whose name or hash is malformed
     */
    public static PasswordVerifier verifier(Map<String, String> hashes, Duration cache) {
        return PasswordStore.of(hashes, cache);
    }

    /**
     * Prints the hash of a password read from the console without echo (asked twice), or from the first
     * line of standard input when there is no console. Options: {@code --iterations N}.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        int status = HashTool.password(args, System.console(),
                new BufferedReader(new InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)),
                System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }
}
