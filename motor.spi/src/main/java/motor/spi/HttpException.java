package motor.spi;

/**
 * A failure that has an HTTP status, thrown from anywhere below a handler (a parser, a body stream, an
 * extension, the handler itself) and turned into an error response in one place by the server.
 *
 * <p>The message is sent to the client, so it must be safe to echo: it says what was wrong ("invalid
 * Content-Length") and never repeats the raw bytes of the request, which may hold secrets or markup.
 * Extra headers that belong to the status, such as {@code Allow} for 405 or {@code WWW-Authenticate}
 * for 401, go into {@link #headers()}.
 *
 * <p>Error responses start from fresh headers: what the handler had set is dropped, since it described
 * the response that failed. Middleware that wants its headers on every response, errors included
 * (security headers, say), catches the failure from {@code next}, adds them here and rethrows; a failure
 * that is not an {@code HttpException} it wraps as {@code new HttpException(500, null, failure)}, which
 * the server logs, with the cause's stack trace, as it would the failure itself.
 */
public class HttpException extends RuntimeException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Headers headers;

    /**
     * Creates an exception with a status and a message that is safe to send to the client.
     *
     * @param status  an error status from 400 to 599
     * @param message what was wrong, without echoing request data
     */
    public HttpException(int status, String message) {
        this(status, message, null);
    }

    /**
     * Creates an exception with a status, a safe message and the cause that is logged but not sent.
     *
     * @param status  an error status from 400 to 599
     * @param message what was wrong, without echoing request data
     * @param cause   the underlying failure, logged only
     */
    public HttpException(int status, String message, Throwable cause) {
        super(message, cause, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("HttpException needs a status from 400 to 599, not " + status);
        }
        this.status = status;
        this.headers = new Headers(2);
    }

    /** {@return the status to answer with} */
    public int status() {
        return status;
    }

    /** {@return headers to add to the error response; mutable} */
    public Headers headers() {
        return headers;
    }

    /**
     * Adds a header to the error response.
     *
     * @param name  field name
     * @param value field value
     * @return this exception
     */
    public HttpException header(String name, String value) {
        headers.add(name, value);
        return this;
    }
}
