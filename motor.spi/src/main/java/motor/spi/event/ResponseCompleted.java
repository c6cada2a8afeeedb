package motor.spi.event;

import java.net.SocketAddress;

/**
 * A response was written completely (or the attempt ended, when {@code status} is that of an error
 * written instead).
 *
 * <p>Also published for the answers the server gives before a request exists: a malformed or oversized
 * request head (400, 414, 431, 501, 505), a head that did not arrive in time (408), a connection refused
 * while the server stops (503). Then {@code method}, {@code target} and {@code protocol} are empty
 * strings, {@code durationNanos} is zero, and {@code requestId} is the id the request would have had.
 *
 * @param connectionId  the connection
 * @param requestId     the request's id
 * @param remote        the client's address
 * @param method        the request method
 * @param target        the request-target as received
 * @param protocol      the protocol version of the request
 * @param status        the final status sent
 * @param bodyBytes     bytes of content sent, after any content coding, without framing
 * @param durationNanos from the end of the request head to the end of the response
 */
public record ResponseCompleted(long connectionId, String requestId, SocketAddress remote, String method,
                                String target, String protocol, int status, long bodyBytes,
                                long durationNanos) {
}
