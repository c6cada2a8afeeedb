package motor.ext.auth;

import java.security.Principal;
import java.util.Optional;

/**
 * Checks a bearer token, for {@link Authenticator#bearer}. {@link Tokens#verifier} makes one from SHA-256
 * hashes of the tokens; an application may check signed tokens (a JWT library) or ask an authorization
 * server instead.
 *
 * <p>Compare secrets in constant time ({@link java.security.MessageDigest#isEqual} on fixed-length
 * digests). Called on the request's virtual thread; may block; one instance serves concurrent requests.
 */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * Checks a token.
     *
     * @param token the token as sent: RFC 6750 {@code b64token} syntax, checked already
     * @return whom the token stands for if it is valid; empty otherwise
     * @throws Exception if the check itself fails (the request is answered with 500)
     */
    Optional<Principal> verify(String token) throws Exception;
}
