/**
 * The contract of Motor, an HTTP server engine.
 *
 * <p>Applications and extensions compile against this module alone. It holds the exchange types
 * ({@link motor.spi.Request}, {@link motor.spi.Response}, {@link motor.spi.Headers}), the handler and
 * middleware types, the extension service interface and the context it is installed into, the event bus
 * with the core events, and the hooks through which protocols (HTTP/2, WebSocket) and transports (TLS)
 * plug into a connection. It depends on {@code java.base} only.
 */
module motor.spi {
    exports motor.spi;
    exports motor.spi.event;
    exports motor.spi.extension;
    exports motor.spi.transport;
}
