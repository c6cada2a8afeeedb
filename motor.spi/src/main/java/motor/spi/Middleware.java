package motor.spi;

/**
 * Code that runs around the handler: it may look at or change the request, answer it itself, wrap the
 * response, or call {@code next} and act afterwards.
 *
 * <p>Middleware forms a chain. Each one is registered with an order; lower orders run first (they are
 * further out) and, for equal orders, the one registered first runs first. The constants below name
 * the usual places. The router is the innermost step, after all middleware.
 *
 * <p>Middleware runs on the connection's virtual thread like a {@link Handler} and may block.
 */
@FunctionalInterface
public interface Middleware {

    /** Outermost: request ids, access logs, tracing, recovery. */
    int OUTERMOST = -1000;
    /** Security: rate limits, CORS, authentication, security headers. */
    int SECURITY = -500;
    /** Content codings: compression and decompression of bodies. */
    int CODING = -200;
    /** The default order for application middleware. */
    int DEFAULT = 0;
    /** Innermost, just before routing: caches and the like that wrap handler output. */
    int INNERMOST = 1000;

    /**
     * Handles one exchange, usually by calling {@code next}.
     *
     * @param request  the request
     * @param response the response
     * @param next     the rest of the chain, ending at the router
     * @throws Exception as for {@link Handler#handle}
     */
    void handle(Request request, Response response, Handler next) throws Exception;
}
