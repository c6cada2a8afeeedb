package motor.core.internal.http1;

import motor.spi.Headers;

/**
 * A parsed and validated request head, with the framing of its body decided.
 *
 * @param method         the method; a canonical instance for the standard ones
 * @param target         the request-target as received
 * @param path           the path of the target, still encoded; {@code *} for the asterisk-form, empty for
 *                       the authority-form
 * @param query          the query, still encoded, or {@code null}
 * @param authority      the authority from an absolute-form target, else the Host header, else empty
 * @param minorVersion   0 for HTTP/1.0, 1 for HTTP/1.1
 * @param headers        the header fields
 * @param contentLength  the body length; 0 when there is no body, -1 when it is chunked
 * @param keepAlive      whether the client allows the connection to persist after this exchange
 * @param expectContinue whether the client waits for {@code 100 Continue} before sending the body
 * @param length         bytes of the buffer the head occupied, leading empty lines included
 */
public record RequestHead(String method, String target, String path, String query, String authority,
                          int minorVersion, Headers headers, long contentLength, boolean keepAlive,
                          boolean expectContinue, int length) {

    /** The protocol string of HTTP/1.1. */
    public static final String HTTP_1_1 = "HTTP/1.1";
    /** The protocol string of HTTP/1.0. */
    public static final String HTTP_1_0 = "HTTP/1.0";

    /** {@return whether the body is chunked} */
    public boolean chunked() {
        return contentLength < 0;
    }

    /** {@return the protocol version as a string} */
    public String protocol() {
        return minorVersion == 1 ? HTTP_1_1 : HTTP_1_0;
    }
}
