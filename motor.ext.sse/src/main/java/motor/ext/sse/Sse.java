package motor.ext.sse;

import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;
import motor.ext.sse.internal.LastEventIds;
import motor.ext.sse.internal.StreamEmitter;
import motor.ext.sse.internal.Streams;
import motor.spi.Headers;
import motor.spi.Method;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Status;

/**
 * Server-sent events: answers a request with a {@code text/event-stream} that stays open while a
 * {@linkplain Producer producer} sends events.
 *
 * <pre>{@code
 * routes.get("/clock", (request, response) -> Sse.stream(request, response, emitter -> {
 *     while (emitter.send(SseEvent.data(Instant.now().toString()))) {
 *         Thread.sleep(1000);
 *     }
 * }));
 * }</pre>
 *
 * <p><b>The handler's thread stays in the stream.</b> A response must be complete when its handler
 * returns, so {@link #stream} runs the producer on the handler's own virtual thread and returns when the
 * stream has ended: when the producer returns. A producer that lets other threads, or a
 * {@link SseBroadcaster}, feed the stream waits in {@link SseEmitter#awaitClose()} (or
 * {@link SseBroadcaster#join}); blocking is cheap on a virtual thread, and the connection is busy with the
 * stream anyway.
 *
 * <p>The extension, present on the module path or class path, supplies the settings of the {@code sse}
 * section (heartbeat interval, retry hint, Last-Event-ID limit) and ends every stream when the server
 * begins to stop; without it the defaults apply and streams end only when the server closes their
 * connections at the end of its grace period.
 */
public final class Sse {

    /** The media type of an event stream. */
    public static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";

    private Sse() {
    }

    /**
     * What sends the events of one stream.
     */
    @FunctionalInterface
    public interface Producer {

        /**
         * Sends events until the stream should end, then returns; runs on the handler's thread. The stream
         * ends when this returns, even if other threads still hold the emitter.
         *
         * @param emitter the open stream
         * @throws Exception anything; the response has been committed, so the server can only log it and
         *                   close the connection
         */
        void produce(SseEmitter emitter) throws Exception;
    }

    /**
     * Answers with an event stream and runs {@code producer} until it returns.
     *
     * <p>First the {@code Last-Event-ID} header is checked (400 if it is not an id a client could have
     * received, before anything is sent). Then the status becomes 200 and the headers
     * {@code Content-Type: text/event-stream; charset=utf-8}, {@code Cache-Control: no-store} and
     * {@code X-Accel-Buffering: no} (which tells nginx not to buffer) are set, replacing any the handler
     * set, and the head is sent at once, so that a browser's {@code EventSource} fires {@code open}
     * without waiting for the first event; a retry hint follows if the {@code sse.retry} setting has one.
     * The body goes out chunked (or until the connection closes, to an HTTP/1.0 client), never with a
     * {@code Content-Length}. Heartbeat comments are written whenever the stream has been silent for the
     * {@code sse.heartbeat} interval.
     *
     * <p>A {@code HEAD} request gets the head alone; the producer does not run.
     *
     * <p>Validate the request (query parameters and the like) before calling this: once it has begun, a
     * failure can only close the connection, which a browser answers by reconnecting. To tell an
     * {@code EventSource} to stop reconnecting, answer 204 instead of calling this.
     *
     * @param request  the request
     * @param response its response, not committed
     * @param producer sends the events
     * @throws motor.spi.HttpException 400 for a malformed {@code Last-Event-ID}
     * @throws IllegalStateException   if the response is committed already
     * @throws Exception               what the producer throws
     */
    public static void stream(Request request, Response response, Producer producer) throws Exception {
        Objects.requireNonNull(producer, "producer");
        Streams streams = Streams.of(request);
        String lastEventId = LastEventIds.parse(request.headers(), streams.settings().maxLastEventIdLength());
        if (response.committed()) {
            throw new IllegalStateException("the response is committed already: an event stream needs its own");
        }
        response.status(Status.OK);
        Headers headers = response.headers();
        headers.set("Content-Type", CONTENT_TYPE);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Accel-Buffering", "no");
        headers.remove("Content-Length");
        OutputStream out = response.output();
        if (Method.HEAD.equals(request.method())) {
            out.flush();
            return;
        }
        StreamEmitter emitter = streams.open(out, lastEventId);
        try {
            producer.produce(emitter);
        } finally {
            streams.finish(emitter);
        }
    }

    /**
     * {@return the {@code Last-Event-ID} the client sent, checked and decoded from UTF-8; empty when there is
     * none} For a handler that decides before {@link #stream} whether there is anything to resume (and
     * answers 204 when there is not). The limit on its length is the {@code sse.maxLastEventIdLength}
     * setting.
     *
     * @param request the request
     * @throws motor.spi.HttpException 400 when the header is repeated, too long, holds NUL, CR or LF, or is
     *                                 not UTF-8
     */
    public static Optional<String> lastEventId(Request request) {
        return Optional.ofNullable(LastEventIds.parse(request.headers(),
                Streams.of(request).settings().maxLastEventIdLength()));
    }
}
