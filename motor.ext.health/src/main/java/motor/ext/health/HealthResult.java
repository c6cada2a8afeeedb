package motor.ext.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link HealthCheck} found: up or down, with details that the readiness response shows (unless
 * the {@code details} setting hides them). Details are strings, in the order given; never put secrets in
 * them (a connection string with a password, say): readiness is usually reachable by anyone who can reach
 * the load balancer.
 *
 * @param healthy whether the dependency is usable
 * @param details what to show about it; copied, order kept
 */
public record HealthResult(boolean healthy, Map<String, String> details) {

    /** Copies the details, keeping their order; names and values must not be null. */
    public HealthResult {
        Map<String, String> copy = new LinkedHashMap<>();
        details.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "detail name"), Objects.requireNonNull(v, "detail value")));
        details = java.util.Collections.unmodifiableMap(copy);
    }

    /** {@return a result that says up, without details} */
    public static HealthResult up() {
        return new HealthResult(true, Map.of());
    }

    /**
     * {@return a result that says up, with details}
     *
     * @param details what to show
     */
    public static HealthResult up(Map<String, String> details) {
        return new HealthResult(true, details);
    }

    /**
     * {@return a result that says down, with a reason}
     *
     * @param reason why, shown as the detail {@code reason}
     */
    public static HealthResult down(String reason) {
        return new HealthResult(false, Map.of("reason", reason));
    }

    /**
     * {@return a result that says down, with details}
     *
     * @param details what to show
     */
    public static HealthResult down(Map<String, String> details) {
        return new HealthResult(false, details);
    }
}
