package motor.ext.ratelimit.internal;

import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/** The {@code ratelimit} extension (work in progress). */
public final class RatelimitExtension implements Extension {

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public RatelimitExtension() {
    }

    @Override
    public String name() {
        return "ratelimit";
    }

    @Override
    public void install(ExtensionContext context) {
    }
}
