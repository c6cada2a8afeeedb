package motor.ext.auth;

import java.security.Principal;
import java.util.Optional;

/**
 * Checks a user name and password, for {@link Authenticator#basic}. {@link Passwords#verifier} makes one
 * from PBKDF2 hashes; an application may check against its own store instead.
 *
 * <p>An implementation should take as long for a user that does not exist as for a wrong password, and
 * compare secrets in constant time ({@link java.security.MessageDigest#isEqual} on fixed-length digests),
 * so that timing reveals neither which users exist nor how much of a secret was right. It is called on
 * the request's virtual thread and may block; one instance serves concurrent requests.
 */
@FunctionalInterface
public interface PasswordVerifier {

    /**
     * Checks credentials.
     *
     * @param user     the user name, NFC-normalised, possibly empty
     * @param password the password, NFC-normalised, possibly empty
     * @return who the user is if the password is right; empty otherwise
     * @throws Exception if the check itself fails (the request is answered with 500)
     */
    Optional<Principal> verify(String user, String password) throws Exception;
}
