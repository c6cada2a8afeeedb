package motor.core.internal.routing;

/**
 * A request of the core that takes the route's body limit from the router without losing a lower limit
 * middleware set before routing.
 */
public interface RouteLimited {

    /**
     * Applies the route's body limit, keeping a lower one that middleware set before routing.
     *
     * @param routeLimit the route's limit, or the server's when the route has none
     */
    void routeLimit(long routeLimit);
}
