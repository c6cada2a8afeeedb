/**
 * WebSocket endpoints: {@link motor.ext.websocket.WebSocket#endpoint} makes a route handler that performs
 * the handshake and serves the connection with a {@link motor.ext.websocket.Listener}; the
 * {@link motor.ext.websocket.Session} sends from any thread; a {@link motor.ext.websocket.SessionGroup}
 * broadcasts; {@link motor.ext.websocket.WebSocketOptions} holds the settings.
 */
package motor.ext.websocket;
