package motor.ext.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import motor.ext.auth.TokenVerifier;
import motor.ext.auth.User;

/**
 * Bearer tokens known by their SHA-256 hashes; see {@link motor.ext.auth.Tokens#verifier}. A presented
 * token is hashed and compared with every stored hash by {@link MessageDigest#isEqual}, without stopping
 * at a match, so that the time taken says nothing about which token matched or how much of one. A plain
 * hash (not PBKDF2) suffices because generated tokens carry 256 random bits: nothing is left to guess.
 */
public final class TokenStore implements TokenVerifier {

    /** The prefix of a token hash. */
    public static final String ALGORITHM = "sha256";

    private record Entry(byte[] digest, Principal principal) {
    }

    private final Entry[] entries;
    private final List<String> names;

    /**
     * Creates a store.
     *
     * @param hashes token names to hash texts, {@code sha256$HEX}
     * @throws IllegalArgumentException naming the token whose hash is malformed or repeated
     */
    public TokenStore(Map<String, String> hashes) {
        List<Entry> list = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            if (e.getKey().isEmpty()) {
                throw new IllegalArgumentException("a token name must not be empty");
            }
            byte[] digest;
            try {
                digest = parse(e.getValue());
            } catch (IllegalArgumentException problem) {
                throw new IllegalArgumentException("the hash of token " + e.getKey() + " is malformed: "
                        + problem.getMessage(), problem);
            }
            for (Entry other : list) {
                if (MessageDigest.isEqual(other.digest(), digest)) {
                    throw new IllegalArgumentException("tokens " + other.principal().getName() + " and " + e.getKey()
                            + " have the same hash");
                }
            }
            list.add(new Entry(digest, new User(e.getKey(), "Bearer")));
            names.add(e.getKey());
        }
        this.entries = list.toArray(Entry[]::new);
        this.names = List.copyOf(names);
    }

    /**
     * Parses a token hash.
     *
     * @param text {@code sha256$} and 64 hex digits
     * @return the digest
     * @throws IllegalArgumentException if malformed
     */
    public static byte[] parse(String text) {
        String stripped = text.strip();
        int dollar = stripped.indexOf('$');
        if (dollar < 0 || !stripped.substring(0, dollar).equals(ALGORITHM) || stripped.length() - dollar - 1 != 64) {
            throw new IllegalArgumentException("expected " + ALGORITHM + "$ and 64 hex digits");
        }
        try {
            return HexFormat.of().parseHex(stripped, dollar + 1, stripped.length());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected " + ALGORITHM + "$ and 64 hex digits");
        }
    }

    /**
     * {@return the SHA-256 digest of a token's UTF-8 bytes}
     *
     * @param token the token
     */
    public static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** {@return the token names} */
    public List<String> names() {
        return names;
    }

    @Override
    public Optional<Principal> verify(String token) {
        byte[] digest = digest(token);
        Principal found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(digest, entry.digest())) {
                found = entry.principal();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public String toString() {
        return "TokenStore[" + entries.length + " tokens]";
    }
}
