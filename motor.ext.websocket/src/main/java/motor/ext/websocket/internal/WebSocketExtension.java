package motor.ext.websocket.internal;

import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/** The {@code websocket} extension. */
public final class WebSocketExtension implements Extension {

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public WebSocketExtension() {
    }

    @Override
    public String name() {
        return "websocket";
    }

    @Override
    public void install(ExtensionContext context) {
    }
}
