package motor.ext.auth.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import motor.spi.Handler;
import motor.spi.Middleware;
import motor.spi.Request;
import motor.spi.Response;

/**
 * Middleware that guards path prefixes, the most specific prefix deciding: for {@code /admin/} and
 * {@code /admin/reports/}, a request to {@code /admin/reports/x} is guarded by the second only. Requests
 * under no prefix pass untouched. A path is read twice (see {@link PathPrefix}); when the two readings
 * fall under different prefixes, both guards apply, the router's reading first.
 */
public final class Protections implements Middleware {

    /**
     * One prefix and its guard.
     *
     * @param prefix the prefix
     * @param guard  the guard
     */
    public record Rule(PathPrefix prefix, Guard guard) {
    }

    private final Rule[] rules;

    /**
     * Creates the middleware.
     *
     * @param rules the rules, in any order; prefixes must be distinct
     * @throws IllegalArgumentException if two rules have the same prefix
     */
    public Protections(List<Rule> rules) {
        List<Rule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparingInt((Rule r) -> r.prefix().length()).reversed());
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (sorted.get(i).prefix().normalised().equalsIgnoreCase(sorted.get(j).prefix().normalised())) {
                    throw new IllegalArgumentException("path prefix " + sorted.get(i).prefix() + " is protected twice");
                }
            }
        }
        this.rules = sorted.toArray(Rule[]::new);
    }

    /** {@return the rules, most specific first} */
    public List<Rule> rules() {
        return List.of(rules);
    }

    @Override
    public void handle(Request request, Response response, Handler next) throws Exception {
        String raw = request.path();
        if (PathPrefix.plain(raw)) {
            // the common case: nothing to decode, one reading, no allocation
            for (Rule rule : rules) {
                if (rule.prefix().coversPlain(raw)) {
                    rule.guard().handle(request, response, next);
                    return;
                }
            }
            next.handle(request, response);
            return;
        }
        List<String> path = request.pathSegments();
        Rule first = find(path);
        List<String> alternative = PathPrefix.alternative(path);
        Rule second = alternative == null ? first : find(alternative);
        if (first == second || second == null) {
            if (first == null) {
                next.handle(request, response);
            } else {
                first.guard().handle(request, response, next);
            }
        } else if (first == null) {
            second.guard().handle(request, response, next);
        } else {
            // the router's reading and a file system's reading fall under different prefixes: both must pass
            first.guard().handle(request, response, (r, s) -> second.guard().handle(r, s, next));
        }
    }

    private Rule find(List<String> path) {
        for (Rule rule : rules) {
            if (rule.prefix().covers(path)) {
                return rule;
            }
        }
        return null;
    }
}
