package motor.ext.accesslog.internal;

import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/** The {@code accesslog} extension (work in progress). */
public final class AccesslogExtension implements Extension {

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public AccesslogExtension() {
    }

    @Override
    public String name() {
        return "accesslog";
    }

    @Override
    public void install(ExtensionContext context) {
    }
}
