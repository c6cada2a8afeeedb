package motor.ext.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * Active health checks: every {@code interval} the proxy sends {@code GET path} to each upstream; an
 * answer with a status below 400 within {@code timeout} is a success. An upstream is taken out after
 * {@code unhealthyAfter} failures in a row and put back after {@code healthyAfter} successes in a row.
 *
 * @param path           the path (and query) to request, starting with {@code /}
 * @param interval       the time between two rounds of checks
 * @param timeout        how long one check may take, connection included
 * @param unhealthyAfter failures in a row that take an upstream out, 1 or more
 * @param healthyAfter   successes in a row that put it back, 1 or more
 */
public record HealthCheck(String path, Duration interval, Duration timeout, int unhealthyAfter, int healthyAfter) {

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public HealthCheck {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the health check path must start with /");
        }
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the health check interval and timeout must be positive");
        }
        if (unhealthyAfter < 1 || healthyAfter < 1) {
            throw new IllegalArgumentException("unhealthyAfter and healthyAfter must be 1 or more");
        }
    }

    /**
     * {@return checks of {@code path} every 10 s with a 2 s timeout, out after 3 failures, back after 2
     * successes}
     *
     * @param path the path to request
     */
    public static HealthCheck of(String path) {
        return new HealthCheck(path, Duration.ofSeconds(10), Duration.ofSeconds(2), 3, 2);
    }
}
