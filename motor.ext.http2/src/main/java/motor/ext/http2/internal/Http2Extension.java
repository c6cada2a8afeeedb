package motor.ext.http2.internal;

import motor.spi.Middleware;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code http2} extension: serves HTTP/2 on connections that negotiate {@code h2} with ALPN (with
 * the TLS extension), that open with the HTTP/2 preface in cleartext, and that upgrade with
 * {@code Upgrade: h2c}. See docs/http2.md.
 */
public final class Http2Extension implements Extension {

    /** Where the h2c upgrade runs: outside every other middleware, which then sees the request once, as HTTP/2. */
    static final int UPGRADE_ORDER = Middleware.OUTERMOST - 100;

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public Http2Extension() {
    }

    @Override
    public String name() {
        return "http2";
    }

    @Override
    public void install(ExtensionContext context) {
        Http2Config config = Http2Config.from(context.config());
        Http2Server server = new Http2Server(config, context);
        context.addProtocol(new Http2Protocol(server));
        if (config.upgrade()) {
            context.addMiddleware(UPGRADE_ORDER, new H2cUpgrade(server));
        }
    }
}
