package motor.ext.proxy;

import java.util.Locale;

/**
 * How a proxy spreads requests over its upstreams. Every strategy skips upstreams that health checks
 * took out; {@linkplain ProxyOptions#weights() weights} bias each of them.
 */
public enum Balance {

    /** In turn, in proportion to the weights (smooth weighted round-robin); the default. */
    ROUND_ROBIN("round-robin"),
    /** The upstream with the fewest requests in progress relative to its weight; ties go in turn. */
    LEAST_REQUESTS("least-requests"),
    /** At random, in proportion to the weights. */
    RANDOM("random"),
    /**
     * By the client's address (rendezvous hashing): a client stays on one upstream while that upstream is
     * healthy, and only the clients of an upstream that goes away move.
     */
    IP_HASH("ip-hash");

    private final String configName;

    Balance(String configName) {
        this.configName = configName;
    }

    /** {@return the name used in the configuration, such as {@code round-robin}} */
    public String configName() {
        return configName;
    }

    /**
     * Finds a strategy by its configuration name.
     *
     * @param name a name such as {@code least-requests}, in any case
     * @return the strategy
     * @throws IllegalArgumentException if no strategy has that name
     */
    public static Balance of(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Balance balance : values()) {
            if (balance.configName.equals(lower)) {
                return balance;
            }
        }
        throw new IllegalArgumentException("unknown balance '" + name
                + "': expected round-robin, least-requests, random or ip-hash");
    }
}
