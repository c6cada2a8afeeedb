/**
 * Hooks below HTTP/1.1: a {@link motor.spi.transport.TransportWrapper} wraps each accepted connection
 * (TLS); a {@link motor.spi.transport.ProtocolHandler} takes over connections by ALPN or by their first
 * bytes (HTTP/2); an {@link motor.spi.transport.Upgrade} runs a protocol after a 101 response
 * (WebSocket).
 */
package motor.spi.transport;
