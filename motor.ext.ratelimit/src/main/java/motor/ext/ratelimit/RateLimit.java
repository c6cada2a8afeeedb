package motor.ext.ratelimit;

import java.time.Duration;
import java.util.Objects;
import motor.ext.ratelimit.internal.Enforcer;
import motor.spi.Handler;

/**
 * Rate limits in code, for one route: a login form, a password reset, an expensive search. Limits that
 * apply to many paths are easier to keep in the {@code ratelimit} section of the configuration (see
 * docs/ratelimit.md); both answer the same way.
 *
 * <pre>{@code
 * routes.post("/login", RateLimit.perClient("login", 5, Duration.ofMinutes(1), loginHandler));
 * }</pre>
 */
public final class RateLimit {

    private RateLimit() {
    }

    /**
     * Wraps a handler so that each client (by {@code Request.remoteAddress()}, IPv6 addresses by their
     * /64) may call it {@code limit} times per {@code window}, in bursts of up to {@code limit}; beyond that
     * it gets {@code 429 Too Many Requests} with {@code Retry-After}. Admitted responses carry the
     * {@code RateLimit-Policy} and {@code RateLimit} fields.
     *
     * @param name    the policy's name, shown to clients: 1 to 64 letters, digits, '-', '_' or '.'
     * @param limit   requests per window, at least 1
     * @param window  the window, from a millisecond to 365 days
     * @param handler the handler to protect
     * @return the limited handler; it keeps its own counts, so make it once, not per request
     * @throws IllegalArgumentException if the name, the limit or the window is invalid
     */
    public static Handler perClient(String name, int limit, Duration window, Handler handler) {
        Objects.requireNonNull(handler, "handler");
        Enforcer enforcer = Enforcer.single(Objects.requireNonNull(name, "name"), limit,
                Objects.requireNonNull(window, "window"));
        return (request, response) -> enforcer.run(request, response, handler);
    }
}
