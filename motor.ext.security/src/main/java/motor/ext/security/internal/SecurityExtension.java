package motor.ext.security.internal;

import motor.spi.Middleware;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code security} extension: reads its section and adds {@link SecurityMiddleware} to the chain.
 *
 * <p>The middleware goes a little outside {@link Middleware#SECURITY}, so that it runs before the other
 * security middleware whatever order the extensions install in: a CORS preflight, which browsers send
 * without credentials, is answered before authentication can refuse it, and the 401s and 429s of
 * authentication and rate limits carry the security and CORS headers too (a cross-origin script can
 * only read an error whose response allows its origin).
 */
public final class SecurityExtension implements Extension {

    /** Where the middleware goes in the chain. */
    static final int ORDER = Middleware.SECURITY - 100;

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public SecurityExtension() {
    }

    @Override
    public String name() {
        return "security";
    }

    @Override
    public void install(ExtensionContext context) {
        PathTable<Policy> policies = SecuritySettings.read(context.config());
        context.addMiddleware(ORDER, new SecurityMiddleware(policies));
        // the errors the server writes before any middleware runs get the top level's headers
        motor.spi.Headers errorHeaders = new motor.spi.Headers();
        policies.root().headers().apply(errorHeaders, false);
        context.addErrorHeaders(errorHeaders);
    }
}
