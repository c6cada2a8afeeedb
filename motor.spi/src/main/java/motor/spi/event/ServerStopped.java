package motor.spi.event;

/**
 * Every connection is closed.
 *
 * @param forcedConnections connections still busy at the end of the grace period, closed by force
 */
public record ServerStopped(int forcedConnections) {
}
