package motor.spi.event;

import java.net.SocketAddress;

/**
 * A response was written completely (or the attempt ended, when {@code status} is that of an error
 * written instead).
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
