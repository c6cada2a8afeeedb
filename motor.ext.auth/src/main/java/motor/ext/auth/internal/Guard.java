package motor.ext.auth.internal;

import java.security.Principal;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import motor.ext.auth.Authenticator;
import motor.ext.auth.Authenticator.Result;
import motor.ext.auth.Challenge;
import motor.spi.Handler;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Status;

/**
 * One protection: an authenticator and who is allowed. {@link #handle} runs it in front of the rest of
 * the chain:
 * <pre>
 * authenticate --Authenticated--> allowed? --yes--> principal on the request, next
 *      |                             `--no---> 403 (+ the result's 403 challenges)
 *      +--NoCredentials--> 401 "authentication required" + WWW-Authenticate per challenge
 *      `--Rejected-------> 401 reason + WWW-Authenticate per challenge
 * </pre>
 * Malformed credentials surface from the authenticator as {@link HttpException} 400.
 *
 * @param authenticator decides who made the request
 * @param allowed       which principals may pass
 */
public record Guard(Authenticator authenticator, Predicate<? super Principal> allowed) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if either is null
     */
    public Guard {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(allowed, "allowed");
    }

    /**
     * Authenticates and authorises the request, then hands it on.
     *
     * @param request  the request
     * @param response the response
     * @param next     what runs once the request may pass
     * @throws Exception from the authenticator or from {@code next}; 401 and 403 as {@link HttpException}
     */
    public void handle(Request request, Response response, Handler next) throws Exception {
        Result result = authenticator.authenticate(request);
        switch (Objects.requireNonNull(result, "an authenticator returned no result")) {
            case Result.Authenticated authenticated -> {
                Principal principal = authenticated.principal();
                request.attributes().put(Request.PRINCIPAL, principal);
                if (!allowed.test(principal)) {
                    throw withChallenges(new HttpException(Status.FORBIDDEN, "not allowed here"),
                            authenticated.forbidden());
                }
                next.handle(request, response);
            }
            case Result.NoCredentials missing -> throw withChallenges(
                    new HttpException(Status.UNAUTHORIZED, "authentication required"), missing.challenges());
            case Result.Rejected rejected -> throw withChallenges(
                    new HttpException(Status.UNAUTHORIZED, rejected.reason()), rejected.challenges());
        }
    }

    private static HttpException withChallenges(HttpException e, List<Challenge> challenges) {
        for (Challenge challenge : challenges) {
            e.header("WWW-Authenticate", challenge.toString());
        }
        return e;
    }
}
