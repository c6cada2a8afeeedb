package motor.ext.auth.internal;

import java.security.Principal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import motor.ext.auth.Authenticator;
import motor.ext.auth.Challenge;
import motor.ext.auth.Credentials;
import motor.ext.auth.TokenVerifier;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.spi.Status;

/**
 * Bearer token authentication (RFC 6750 section 2.1 and 3); see {@link Authenticator#bearer}. The token
 * syntax, {@code b64token}, is exactly RFC 9110's {@code token68}, which the parser has checked.
 */
public final class BearerAuthenticator implements Authenticator {

    private final Challenge challenge;
    private final Result missing;
    private final Result rejected;
    private final List<Challenge> insufficientScope;
    private final String invalidRequest;
    private final TokenVerifier verifier;

    /**
     * Creates the authenticator.
     *
     * @param realm    the realm of the challenge
     * @param verifier checks the token
     */
    public BearerAuthenticator(String realm, TokenVerifier verifier) {
        this.challenge = Challenge.bearer(Objects.requireNonNull(realm, "realm"));
        this.missing = Result.noCredentials(challenge);
        this.rejected = Result.rejected("invalid access token", challenge.with("error", "invalid_token"));
        this.insufficientScope = List.of(challenge.with("error", "insufficient_scope"));
        this.invalidRequest = challenge.with("error", "invalid_request").toString();
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    @Override
    public Result authenticate(Request request) throws Exception {
        Optional<Credentials> found = Credentials.authorization(request);
        if (found.isEmpty() || !found.get().is("Bearer")) {
            return missing;
        }
        String token = found.get().token68();
        if (token == null) {
            throw new HttpException(Status.BAD_REQUEST, "malformed Bearer credentials: expected a token after Bearer")
                    .header("WWW-Authenticate", invalidRequest);
        }
        Optional<Principal> principal = verifier.verify(token);
        return principal != null && principal.isPresent()
                ? new Result.Authenticated(principal.get(), insufficientScope) : rejected;
    }

    @Override
    public String toString() {
        return challenge.toString();
    }
}
