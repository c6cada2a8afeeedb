package motor.ext.proxy.internal;

import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/** The {@code proxy} extension (work in progress). */
public final class ProxyExtension implements Extension {

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public ProxyExtension() {
    }

    @Override
    public String name() {
        return "proxy";
    }

    @Override
    public void install(ExtensionContext context) {
    }
}
