package motor.ext.tls.internal;

import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/** The {@code tls} extension (work in progress). */
public final class TlsExtension implements Extension {

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public TlsExtension() {
    }

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public void install(ExtensionContext context) {
    }
}
