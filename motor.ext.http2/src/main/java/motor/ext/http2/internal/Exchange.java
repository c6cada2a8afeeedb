package motor.ext.http2.internal;

import java.io.IOException;
import motor.ext.http2.internal.frame.Http2;
import motor.spi.ErrorPage;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Status;
import motor.spi.event.RequestStarted;
import motor.spi.event.ResponseCompleted;

/**
 * One request and its response, run on the stream's own virtual thread so that a slow handler never
 * holds up the other streams. Failures are answered as on HTTP/1.1: before the response is committed, an
 * error response (the status of an {@link HttpException}, 500 for anything else); after, the stream is
 * reset with INTERNAL_ERROR, since a response cut short must not look complete.
 */
final class Exchange implements Runnable {

    private static final System.Logger LOG = System.getLogger("motor.ext.http2");

    private final Http2Connection connection;
    private final Stream stream;
    private final RequestHeaders.Head head;
    private final HttpException refusal;
    private final boolean bodyless;

    Exchange(Http2Connection connection, Stream stream, RequestHeaders.Head head, HttpException refusal) {
        this.connection = connection;
        this.stream = stream;
        this.head = head;
        this.refusal = refusal;
        this.bodyless = stream.endReceived;
    }

    @Override
    public void run() {
        try {
            if (refusal != null) {
                refuse();
            } else {
                exchange();
            }
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "h2 stream " + stream.id + " of connection " + connection.id()
                    + " failed", e);
        } finally {
            connection.exchangeDone(stream);
        }
    }

    /**
     * A request refused before the application sees it (a bad target, fields too large). As for the
     * core's answers before a request exists, only ResponseCompleted is published, with empty method,
     * target and protocol.
     */
    private void refuse() {
        H2Response response = new H2Response(connection, stream, "GET");
        String accept = head == null ? null : head.headers().first("accept");
        ErrorPage page = ErrorPage.render(refusal.status(), refusal.getMessage(), accept, null, null);
        try {
            response.sendError(refusal.status(), refusal.headers(), page);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "h2 stream {0}: refusal not sent: {1}", stream.id, e.toString());
        }
        Http2Server server = connection.server();
        if (server.responseCompleted.active()) {
            server.responseCompleted.publish(new ResponseCompleted(connection.id(),
                    Long.toString(connection.id(), 36) + "-" + stream.id,
                    connection.connection().transport().remoteAddress(), "", "", "", refusal.status(),
                    response.bodyBytes(), 0));
        }
    }

    private void exchange() {
        Http2Server server = connection.server();
        long started = System.nanoTime();
        H2Request request = new H2Request(connection, stream, head, bodyless);
        H2Response response = new H2Response(connection, stream, head.method());
        if (server.requestStarted.active()) {
            server.requestStarted.publish(new RequestStarted(connection.id(), request.id(), head.method(), head.target()));
        }
        try {
            connection.connection().application().handle(request, response);
            response.finish();
        } catch (Throwable failure) {
            handleFailure(failure, request, response);
        }
        if (server.responseCompleted.active()) {
            server.responseCompleted.publish(new ResponseCompleted(connection.id(), request.id(),
                    request.remoteAddress(), head.method(), head.target(), H2Request.PROTOCOL, response.status(),
                    response.bodyBytes(), System.nanoTime() - started));
        }
    }

    private void handleFailure(Throwable failure, H2Request request, H2Response response) {
        if (failure instanceof VirtualMachineError error && !(failure instanceof StackOverflowError)) {
            connection.reset(stream, Http2.INTERNAL_ERROR);
            throw error;
        }
        if (connection.gone(stream)) {
            LOG.log(System.Logger.Level.DEBUG, "h2 request {0}: the stream was reset or the connection ended: {1}", request.id(),
                    failure.toString());
            return;
        }
        if (response.http11Required && !response.committed()) {
            connection.reset(stream, Http2.HTTP_1_1_REQUIRED);
            return;
        }
        int status;
        String message;
        Headers extra = null;
        Throwable trace = null;
        boolean development = connection.server().developmentMode;
        if (failure instanceof HttpException e) {
            status = e.status();
            message = e.getMessage();
            extra = e.headers();
            if (status >= 500 && e.getCause() != null) {
                trace = development ? e.getCause() : null;
                LOG.log(System.Logger.Level.ERROR, "request " + request.id() + " " + request.method() + " "
                        + request.target() + " failed", e.getCause());
            } else if (status >= 500 && status != Status.NOT_IMPLEMENTED
                    && status != Status.HTTP_VERSION_NOT_SUPPORTED) {
                LOG.log(System.Logger.Level.WARNING, "request {0} {1} {2}: {3} {4}", request.id(), request.method(),
                        request.target(), status, message);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "request {0}: {1} {2}", request.id(), status, message);
            }
        } else {
            status = Status.INTERNAL_SERVER_ERROR;
            message = null;
            trace = development ? failure : null;
            if (!(failure instanceof IOException) || !response.committed()) {
                LOG.log(System.Logger.Level.ERROR, "request " + request.id() + " " + request.method() + " "
                        + request.target() + " failed", failure);
            }
        }
        if (response.complete()) {
            return; // the failure came after a complete response: nothing for the client to know
        }
        if (response.committed()) {
            LOG.log(System.Logger.Level.DEBUG, "request {0}: response already committed, resetting the stream",
                    request.id());
            connection.reset(stream, Http2.INTERNAL_ERROR);
            return;
        }
        ErrorPage page = ErrorPage.render(status, message, request.header("Accept"), request.id(), trace);
        try {
            response.sendError(status, extra, page);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "request {0}: error response not sent: {1}", request.id(), e.toString());
            connection.reset(stream, Http2.INTERNAL_ERROR);
        }
    }
}
