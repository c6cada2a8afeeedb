/**
 * WebSocket (RFC 6455) endpoints with permessage-deflate (RFC 7692).
 */
module motor.ext.websocket {
    requires motor.spi;

    provides motor.spi.extension.Extension with motor.ext.websocket.internal.WebSocketExtension;
}
