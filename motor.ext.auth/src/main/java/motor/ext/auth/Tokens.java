package motor.ext.auth;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import motor.ext.auth.internal.HashTool;
import motor.ext.auth.internal.TokenStore;

/**
 * Bearer tokens kept as SHA-256 hashes, written {@code sha256$HEX} (64 lower-case hex digits of the
 * SHA-256 of the token's bytes). Generate a token and its hash from the command line:
 * <pre>
 * java -cp motor-ext-auth.jar motor.ext.auth.Tokens            # a new token and its hash
 * java -cp motor-ext-auth.jar motor.ext.auth.Tokens --hash     # the hash of a token read from stdin
 * </pre>
 * or with a shell: {@code printf %s "$TOKEN" | sha256sum}.
 */
public final class Tokens {

    private Tokens() {
    }

    /**
     * {@return a new token: 32 random bytes in unpadded base64url, 43 characters, a valid
     * {@code b64token}}
     */
    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * {@return the hash text of a token, {@code sha256$HEX}}
     *
     * @param token the token
     */
    public static String hash(String token) {
        return TokenStore.ALGORITHM + "$" + HexFormat.of().formatHex(TokenStore.digest(token));
    }

    /**
     * A verifier over named token hashes. A token is compared with every hash in constant time.
     *
     * @param hashes token names (the principal's name when the token is presented) to hash texts
     * @return the verifier; its principals are {@link User}s with scheme {@code Bearer}
     * @throws IllegalArgumentException naming a token whose hash is malformed or repeated
     */
    public static TokenVerifier verifier(Map<String, String> hashes) {
        return new TokenStore(hashes);
    }

    /**
     * Prints a new token and its hash, or with {@code --hash} the hash of a token read from the first line
     * of standard input.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        int status = HashTool.token(args,
                new BufferedReader(new InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)),
                System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }
}
