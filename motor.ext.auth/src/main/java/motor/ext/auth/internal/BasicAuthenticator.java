package motor.ext.auth.internal;

import java.security.Principal;
import java.util.Objects;
import java.util.Optional;
import motor.ext.auth.Authenticator;
import motor.ext.auth.BasicCredentials;
import motor.ext.auth.Challenge;
import motor.ext.auth.Credentials;
import motor.ext.auth.PasswordVerifier;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.spi.Status;

/** Basic authentication (RFC 7617); see {@link Authenticator#basic}. */
public final class BasicAuthenticator implements Authenticator {

    private final Challenge challenge;
    private final Result missing;
    private final Result rejected;
    private final PasswordVerifier verifier;

    /**
     * Creates the authenticator.
     *
     * @param realm    the realm of the challenge
     * @param verifier checks user name and password
     */
    public BasicAuthenticator(String realm, PasswordVerifier verifier) {
        this.challenge = Challenge.basic(Objects.requireNonNull(realm, "realm"));
        this.missing = Result.noCredentials(challenge);
        this.rejected = Result.rejected("invalid user name or password", challenge);
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    @Override
    public Result authenticate(Request request) throws Exception {
        Optional<Credentials> found = Credentials.authorization(request);
        if (found.isEmpty() || !found.get().is("Basic")) {
            return missing;
        }
        String token = found.get().token68();
        if (token == null) {
            throw new HttpException(Status.BAD_REQUEST, "malformed Basic credentials: expected base64 after Basic");
        }
        BasicCredentials credentials = BasicCredentials.decode(token);
        Optional<Principal> principal = verifier.verify(credentials.user(), credentials.password());
        return principal != null && principal.isPresent() ? Result.authenticated(principal.get()) : rejected;
    }

    @Override
    public String toString() {
        return challenge.toString();
    }
}
