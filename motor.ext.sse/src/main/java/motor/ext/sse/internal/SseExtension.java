package motor.ext.sse.internal;

import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/** The {@code sse} extension. */
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
    }
}
