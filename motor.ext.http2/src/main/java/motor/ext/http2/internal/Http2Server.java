package motor.ext.http2.internal;

import motor.spi.event.RequestStarted;
import motor.spi.event.ResponseCompleted;
import motor.spi.event.Topic;
import motor.spi.extension.ExtensionContext;

/**
 * What every HTTP/2 connection of one installed extension shares: the settings, the event topics and the
 * context (for services and development mode).
 */
final class Http2Server {

    final Http2Config config;
    final ExtensionContext context;
    final Topic<RequestStarted> requestStarted;
    final Topic<ResponseCompleted> responseCompleted;
    final boolean developmentMode;

    Http2Server(Http2Config config, ExtensionContext context) {
        this.config = config;
        this.context = context;
        this.requestStarted = context.events().topic(RequestStarted.class);
        this.responseCompleted = context.events().topic(ResponseCompleted.class);
        this.developmentMode = context.developmentMode();
    }
}
