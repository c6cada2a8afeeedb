package motor.ext.auth;

import java.security.Principal;
import java.util.List;
import java.util.Objects;
import motor.ext.auth.internal.AnyOf;
import motor.ext.auth.internal.BasicAuthenticator;
import motor.ext.auth.internal.BearerAuthenticator;
import motor.spi.HttpException;
import motor.spi.Request;

/**
 * Decides who made a request. {@link Auth#protect} and {@link Auth#require} put one in front of a path
 * prefix or a route and act on its {@link Result}: an authenticated principal goes on the request (under
 * {@link Request#PRINCIPAL}) and the request proceeds; missing or rejected credentials are answered with
 * 401 and the result's challenges in {@code WWW-Authenticate}.
 *
 * <p>The built-in ones read {@code Authorization}: {@link #basic} (RFC 7617), {@link #bearer} (RFC 6750),
 * and {@link #anyOf} to offer several. An application may write its own (an API key in another header, a
 * session cookie). It runs on the request's virtual thread, may block, and serves concurrent requests.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * Looks at a request's credentials.
     *
     * @param request the request, not yet routed
     * @return the outcome
     * @throws HttpException 400 if the credentials are malformed
     * @throws Exception     if checking fails (the request is answered with 500)
     */
    Result authenticate(Request request) throws Exception;

    /**
     * What an authenticator decided: one of {@link Authenticated}, {@link NoCredentials} and
     * {@link Rejected}.
     */
    sealed interface Result {

        /**
         * The request comes from {@code principal}.
         *
         * @param principal who made the request
         * @param forbidden challenges to send with a 403 if the principal is not allowed where it asked, such
         *                  as Bearer's {@code error="insufficient_scope"}; usually empty
         */
        record Authenticated(Principal principal, List<Challenge> forbidden) implements Result {
            /**
             * Checks and copies the components.
             *
             * @throws NullPointerException if either is null
             */
            public Authenticated {
                Objects.requireNonNull(principal, "principal");
                forbidden = List.copyOf(forbidden);
            }
        }

        /**
         * The request carries no credentials this authenticator understands (none at all, or another
         * scheme's): 401 with these challenges.
         *
         * @param challenges what the client may answer with; at least one
         */
        record NoCredentials(List<Challenge> challenges) implements Result {
            /**
             * Checks and copies the challenges.
             *
             * @throws IllegalArgumentException if there are none
             */
            public NoCredentials {
                challenges = nonEmpty(challenges);
            }
        }

        /**
         * The request carries credentials of this authenticator's scheme that are wrong (unknown user, wrong
         * password, invalid or expired token): 401 with these challenges.
         *
         * @param reason     what was wrong, sent to the client: generic, such as "invalid user name or
         *                   password", never the credentials and never which part was wrong
         * @param challenges what the client may answer with; at least one
         */
        record Rejected(String reason, List<Challenge> challenges) implements Result {
            /**
             * Checks and copies the components.
             *
             * @throws IllegalArgumentException if there are no challenges
             */
            public Rejected {
                Objects.requireNonNull(reason, "reason");
                challenges = nonEmpty(challenges);
            }
        }

        private static List<Challenge> nonEmpty(List<Challenge> challenges) {
            List<Challenge> copy = List.copyOf(challenges);
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("a 401 needs at least one challenge");
            }
            return copy;
        }

        /**
         * {@return an {@link Authenticated} result without 403 challenges}
         *
         * @param principal who made the request
         */
        static Result authenticated(Principal principal) {
            return new Authenticated(principal, List.of());
        }

        /**
         * {@return a {@link NoCredentials} result}
         *
         * @param challenges at least one challenge
         */
        static Result noCredentials(Challenge... challenges) {
            return new NoCredentials(List.of(challenges));
        }

        /**
         * {@return a {@link Rejected} result}
         *
         * @param reason     what was wrong, safe to send to the client
         * @param challenges at least one challenge
         */
        static Result rejected(String reason, Challenge... challenges) {
            return new Rejected(reason, List.of(challenges));
        }
    }

    /**
     * HTTP Basic authentication (RFC 7617). Without credentials (or with another scheme's) the result is
     * {@code Basic realm="...", charset="UTF-8"}; malformed Basic credentials (not canonical base64, not
     * UTF-8, no colon, control characters) are answered with 400; a user name and password the verifier
     * refuses are {@link Result.Rejected}.
     *
     * <p>Basic sends the password with every request: use it over TLS only.
     *
     * @param realm    the protection space, shown by browsers in their login dialog; printable ASCII
     * @param verifier checks user name and password
     * @return the authenticator
     * @throws IllegalArgumentException if the realm holds characters a challenge cannot carry
     */
    static Authenticator basic(String realm, PasswordVerifier verifier) {
        return new BasicAuthenticator(realm, verifier);
    }

    /**
     * Bearer token authentication (RFC 6750), from the {@code Authorization} field only (not from a form
     * body or the query, which RFC 6750 discourages). Without credentials the challenge is
     * {@code Bearer realm="..."}; {@code Bearer} followed by anything but a {@code b64token} is answered with
     * 400 and {@code error="invalid_request"}; a token the verifier refuses is {@link Result.Rejected} with
     * {@code error="invalid_token"}; an authenticated principal that is not allowed gets 403 with
     * {@code error="insufficient_scope"}.
     *
     * @param realm    the protection space; printable ASCII
     * @param verifier checks the token
     * @return the authenticator
     * @throws IllegalArgumentException if the realm holds characters a challenge cannot carry
     */
    static Authenticator bearer(String realm, TokenVerifier verifier) {
        return new BearerAuthenticator(realm, verifier);
    }

    /**
     * Offers several authenticators, such as Basic for people and Bearer for programs. They are asked in
     * order and the first {@link Result.Authenticated} wins. Otherwise, if one rejected the credentials the
     * result is its rejection; if none found credentials it understands, the result is
     * {@link Result.NoCredentials}. Either way the challenges are all of theirs, in order (one
     * {@code WWW-Authenticate} field each).
     *
     * @param authenticators at least one
     * @return the combined authenticator
     */
    static Authenticator anyOf(Authenticator... authenticators) {
        return new AnyOf(List.of(authenticators));
    }
}
