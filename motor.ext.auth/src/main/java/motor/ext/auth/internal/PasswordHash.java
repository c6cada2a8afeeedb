package motor.ext.auth.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password hash in the form {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}: PBKDF2 with HMAC-SHA256
 * (RFC 8018) over the UTF-8 bytes of the NFC-normalised password, salt and derived key in standard
 * base64. The JDK's {@code PBKDF2WithHmacSHA256} computes it; so does Python's
 * {@code hashlib.pbkdf2_hmac("sha256", ...)}, which the documentation shows as a recipe.
 */
public final class PasswordHash {

    /** The prefix that names the algorithm. */
    public static final String ALGORITHM = "pbkdf2-sha256";
    /** The fewest iterations accepted. */
    public static final int MIN_ITERATIONS = 1000;
    /** The most iterations accepted, so that one login cannot cost minutes. */
    public static final int MAX_ITERATIONS = 10_000_000;

    private static final int SALT_BYTES = 16;
    private static final int KEY_BYTES = 32;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * Parses a hash.
     *
     * @param text the hash text
     * @return the hash
     * @throws IllegalArgumentException naming what is wrong (never repeating the text)
     */
    public static PasswordHash parse(String text) {
        String[] parts = text.strip().split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
            throw new IllegalArgumentException("expected " + ALGORITHM + "$ITERATIONS$SALT$HASH");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iteration count is not a number");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("the iteration count must be from " + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
        }
        byte[] salt = base64(parts[2], "salt");
        byte[] hash = base64(parts[3], "hash");
        if (salt.length < 8) {
            throw new IllegalArgumentException("the salt must be at least 8 bytes");
        }
        if (hash.length < 16 || hash.length > 64) {
            throw new IllegalArgumentException("the hash must be from 16 to 64 bytes");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " is not base64");
        }
    }

    /**
     * Hashes a password with a fresh random salt.
     *
     * @param password   the password
     * @param iterations the iteration count
     * @param random     the source of the salt
     * @return the hash
     * @throws IllegalArgumentException if the password is empty or the count out of range
     */
    public static PasswordHash create(char[] password, int iterations, SecureRandom random) {
        if (password.length == 0) {
            throw new IllegalArgumentException("an empty password cannot be hashed");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("the iteration count must be from " + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        String normalised = Normalizer.normalize(new String(password), Normalizer.Form.NFC);
        return new PasswordHash(iterations, salt, derive(normalised, salt, iterations, KEY_BYTES));
    }

    /**
     * A hash no password matches, with the given iteration count, to spend as much time on unknown users
     * as on known ones.
     *
     * @param iterations the iteration count
     * @param random     the source of salt and key
     * @return the hash
     */
    public static PasswordHash unmatchable(int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] hash = new byte[KEY_BYTES];
        random.nextBytes(salt);
        random.nextBytes(hash);
        return new PasswordHash(iterations, salt, hash);
    }

    /** {@return the iteration count} */
    public int iterations() {
        return iterations;
    }

    /**
     * Checks a password: derives its key and compares it with {@link MessageDigest#isEqual}, which takes
     * the same time wherever the first difference lies.
     *
     * @param password the password, NFC-normalised
     * @return whether it matches
     */
    public boolean matches(String password) {
        // the JDK refuses an empty HMAC key; no stored hash is of an empty password (create refuses one),
        // but the work is done all the same, so that timing says nothing
        boolean empty = password.isEmpty();
        byte[] derived = derive(empty ? "\0" : password, salt, iterations, hash.length);
        boolean equal = MessageDigest.isEqual(derived, hash);
        Arrays.fill(derived, (byte) 0);
        return equal && !empty;
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int length) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, length * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    /** {@return the hash text, {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}} */
    public String format() {
        Base64.Encoder encoder = Base64.getEncoder();
        return ALGORITHM + "$" + iterations + "$" + encoder.encodeToString(salt) + "$" + encoder.encodeToString(hash);
    }

    /** {@return the algorithm and iteration count only} */
    @Override
    public String toString() {
        return ALGORITHM + "$" + iterations + "$(hidden)";
    }
}
