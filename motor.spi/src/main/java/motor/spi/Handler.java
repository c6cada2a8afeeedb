package motor.spi;

/**
 * Answers a request.
 *
 * <p><b>Threading.</b> A handler runs on the virtual thread of the connection the request came in on,
 * and may block: read the body, call a database, sleep. The response must be complete when
 * {@code handle} returns; the server then finishes it (ends a streamed body, adds the length of a body
 * sent with {@link Response#send(byte[])}) and reads the next request of the connection. One
 * handler instance serves every request of its route concurrently, so it keeps no per-request state in
 * fields.
 *
 * <p><b>Errors.</b> A handler reports a client error by throwing {@link HttpException}; any other
 * exception becomes a 500 whose body does not reveal it (the stack trace goes to the log, and to the
 * body only in development mode). Once a response is committed, an exception can only close the
 * connection.
 */
@FunctionalInterface
public interface Handler {

    /**
     * Handles one exchange.
     *
     * @param request  the request, with its body not yet read
     * @param response the response to fill in
     * @throws Exception anything; see the class documentation for how it is answered
     */
    void handle(Request request, Response response) throws Exception;
}
