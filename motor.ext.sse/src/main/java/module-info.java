/**
 * Server-sent events: text/event-stream responses with an emitter API.
 */
module motor.ext.sse {
    requires motor.spi;

    provides motor.spi.extension.Extension with motor.ext.sse.internal.SseExtension;
}
