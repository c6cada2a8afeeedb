package motor.ext.cache.internal;

import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/** The {@code cache} extension. */
public final class CacheExtension implements Extension {

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public CacheExtension() {
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public void install(ExtensionContext context) {
    }
}
