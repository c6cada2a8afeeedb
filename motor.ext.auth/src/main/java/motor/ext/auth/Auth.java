package motor.ext.auth;

import java.security.Principal;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import motor.ext.auth.internal.Guard;
import motor.ext.auth.internal.PathPrefix;
import motor.ext.auth.internal.Protections;
import motor.spi.Handler;
import motor.spi.Middleware;
import motor.spi.Request;

/**
 * Puts authentication in front of a path prefix or a route.
 * <pre>{@code
 * PasswordVerifier users = Passwords.verifier(Map.of("alice", "pbkdf2-sha256$600000$...$..."));
 * context.addMiddleware(Middleware.SECURITY,
 *         Auth.protect("/admin/", Authenticator.basic("admin area", users), Auth.allowUsers("alice")));
 * context.routes().get("/me", Auth.require(Authenticator.basic("site", users),
 *         (request, response) -> response.send(request.principal().orElseThrow().getName())));
 * }</pre>
 * On success the principal is on the request under {@link Request#PRINCIPAL} ({@code request.principal()}
 * reads it); without credentials, or with wrong ones, the answer is 401 with one {@code WWW-Authenticate}
 * field per challenge; an authenticated principal that is not allowed gets 403; malformed credentials 400.
 *
 * <p>Register {@link #protect} middleware at {@link Middleware#SECURITY}: inside request ids and access
 * logs, outside compression and the application's own middleware, so that nothing unauthenticated reaches
 * them. A CORS preflight carries no credentials; the CORS middleware (the {@code security} extension)
 * must answer it before this runs, which it does when registered first at the same order.
 */
public final class Auth {

    private Auth() {
    }

    /**
     * Middleware that lets only authenticated requests under {@code prefix} through.
     *
     * @param prefix        a path such as {@code /admin/}; see {@link #protect(String, Authenticator, Predicate)}
     * @param authenticator decides who made the request
     * @return the middleware, for {@link Middleware#SECURITY}
     * @throws IllegalArgumentException if the prefix does not start with {@code /} or holds dot segments
     */
    public static Middleware protect(String prefix, Authenticator authenticator) {
        return protect(prefix, authenticator, principal -> true);
    }

    /**
     * Middleware that lets through only requests under {@code prefix} from allowed principals.
     *
     * <p>The prefix is a sequence of whole path segments, matched on the decoded, normalised path:
     * {@code /admin} covers {@code /admin}, {@code /admin/} and everything below, but not
     * {@code /administrator}; {@code //admin}, {@code /./admin}, {@code /%61dmin},
     * {@code /public/../admin}, {@code /admin%2Fx} and {@code /public/..;/admin} are all covered.
     * Matching ignores case, so {@code /ADMIN} is covered as well. {@code /} covers every request. Each
     * middleware made here guards on its own: two of them with nested prefixes both apply to the inner
     * one (the extension's {@code protect} settings instead let the most specific prefix decide).
     *
     * @param prefix        a path starting with {@code /}; percent-encoding in it is decoded
     * @param authenticator decides who made the request
     * @param allowed       which authenticated principals may pass; others get 403
     * @return the middleware, for {@link Middleware#SECURITY}
     * @throws IllegalArgumentException if the prefix does not start with {@code /} or holds dot segments
     */
    public static Middleware protect(String prefix, Authenticator authenticator, Predicate<? super Principal> allowed) {
        return new Protections(List.of(new Protections.Rule(PathPrefix.parse(prefix), new Guard(authenticator, allowed))));
    }

    /**
     * Wraps a route's handler so that only authenticated requests reach it.
     *
     * @param authenticator decides who made the request
     * @param handler       the handler
     * @return the guarded handler
     */
    public static Handler require(Authenticator authenticator, Handler handler) {
        return require(authenticator, principal -> true, handler);
    }

    /**
     * Wraps a route's handler so that only allowed principals reach it; others get 403.
     *
     * @param authenticator decides who made the request
     * @param allowed       which authenticated principals may pass
     * @param handler       the handler
     * @return the guarded handler
     */
    public static Handler require(Authenticator authenticator, Predicate<? super Principal> allowed, Handler handler) {
        Guard guard = new Guard(authenticator, allowed);
        Objects.requireNonNull(handler, "handler");
        return (request, response) -> guard.handle(request, response, handler);
    }

    /**
     * {@return a test that allows the principals of these names only (compared exactly)}
     *
     * @param names the names
     */
    public static Predicate<Principal> allowUsers(String... names) {
        Set<String> allowed = Set.of(names);
        return principal -> allowed.contains(principal.getName());
    }
}
