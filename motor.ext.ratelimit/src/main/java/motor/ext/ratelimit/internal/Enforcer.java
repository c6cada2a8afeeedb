package motor.ext.ratelimit.internal;

import java.util.List;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Status;

/**
 * Counts a request against every rule that applies to it and either lets it through, with the fields
 * that tell the client where it stands, or refuses it with 429, {@code Retry-After} and the same fields.
 */
public final class Enforcer {

    private static final long SECOND = 1_000_000_000L;

    private final List<Rule> rules;
    private final Settings.Fields fields;

    Enforcer(List<Rule> rules, Settings.Fields fields) {
        this.rules = List.copyOf(rules);
        this.fields = fields;
    }

    /**
     * Counts the request; throws when a rule refuses it.
     *
     * @param request  the request
     * @param response where the fields go when the request is admitted
     * @return the fields to add to an error response should the rest of the chain fail, or {@code null}
     * @throws HttpException 429 when a limit is exceeded
     */
    Headers admit(Request request, Response response) throws HttpException {
        Headers out = null;
        Rule refusedBy = null;
        Limiter.Decision refusal = null;
        StringBuilder policy = null;
        StringBuilder state = null;
        Rule tightest = null;
        Limiter.Decision tightestDecision = null;
        for (Rule rule : rules) {
            if (!rule.applies(request)) {
                continue;
            }
            Limiter.Decision decision = rule.limiter().acquire(rule.keyOf(request));
            if (!decision.allowed() && (refusal == null || decision.retryNanos() > refusal.retryNanos())) {
                refusedBy = rule;
                refusal = decision;
            }
            if (fields == Settings.Fields.DRAFT) {
                policy = append(policy).append('"').append(rule.name()).append("\";q=").append(rule.limit())
                        .append(";w=").append(rule.windowSeconds());
                state = append(state).append('"').append(rule.name()).append("\";r=").append(decision.remaining())
                        .append(";t=").append(seconds(decision.resetNanos()));
            } else if (fields == Settings.Fields.LEGACY
                    && (tightest == null || decision.remaining() < tightestDecision.remaining())) {
                tightest = rule;
                tightestDecision = decision;
            }
        }
        if (policy != null) {
            out = new Headers(2).set("RateLimit-Policy", policy.toString()).set("RateLimit", state.toString());
        } else if (tightest != null) {
            out = new Headers(3).set("X-RateLimit-Limit", Long.toString(tightest.limit()))
                    .set("X-RateLimit-Remaining", Long.toString(tightestDecision.remaining()))
                    .set("X-RateLimit-Reset", Long.toString(seconds(tightestDecision.resetNanos())));
        }
        if (refusal != null) {
            long retry = Math.max(1, seconds(refusal.retryNanos()));
            HttpException refused = new HttpException(Status.TOO_MANY_REQUESTS, "rate limit '" + refusedBy.name()
                    + "' exceeded: " + refusedBy.limit() + " requests per " + window(refusedBy.windowSeconds())
                    + "; retry in " + retry + " s");
            refused.headers().set("Retry-After", Long.toString(retry));
            if (out != null) {
                refused.headers().addAll(out);
            }
            throw refused;
        }
        if (out != null) {
            response.headers().addAll(out);
        }
        return out;
    }

    /**
     * An enforcer of one limit by client address, for {@link motor.ext.ratelimit.RateLimit}.
     *
     * @param name   the policy's name
     * @param limit  requests per window
     * @param window the window
     * @return the enforcer
     */
    public static Enforcer single(String name, int limit, java.time.Duration window) {
        if (!Settings.isPolicyName(name)) {
            throw new IllegalArgumentException("a policy name is 1 to 64 letters, digits, '-', '_' or '.': " + name);
        }
        if (limit < 1 || window.toMillis() < 1) {
            throw new IllegalArgumentException("the limit and the window must be positive");
        }
        Limiter limiter = new Limiter(limit, window, limit, Settings.DEFAULT_MAX_KEYS, System::nanoTime);
        Rule rule = new Rule(name, List.of(), java.util.Set.of(), Rule.Key.IP, null, 64, limit,
                Math.max(1, (window.toMillis() + 999) / 1000), limiter);
        return new Enforcer(List.of(rule), Settings.Fields.DRAFT);
    }

    /**
     * Runs {@code handler} if the request is within the limits, adding the limit fields to its response
     * (also to an error response it throws).
     *
     * @param request  the request
     * @param response the response
     * @param handler  what to run
     * @throws Exception what the handler throws, or 429
     */
    public void run(Request request, Response response, motor.spi.Handler handler) throws Exception {
        Headers fields = admit(request, response);
        try {
            handler.handle(request, response);
        } catch (HttpException e) {
            if (fields != null) {
                for (Headers.Field field : fields) {
                    e.headers().setIfAbsent(field.name(), field.value());
                }
            }
            throw e;
        }
    }

    /** Drops keys whose buckets are full again, in every rule. */
    void sweep() {
        for (Rule rule : rules) {
            rule.limiter().sweep();
        }
    }

    /** {@return whether any rule could apply to some request} */
    boolean isEmpty() {
        return rules.isEmpty();
    }

    private static StringBuilder append(StringBuilder list) {
        return list == null ? new StringBuilder(48) : list.append(", ");
    }

    private static long seconds(long nanos) {
        return (nanos + SECOND - 1) / SECOND;
    }

    private static String window(long seconds) {
        if (seconds % 86_400 == 0) {
            return seconds == 86_400 ? "day" : seconds / 86_400 + " days";
        }
        if (seconds % 3600 == 0) {
            return seconds == 3600 ? "hour" : seconds / 3600 + " hours";
        }
        if (seconds % 60 == 0) {
            return seconds == 60 ? "minute" : seconds / 60 + " minutes";
        }
        return seconds == 1 ? "second" : seconds + " seconds";
    }
}
