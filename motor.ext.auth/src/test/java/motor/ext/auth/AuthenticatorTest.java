package motor.ext.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import motor.ext.auth.Authenticator.Result;
import motor.spi.Handler;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.test.TestRequest;
import org.junit.jupiter.api.Test;

/** The built-in authenticators and the guard that acts on their results, without a server. */
class AuthenticatorTest {

    private static final String TOKEN = "mF_9.B5f-4.1JqM";

    private static final PasswordVerifier ALICE = (user, password) ->
            user.equals("alice") && password.equals("wonderland") ? Optional.of(new User("alice", "Basic")) : Optional.empty();
    private static final TokenVerifier DEPLOY = token ->
            token.equals(TOKEN) ? Optional.of(new User("deploy", "Bearer")) : Optional.empty();

    private static final Authenticator BASIC = Authenticator.basic("admin area", ALICE);
    private static final Authenticator BEARER = Authenticator.bearer("api", DEPLOY);

    /** A request for {@code /} with these header names and values, in memory. */
    private static Request withHeaders(String... namesAndValues) {
        return TestRequest.builder().headers(namesAndValues).build();
    }

    private static Request basic(String user, String password) {
        return withHeaders("Authorization", "Basic " + new BasicCredentials(user, password).encode());
    }

    private static List<String> challenges(Result result) {
        List<Challenge> list = switch (result) {
            case Result.NoCredentials r -> r.challenges();
            case Result.Rejected r -> r.challenges();
            case Result.Authenticated r -> r.forbidden();
        };
        return list.stream().map(Challenge::toString).toList();
    }

    @Test
    void basicWithoutCredentials() throws Exception {
        Result result = BASIC.authenticate(withHeaders());
        assertInstanceOf(Result.NoCredentials.class, result);
        assertEquals(List.of("Basic realm=\"admin area\", charset=\"UTF-8\""), challenges(result));
        assertInstanceOf(Result.NoCredentials.class, BASIC.authenticate(withHeaders("Authorization", "Bearer x")),
                "another scheme's credentials are none for Basic");
        assertInstanceOf(Result.NoCredentials.class, BASIC.authenticate(withHeaders("Proxy-Authorization",
                "Basic " + new BasicCredentials("alice", "wonderland").encode())), "Proxy-Authorization is not for us");
    }

    @Test
    void basicRightAndWrong() throws Exception {
        Result ok = BASIC.authenticate(basic("alice", "wonderland"));
        assertEquals(new Result.Authenticated(new User("alice", "Basic"), List.of()), ok);
        Result wrong = BASIC.authenticate(basic("alice", "guess"));
        assertEquals(new Result.Rejected("invalid user name or password", List.of(Challenge.basic("admin area"))), wrong);
        assertInstanceOf(Result.Rejected.class, BASIC.authenticate(basic("", "")));
        assertInstanceOf(Result.Authenticated.class, BASIC.authenticate(withHeaders("Authorization",
                "bAsIc " + new BasicCredentials("alice", "wonderland").encode())), "the scheme in any case");
    }

    @Test
    void malformedBasicIs400() {
        for (String value : List.of("Basic", "Basic realm=x", "Basic !!!!", "Basic YWxpY2U=", "Basic a b")) {
            HttpException e = assertThrows(HttpException.class,
                    () -> BASIC.authenticate(withHeaders("Authorization", value)), value);
            assertEquals(400, e.status(), value);
            assertTrue(e.getMessage().startsWith("malformed "), e.getMessage());
        }
    }

    @Test
    void bearer() throws Exception {
        assertEquals(List.of("Bearer realm=\"api\""), challenges(BEARER.authenticate(withHeaders())),
                "no error code when no credentials were sent (RFC 6750 section 3.1)");
        Result ok = BEARER.authenticate(withHeaders("Authorization", "Bearer " + TOKEN));
        assertEquals(new User("deploy", "Bearer"), ((Result.Authenticated) ok).principal());
        assertEquals(List.of("Bearer realm=\"api\", error=\"insufficient_scope\""), challenges(ok));
        Result wrong = BEARER.authenticate(withHeaders("Authorization", "Bearer nope"));
        assertInstanceOf(Result.Rejected.class, wrong);
        assertEquals(List.of("Bearer realm=\"api\", error=\"invalid_token\""), challenges(wrong));
        assertInstanceOf(Result.NoCredentials.class, BEARER.authenticate(basic("alice", "wonderland")));
    }

    @Test
    void malformedBearerIs400WithInvalidRequest() {
        for (String value : List.of("Bearer", "Bearer a=b", "Bearer a b")) {
            HttpException e = assertThrows(HttpException.class,
                    () -> BEARER.authenticate(withHeaders("Authorization", value)), value);
            assertEquals(400, e.status());
            if (!value.equals("Bearer a b")) {
                assertEquals("Bearer realm=\"api\", error=\"invalid_request\"", e.headers().first("WWW-Authenticate"));
            }
        }
    }

    @Test
    void anyOfOffersEveryChallenge() throws Exception {
        Authenticator both = Authenticator.anyOf(BASIC, BEARER);
        Result none = both.authenticate(withHeaders());
        assertInstanceOf(Result.NoCredentials.class, none);
        assertEquals(List.of("Basic realm=\"admin area\", charset=\"UTF-8\"", "Bearer realm=\"api\""), challenges(none));

        Result wrongPassword = both.authenticate(basic("alice", "x"));
        assertEquals("invalid user name or password", ((Result.Rejected) wrongPassword).reason());
        assertEquals(List.of("Basic realm=\"admin area\", charset=\"UTF-8\"", "Bearer realm=\"api\""), challenges(wrongPassword));

        Result wrongToken = both.authenticate(withHeaders("Authorization", "Bearer x"));
        assertEquals(List.of("Basic realm=\"admin area\", charset=\"UTF-8\"", "Bearer realm=\"api\", error=\"invalid_token\""),
                challenges(wrongToken));

        assertInstanceOf(Result.Authenticated.class, both.authenticate(basic("alice", "wonderland")));
        assertInstanceOf(Result.Authenticated.class, both.authenticate(withHeaders("Authorization", "Bearer " + TOKEN)));
    }

    @Test
    void anyOfTakesTheFirstThatAuthenticates() throws Exception {
        PasswordVerifier bob = (user, password) ->
                user.equals("bob") && password.equals("builder") ? Optional.of(new User("bob", "Basic")) : Optional.empty();
        Authenticator two = Authenticator.anyOf(BASIC, Authenticator.basic("admin area", bob));
        Result result = two.authenticate(basic("bob", "builder"));
        assertEquals("bob", ((Result.Authenticated) result).principal().getName());
        assertThrows(IllegalArgumentException.class, Authenticator::anyOf);
    }

    @Test
    void resultsNeedChallenges() {
        assertThrows(IllegalArgumentException.class, Result::noCredentials);
        assertThrows(IllegalArgumentException.class, () -> Result.rejected("x"));
        assertThrows(NullPointerException.class, () -> Result.authenticated(null));
    }

    @Test
    void requirePutsThePrincipalOnTheRequest() throws Exception {
        List<Optional<Principal>> seen = new ArrayList<>();
        Handler handler = Auth.require(BASIC, (request, response) -> seen.add(request.principal()));
        Request request = basic("alice", "wonderland");
        handler.handle(request, null);
        assertEquals(List.of(Optional.of(new User("alice", "Basic"))), seen);
        assertEquals(new User("alice", "Basic"), request.attributes().get(Request.PRINCIPAL));
    }

    @Test
    void unauthorizedCarriesTheChallenges() {
        Handler handler = Auth.require(Authenticator.anyOf(BASIC, BEARER), (request, response) -> {
            throw new AssertionError("must not run");
        });
        HttpException missing = assertThrows(HttpException.class, () -> handler.handle(withHeaders(), null));
        assertEquals(401, missing.status());
        assertEquals("authentication required", missing.getMessage());
        assertEquals(List.of("Basic realm=\"admin area\", charset=\"UTF-8\"", "Bearer realm=\"api\""),
                missing.headers().all("WWW-Authenticate"));
        HttpException wrong = assertThrows(HttpException.class, () -> handler.handle(basic("alice", "no"), null));
        assertEquals(401, wrong.status());
        assertEquals("invalid user name or password", wrong.getMessage());
        assertEquals(2, wrong.headers().all("WWW-Authenticate").size());
    }

    @Test
    void forbiddenPrincipals() {
        Handler basicOnly = Auth.require(BASIC, Auth.allowUsers("somebody else"), (request, response) -> {
            throw new AssertionError("must not run");
        });
        Request request = basic("alice", "wonderland");
        HttpException e = assertThrows(HttpException.class, () -> basicOnly.handle(request, null));
        assertEquals(403, e.status());
        assertFalse(e.headers().contains("WWW-Authenticate"));
        assertTrue(request.principal().isPresent(), "who was refused is known, for access logs");

        Handler bearerOnly = Auth.require(BEARER, p -> false, (rq, rs) -> {
            throw new AssertionError("must not run");
        });
        HttpException scope = assertThrows(HttpException.class,
                () -> bearerOnly.handle(withHeaders("Authorization", "Bearer " + TOKEN), null));
        assertEquals(403, scope.status());
        assertEquals("Bearer realm=\"api\", error=\"insufficient_scope\"", scope.headers().first("WWW-Authenticate"));
    }

    @Test
    void protectOnlyGuardsItsPrefix() throws Exception {
        var middleware = Auth.protect("/admin/", BASIC);
        List<String> reached = new ArrayList<>();
        middleware.handle(TestRequest.builder("GET", "/public").build(), null, (rq, rs) -> reached.add("public"));
        assertEquals(List.of("public"), reached);
        assertThrows(HttpException.class, () -> middleware.handle(TestRequest.builder("GET", "/Admin/x").build(), null,
                (rq, rs) -> reached.add("admin")));
        assertEquals(List.of("public"), reached);
        assertThrows(IllegalArgumentException.class, () -> Auth.protect("admin", BASIC));
    }

    @Test
    void allowUsers() {
        assertTrue(Auth.allowUsers("a", "b").test(new User("b", "Basic")));
        assertFalse(Auth.allowUsers("a", "b").test(new User("B", "Basic")));
        assertFalse(Auth.allowUsers().test(new User("a", "Basic")));
    }

    @Test
    void customAuthenticatorFromAnotherHeader() throws Exception {
        Authenticator apiKey = request -> "k1".equals(request.header("X-Api-Key"))
                ? Result.authenticated(new User("key-1", "ApiKey"))
                : Result.noCredentials(Challenge.of("ApiKey").with("realm", "api"));
        assertEquals(List.of("ApiKey realm=\"api\""), challenges(apiKey.authenticate(withHeaders())));
        assertInstanceOf(Result.Authenticated.class, apiKey.authenticate(withHeaders("X-Api-Key", "k1")));
    }
}
