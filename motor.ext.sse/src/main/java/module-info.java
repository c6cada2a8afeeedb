/**
 * Server-sent events: {@code text/event-stream} responses written by a producer on the handler's thread
 * through a thread-safe emitter, with heartbeats, {@code Last-Event-ID} for resumption, detection of
 * clients that went away, broadcast to many streams (fed from the event bus if wished), and every stream
 * ended when the server stops; see {@link motor.ext.sse.Sse}.
 *
 * <p>{@code motor.spi} is required transitively: the API takes its {@code Request}, {@code Response} and
 * {@code EventBus}.
 */
module motor.ext.sse {
    requires transitive motor.spi;

    exports motor.ext.sse;

    provides motor.spi.extension.Extension with motor.ext.sse.internal.SseExtension;
}
