package motor.ext.staticfiles.internal;

import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/** The {@code static} extension. */
public final class StaticExtension implements Extension {

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public StaticExtension() {
    }

    @Override
    public String name() {
        return "static";
    }

    @Override
    public void install(ExtensionContext context) {
    }
}
