package motor.ext.metrics.internal;

import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/** The {@code metrics} extension (work in progress). */
public final class MetricsExtension implements Extension {

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public MetricsExtension() {
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public void install(ExtensionContext context) {
    }
}
