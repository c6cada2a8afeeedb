package motor.ext.accesslog.internal;

import java.util.List;

/**
 * What one line says. Every string may be {@code null} when it is not known (a request the server
 * answered before it could parse it has no method, say).
 *
 * @param epochMillis   when the request head was received
 * @param remote        the client's address, without the port
 * @param user          the authenticated user's name
 * @param method        the method
 * @param target        the request-target as received
 * @param protocol      the protocol version
 * @param status        the status sent
 * @param bytes         body bytes sent
 * @param durationNanos from the request head to the end of the response
 * @param requestId     the request's id
 * @param userAgent     the {@code User-Agent} value
 * @param referer       the {@code Referer} value
 * @param headers       values of the configured headers, in the configured order ({@code null} entries
 *                      for absent ones); empty when not captured
 */
record Entry(long epochMillis, String remote, String user, String method, String target, String protocol,
             int status, long bytes, long durationNanos, String requestId, String userAgent, String referer,
             List<String> headers) {
}
