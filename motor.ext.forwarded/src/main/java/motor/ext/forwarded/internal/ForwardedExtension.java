package motor.ext.forwarded.internal;

import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/** The {@code forwarded} extension (work in progress). */
public final class ForwardedExtension implements Extension {

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public ForwardedExtension() {
    }

    @Override
    public String name() {
        return "forwarded";
    }

    @Override
    public void install(ExtensionContext context) {
    }
}
