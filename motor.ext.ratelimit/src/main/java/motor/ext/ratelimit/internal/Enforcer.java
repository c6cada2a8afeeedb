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

    /** The 429 an enforcer throws, so that an enforcer further out can tell it from a handler's 429. */
    private static final class Refused extends HttpException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(Status.TOO_MANY_REQUESTS, message);
        }
    }

    /** What one admitted request took: the rules it was counted under and the keys, to give back. */
    private record Taken(Rule[] rules, String[] keys, int count) {
        void refund() {
            for (int i = 0; i < count; i++) {
                rules[i].limiter().refund(keys[i]);
            }
        }
    }

    /**
     * Counts the request; throws when a rule refuses it. A request that one rule refuses is not counted by
     * the others: a refusal costs the client nothing.
     *
     * @param request  the request
     * @param response where the fields go when the request is admitted
     * @return the fields to add to an error response should the rest of the chain fail, or {@code null}
     * @throws HttpException 429 when a limit is exceeded
     */
    Headers admit(Request request, Response response) throws HttpException {
        return admit(request, response, null);
    }

    private Headers admit(Request request, Response response, Taken[] taken) throws HttpException {
        int n = rules.size();
        Rule[] applied = new Rule[n];
        String[] keys = new String[n];
        Limiter.Decision[] decisions = new Limiter.Decision[n];
        int count = 0;
        Rule refusedBy = null;
        Limiter.Decision refusal = null;
        String path = null;
        for (Rule rule : rules) {
            if (path == null && !rule.paths().isEmpty()) {
                path = Rule.decodedPath(request);
            }
            if (!rule.applies(request.method(), path)) {
                continue;
            }
            String key = rule.keyOf(request);
            Limiter.Decision decision = rule.limiter().acquire(key);
            applied[count] = rule;
            keys[count] = key;
            decisions[count++] = decision;
            if (!decision.allowed() && (refusal == null || decision.retryNanos() > refusal.retryNanos())) {
                refusedBy = rule;
                refusal = decision;
            }
        }
        if (refusal != null) {
            // give back what the other rules took, and report their state as it is after that
            for (int i = 0; i < count; i++) {
                Limiter.Decision d = decisions[i];
                if (d.allowed()) {
                    Limiter limiter = applied[i].limiter();
                    limiter.refund(keys[i]);
                    decisions[i] = new Limiter.Decision(true, Math.min(limiter.capacity(), d.remaining() + 1),
                            Math.max(0, d.resetNanos() - limiter.interval()), 0);
                }
            }
        }
        Headers out = fields(applied, decisions, count);
        if (refusal != null) {
            long retry = Math.max(1, seconds(refusal.retryNanos()));
            HttpException refused = new Refused("rate limit '" + refusedBy.name()
                    + "' exceeded: " + refusedBy.limit() + " requests per " + window(refusedBy.window())
                    + "; retry in " + retry + " s");
            refused.headers().set("Retry-After", Long.toString(retry));
            if (out != null) {
                refused.headers().addAll(out);
            }
            throw refused;
        }
        if (out != null) {
            merge(response.headers(), out);
        }
        if (taken != null) {
            taken[0] = new Taken(applied, keys, count);
        }
        return out;
    }

    /** {@return the fields that describe the decisions, or {@code null} for none} */
    private Headers fields(Rule[] applied, Limiter.Decision[] decisions, int count) {
        if (count == 0 || fields == Settings.Fields.NONE) {
            return null;
        }
        if (fields == Settings.Fields.DRAFT) {
            StringBuilder policy = new StringBuilder(48);
            StringBuilder state = new StringBuilder(48);
            for (int i = 0; i < count; i++) {
                Rule rule = applied[i];
                if (i > 0) {
                    policy.append(", ");
                    state.append(", ");
                }
                policy.append('"').append(rule.name()).append("\";q=").append(rule.advertisedQuota())
                        .append(";w=").append(rule.windowSeconds());
                state.append('"').append(rule.name()).append("\";r=").append(decisions[i].remaining())
                        .append(";t=").append(seconds(decisions[i].resetNanos()));
            }
            return new Headers(2).set("RateLimit-Policy", policy.toString()).set("RateLimit", state.toString());
        }
        int tightest = 0;
        for (int i = 1; i < count; i++) {
            if (decisions[i].remaining() < decisions[tightest].remaining()) {
                tightest = i;
            }
        }
        return new Headers(3).set("X-RateLimit-Limit", Long.toString(applied[tightest].limit()))
                .set("X-RateLimit-Remaining", Long.toString(decisions[tightest].remaining()))
                .set("X-RateLimit-Reset", Long.toString(seconds(decisions[tightest].resetNanos())));
    }

    /**
     * Adds an enforcer's fields to a response's or an error's. The draft fields are lists, so each enforcer
     * adds its own items. The legacy fields describe one limit: the one with the least left wins, so that
     * rules before and after authentication never send two values.
     */
    private static void merge(Headers target, Headers fields) {
        String mine = fields.first("X-RateLimit-Remaining");
        if (mine == null) {
            target.addAll(fields);
            return;
        }
        String theirs = target.first("X-RateLimit-Remaining");
        if (theirs != null) {
            try {
                if (Long.parseLong(theirs) <= Long.parseLong(mine)) {
                    return;
                }
            } catch (NumberFormatException e) {
                // not ours: replace it
            }
        }
        for (Headers.Field field : fields) {
            target.set(field.name(), field.value());
        }
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
        if (limit < 1 || window.compareTo(java.time.Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("the limit and the window must be positive");
        }
        if (window.compareTo(java.time.Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("the window must be at most 365 days");
        }
        Limiter limiter = new Limiter(limit, window, limit, Settings.DEFAULT_MAX_KEYS, System::nanoTime);
        Rule rule = new Rule(name, List.of(), java.util.Set.of(), Rule.Key.IP, null, 64, limit,
                Math.max(1, (window.toMillis() + 999) / 1000), window, limiter);
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
        Taken[] taken = new Taken[1];
        Headers fields = admit(request, response, taken);
        try {
            handler.handle(request, response);
        } catch (HttpException e) {
            if (e instanceof Refused) {
                // a limit further in refused the request: it costs nothing here either
                taken[0].refund();
            }
            if (fields != null) {
                merge(e.headers(), fields);
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

    private static String window(java.time.Duration window) {
        long nanos = window.toNanos();
        if (nanos % SECOND != 0) {
            return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + " ms" : nanos + " ns";
        }
        long seconds = nanos / SECOND;
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
