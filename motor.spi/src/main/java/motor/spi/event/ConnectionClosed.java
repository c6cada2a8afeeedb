package motor.spi.event;

/**
 * A connection was closed.
 *
 * @param connectionId   the server-wide id of the connection
 * @param requests       how many requests it carried
 * @param durationNanos  how long it was open
 */
public record ConnectionClosed(long connectionId, long requests, long durationNanos) {
}
