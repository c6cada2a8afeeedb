package motor.ext.health;

/**
 * One readiness check: can this instance serve, as far as one dependency is concerned (a database, a
 * queue, a disk)?
 *
 * <p>It runs on a virtual thread of its own, at most once per the registry's {@code cacheFor} however many
 * probes arrive, and never twice at the same time; a check that takes longer than its timeout is reported
 * {@code DOWN} and is not started again until it returns. It may block (a query, a socket).
 */
@FunctionalInterface
public interface HealthCheck {

    /**
     * Checks.
     *
     * @return the result; {@code null} counts as {@code DOWN}
     * @throws Exception reported as {@code DOWN} with the exception's class (not its message) in the
     *                   details; the message goes to the server log
     */
    HealthResult check() throws Exception;
}
