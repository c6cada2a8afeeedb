/**
 * WebSocket (RFC 6455) endpoints with permessage-deflate (RFC 7692); see {@link motor.ext.websocket}.
 */
module motor.ext.websocket {
    requires transitive motor.spi;

    exports motor.ext.websocket;

    provides motor.spi.extension.Extension with motor.ext.websocket.internal.WebSocketExtension;
}
