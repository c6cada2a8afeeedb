package motor.ext.health.internal;

import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/** The {@code health} extension (work in progress). */
public final class HealthExtension implements Extension {

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public HealthExtension() {
    }

    @Override
    public String name() {
        return "health";
    }

    @Override
    public void install(ExtensionContext context) {
    }
}
