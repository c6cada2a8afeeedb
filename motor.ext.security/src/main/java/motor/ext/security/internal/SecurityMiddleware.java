package motor.ext.security.internal;

import motor.spi.Handler;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Method;
import motor.spi.Middleware;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Status;

/**
 * Adds security headers and CORS to every exchange, and answers CORS preflights.
 *
 * <p>For each request: find the policy of the longest configured path prefix; if CORS is on there and
 * the request is a preflight ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}), answer it here, 204 with the CORS headers when allowed, 403
 * without them when not; otherwise run the rest of the chain with a {@link SecuredResponse}, which adds
 * the headers before the response commits. A failure from the chain becomes an error response that
 * starts from fresh headers, so the headers go into the {@link HttpException} as well; any other failure
 * is wrapped in a 500 {@code HttpException} with the failure as its cause, which the server logs as it
 * would the failure itself.
 */
final class SecurityMiddleware implements Middleware {

    private final PathTable<Policy> policies;

    /**
     * Creates the middleware.
     *
     * @param policies the policies by path prefix
     */
    SecurityMiddleware(PathTable<Policy> policies) {
        this.policies = policies;
    }

    @Override
    public void handle(Request request, Response response, Handler next) throws Exception {
        boolean secure = "https".equals(request.scheme());
        Policy policy = policies.root();
        HttpException badPath = null;
        if (policies.hasPrefixes() && request.path().startsWith("/")) {
            try {
                policy = policies.find(request.pathSegments());
            } catch (HttpException e) {
                badPath = e; // the router would refuse the path too; the answer still gets the top-level headers
            }
        }
        CorsPolicy cors = policy.cors();
        String allowOrigin = null;
        if (cors.enabled()) {
            String origin = origin(request.headers());
            if (badPath == null && origin != null && request.method().equals(Method.OPTIONS)
                    && request.headers().contains(CorsPolicy.REQUEST_METHOD)) {
                preflight(request, response, policy, origin, secure);
                return;
            }
            allowOrigin = cors.allowOrigin(origin);
        }
        SecuredResponse secured = new SecuredResponse(response, policy.headers(), secure, cors, allowOrigin);
        if (badPath != null) {
            secured.decorate(badPath.headers(), badPath.status());
            throw badPath;
        }
        try {
            next.handle(request, secured);
        } catch (HttpException e) {
            if (!response.committed()) {
                secured.decorate(e.headers(), e.status());
            }
            throw e;
        } catch (Exception | LinkageError | StackOverflowError e) {
            if (response.committed()) {
                throw e; // too late for headers: the server can only end the response
            }
            HttpException failure = new HttpException(Status.INTERNAL_SERVER_ERROR, null, e);
            secured.decorate(failure.headers(), failure.status());
            throw failure;
        }
        secured.finish();
    }

    private static void preflight(Request request, Response response, Policy policy, String origin, boolean secure)
            throws java.io.IOException {
        Headers requestHeaders = request.headers();
        Headers answer = response.headers();
        CorsPolicy.Refusal refusal = policy.cors().preflight(origin, requestHeaders.first(CorsPolicy.REQUEST_METHOD),
                joined(requestHeaders, CorsPolicy.REQUEST_HEADERS),
                "true".equalsIgnoreCase(requestHeaders.first(CorsPolicy.REQUEST_PRIVATE_NETWORK)), answer);
        if (refusal != null) {
            // no CORS headers: the browser stops here and never sends the actual request
            HttpException e = new HttpException(Status.FORBIDDEN, "CORS preflight refused: " + refusal.message);
            CorsPolicy.varyPreflight(e.headers());
            policy.headers().apply(e.headers(), secure);
            throw e;
        }
        CorsPolicy.varyPreflight(answer);
        policy.headers().apply(answer, secure);
        response.status(Status.NO_CONTENT);
        response.send(new byte[0]);
    }

    /**
     * {@return the request's {@code Origin}, null if absent, or an empty string (which no policy allows)
     * when it came more than once}
     */
    private static String origin(Headers headers) {
        String origin = headers.first("Origin");
        if (origin == null || headers.count("Origin") == 1) {
            return origin;
        }
        return "";
    }

    /** {@return the values of every field named {@code name}, joined as one list, or null if none} */
    private static String joined(Headers headers, String name) {
        int count = headers.count(name);
        if (count <= 1) {
            return headers.first(name);
        }
        return String.join(",", headers.all(name));
    }
}
