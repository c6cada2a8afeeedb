package motor.ext.sse.internal;

import motor.spi.Middleware;
import motor.spi.event.ServerStopping;
import motor.spi.event.Subscription;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code sse} extension: reads the {@code sse} section, puts its {@link Streams} on every request
 * (outermost, so that any middleware may open a stream too) for {@code Sse.stream} to find, and ends every
 * open stream when the server begins to stop or the extension is unloaded, so that their handlers return
 * within the grace period instead of being cut off at its end.
 */
public final class SseExtension implements Extension {

    /** Where the middleware goes: just inside the outermost (request ids, access logs). */
    static final int ORDER = Middleware.OUTERMOST + 1;

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public SseExtension() {
    }

    @Override
    public String name() {
        return "sse";
    }

    @Override
    public void install(ExtensionContext context) {
        Streams streams = new Streams(SseSettings.from(context.config()));
        context.addMiddleware(ORDER, streams::handle);
        Subscription stopping = context.events().subscribe(ServerStopping.class, event -> streams.stopAll());
        context.onStop(stopping);
        context.onStop(streams::stopAll);
    }
}
