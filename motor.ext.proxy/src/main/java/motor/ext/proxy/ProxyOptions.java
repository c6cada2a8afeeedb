package motor.ext.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link Proxy} forwards: balancing, timeouts, retries, limits and health checks. Start from
 * {@link #defaults()} and change what differs with the {@code with...} methods, each of which returns a
 * new value.
 *
 * @param balance         how requests are spread over the upstreams
 * @param weights         one weight (1 or more) per upstream, in the order of the upstreams; empty for
 *                        all equal
 * @param stripPrefix     a path prefix removed before forwarding ({@code /api/x} becomes {@code /x} with
 *                        {@code /api/}); empty to forward the path unchanged
 * @param preserveHost    whether the upstream gets the client's {@code Host}; otherwise its own
 * @param connectTimeout  how long connecting to an upstream may take
 * @param responseTimeout how long the upstream may take to send its response head once the request is
 *                        sent (connecting included); while a request body is still going up, only an
 *                        upload that makes no progress for this long ends the wait
 * @param idleTimeout     the longest silence while the upstream sends its response body; zero for none
 * @param retries         how many other upstreams an idempotent request may be retried on after a failure
 *                        that happened before any of its body was sent
 * @param maxBodySize     the largest request body forwarded, in bytes; -1 for the server's limit
 * @param maxFailures     failures in a row after which an upstream is taken out for {@code cooldown}
 *                        (passive health); 0 to never take one out
 * @param cooldown        how long an upstream stays out after {@code maxFailures}
 * @param healthCheck     active health checks, or {@code null} for none
 */
public record ProxyOptions(Balance balance, List<Integer> weights, String stripPrefix, boolean preserveHost,
        Duration connectTimeout, Duration responseTimeout, Duration idleTimeout, int retries, long maxBodySize,
        int maxFailures, Duration cooldown, HealthCheck healthCheck) {

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public ProxyOptions {
        Objects.requireNonNull(balance, "balance");
        weights = List.copyOf(weights);
        Objects.requireNonNull(stripPrefix, "stripPrefix");
        positive(connectTimeout, "connectTimeout");
        positive(responseTimeout, "responseTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(cooldown, "cooldown");
        if (idleTimeout.isNegative() || cooldown.isNegative()) {
            throw new IllegalArgumentException("idleTimeout and cooldown must not be negative");
        }
        for (int weight : weights) {
            if (weight < 1 || weight > 1000) {
                throw new IllegalArgumentException("weights must be from 1 to 1000, not " + weight);
            }
        }
        if (!stripPrefix.isEmpty() && !stripPrefix.startsWith("/")) {
            throw new IllegalArgumentException("stripPrefix must start with /");
        }
        if (retries < 0 || retries > 10) {
            throw new IllegalArgumentException("retries must be from 0 to 10, not " + retries);
        }
        if (maxBodySize < -1) {
            throw new IllegalArgumentException("maxBodySize must be -1 (the server's limit) or more");
        }
        if (maxFailures < 0) {
            throw new IllegalArgumentException("maxFailures must be 0 or more");
        }
    }

    private static void positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /**
     * {@return round-robin, equal weights, path unchanged, the upstream's own Host, 5 s to connect, 60 s
     * to the response head, 60 s idle, 1 retry, the server's body limit, out for 10 s after 3 failures in a
     * row, no active health checks}
     */
    public static ProxyOptions defaults() {
        return new ProxyOptions(Balance.ROUND_ROBIN, List.of(), "", false, Duration.ofSeconds(5),
                Duration.ofSeconds(60), Duration.ofSeconds(60), 1, -1, 3, Duration.ofSeconds(10), null);
    }

    /**
     * {@return these options with another balance}
     *
     * @param balance the balance
     */
    public ProxyOptions withBalance(Balance balance) {
        return new ProxyOptions(balance, weights, stripPrefix, preserveHost, connectTimeout, responseTimeout,
                idleTimeout, retries, maxBodySize, maxFailures, cooldown, healthCheck);
    }

    /**
     * {@return these options with weights, one per upstream}
     *
     * @param weights the weights, from 1 to 1000
     */
    public ProxyOptions withWeights(List<Integer> weights) {
        return new ProxyOptions(balance, weights, stripPrefix, preserveHost, connectTimeout, responseTimeout,
                idleTimeout, retries, maxBodySize, maxFailures, cooldown, healthCheck);
    }

    /**
     * {@return these options removing {@code prefix} from paths before forwarding}
     *
     * @param prefix the prefix, starting with {@code /}; empty for none
     */
    public ProxyOptions withStripPrefix(String prefix) {
        return new ProxyOptions(balance, weights, prefix, preserveHost, connectTimeout, responseTimeout,
                idleTimeout, retries, maxBodySize, maxFailures, cooldown, healthCheck);
    }

    /**
     * {@return these options passing the client's {@code Host} on, or not}
     *
     * @param preserve whether to pass it on
     */
    public ProxyOptions withPreserveHost(boolean preserve) {
        return new ProxyOptions(balance, weights, stripPrefix, preserve, connectTimeout, responseTimeout,
                idleTimeout, retries, maxBodySize, maxFailures, cooldown, healthCheck);
    }

    /**
     * {@return these options with other timeouts}
     *
     * @param connect  to connect to an upstream
     * @param response to the response head
     * @param idle     the longest silence in a response body; zero for none
     */
    public ProxyOptions withTimeouts(Duration connect, Duration response, Duration idle) {
        return new ProxyOptions(balance, weights, stripPrefix, preserveHost, connect, response, idle, retries,
                maxBodySize, maxFailures, cooldown, healthCheck);
    }

    /**
     * {@return these options with another number of retries}
     *
     * @param retries from 0 to 10
     */
    public ProxyOptions withRetries(int retries) {
        return new ProxyOptions(balance, weights, stripPrefix, preserveHost, connectTimeout, responseTimeout,
                idleTimeout, retries, maxBodySize, maxFailures, cooldown, healthCheck);
    }

    /**
     * {@return these options with another request body limit}
     *
     * @param bytes the limit; -1 for the server's
     */
    public ProxyOptions withMaxBodySize(long bytes) {
        return new ProxyOptions(balance, weights, stripPrefix, preserveHost, connectTimeout, responseTimeout,
                idleTimeout, retries, bytes, maxFailures, cooldown, healthCheck);
    }

    /**
     * {@return these options with other passive health settings}
     *
     * @param maxFailures failures in a row that take an upstream out; 0 for never
     * @param cooldown    how long it stays out
     */
    public ProxyOptions withPassiveHealth(int maxFailures, Duration cooldown) {
        return new ProxyOptions(balance, weights, stripPrefix, preserveHost, connectTimeout, responseTimeout,
                idleTimeout, retries, maxBodySize, maxFailures, cooldown, healthCheck);
    }

    /**
     * {@return these options with active health checks}
     *
     * @param check the checks, or {@code null} for none
     */
    public ProxyOptions withHealthCheck(HealthCheck check) {
        return new ProxyOptions(balance, weights, stripPrefix, preserveHost, connectTimeout, responseTimeout,
                idleTimeout, retries, maxBodySize, maxFailures, cooldown, check);
    }
}
