package motor.ext.websocket;

import motor.spi.Request;

/**
 * Makes the {@link Listener} for one connection, during the handshake.
 *
 * <p>It runs in the request handler, after the handshake was validated and before the 101 response is
 * written, so it can look at the request (path parameters, query, {@link Request#principal()}) and refuse
 * the connection by throwing {@link motor.spi.HttpException} (403, say), which the client receives as an
 * ordinary HTTP error.
 */
@FunctionalInterface
public interface ListenerFactory {

    /**
     * Makes the listener for the connection that {@code request} opens.
     *
     * @param request the handshake request
     * @return the listener; never {@code null}
     * @throws Exception an {@link motor.spi.HttpException} to refuse with its status; anything else
     *                   gives 500
     */
    Listener create(Request request) throws Exception;
}
