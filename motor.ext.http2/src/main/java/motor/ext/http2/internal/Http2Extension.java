package motor.ext.http2.internal;

import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/** The {@code http2} extension (work in progress). */
public final class Http2Extension implements Extension {

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public Http2Extension() {
    }

    @Override
    public String name() {
        return "http2";
    }

    @Override
    public void install(ExtensionContext context) {
    }
}
