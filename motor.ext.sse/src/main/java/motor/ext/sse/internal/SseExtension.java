package motor.ext.sse.internal;

import motor.spi.event.ServerStopping;
import motor.spi.event.Subscription;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code sse} extension: reads the {@code sse} section, provides its {@link Streams} as a service for
 * {@code Sse.stream} to find through the request (no middleware: requests that open no stream pay
 * nothing), and ends every open stream when the server begins to stop or the extension is unloaded, so
 * that their handlers return within the grace period instead of being cut off at its end.
 */
public final class SseExtension implements Extension {

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
        context.provide(Streams.class, streams);
        Subscription stopping = context.events().subscribe(ServerStopping.class, event -> streams.stopAll());
        context.onStop(stopping);
        context.onStop(streams::stopAll);
    }
}
