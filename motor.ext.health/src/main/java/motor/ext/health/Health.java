package motor.ext.health;

import java.time.Duration;
import motor.spi.Request;

/**
 * The readiness checks of one server, provided as a service by the {@code health} extension: in a
 * handler {@link #of(Request) Health.of(request)}, in another extension
 * {@code context.service(Health.class)} (declare {@code after()} {@code "health"}, or look it up when
 * first needed). Thread-safe.
 *
 * <pre>{@code
 * Health health = context.service(Health.class).orElseThrow();
 * context.onStop(health.register("database", () -> pool.ping()
 *         ? HealthResult.up()
 *         : HealthResult.down("no connection")));
 * }</pre>
 */
public interface Health {

    /** A registered check; closing it removes the check (twice does nothing). */
    interface Registration extends AutoCloseable {

        /** Removes the check. */
        @Override
        void close();
    }

    /**
     * Registers a readiness check with the extension's {@code timeout} and {@code cacheFor}.
     *
     * @param name  the name it is shown under: 1 to 64 letters, digits, {@code _ . -}
     * @param check the check
     * @return the registration, to remove it again
     * @throws IllegalArgumentException if the name is invalid or taken
     */
    Registration register(String name, HealthCheck check);

    /**
     * Registers a readiness check with its own timeout and cache time.
     *
     * @param name     the name it is shown under: 1 to 64 letters, digits, {@code _ . -}
     * @param timeout  how long a probe waits for it before reporting it {@code DOWN}; positive
     * @param cacheFor how long a result is reused before the check runs again; zero or positive
     * @param check    the check
     * @return the registration, to remove it again
     * @throws IllegalArgumentException if the name is invalid or taken, or a duration out of range
     */
    Registration register(String name, Duration timeout, Duration cacheFor, HealthCheck check);

    /**
     * Runs the checks (or reuses their cached results) as a readiness probe would, waiting at most for the
     * longest timeout.
     *
     * @return whether a readiness probe now would get 200
     */
    boolean ready();

    /**
     * Finds the health checks of the server a request came to.
     *
     * @param request the request
     * @return the service
     * @throws IllegalStateException if the {@code health} extension is not installed
     */
    static Health of(Request request) {
        return request.service(Health.class)
                .orElseThrow(() -> new IllegalStateException("the health extension is not installed"));
    }
}
