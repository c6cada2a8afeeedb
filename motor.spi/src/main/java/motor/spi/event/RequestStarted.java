package motor.spi.event;

/**
 * A request head was parsed and the request is about to be handled.
 *
 * @param connectionId the connection it came in on
 * @param requestId    the request's id, as {@link motor.spi.Request#id()}
 * @param method       the method
 * @param target       the request-target as received
 */
public record RequestStarted(long connectionId, String requestId, String method, String target) {
}
