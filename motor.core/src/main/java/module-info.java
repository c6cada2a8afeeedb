/**
 * Motor's engine: the connection loop on virtual threads, the HTTP/1.1 codec, routing and the middleware
 * chain, the event bus, configuration, extension discovery, and graceful shutdown.
 *
 * <p>Applications use {@link motor.core.Server} to start a server, or run {@link motor.core.Main}. All
 * else is internal; extensions compile against {@code motor.spi} only.
 */
module motor.core {
    requires transitive motor.spi;
    requires org.slf4j;
    requires com.fasterxml.jackson.core;

    exports motor.core;

    uses motor.spi.extension.Extension;
}
