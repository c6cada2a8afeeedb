package motor.ext.cache.internal;

import java.time.InstantSource;
import motor.ext.cache.CacheStore;
import motor.spi.Middleware;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code cache} extension: reads its section and, when paths are configured, adds the cache at
 * {@link Middleware#INNERMOST}, just before the router.
 *
 * <p>Innermost, because the cache stores what the handler produced and nothing else: compression
 * ({@link Middleware#CODING}) runs outside it and encodes each answer, cached or not, for the client
 * that asked (so the store holds one identity copy instead of one per coding, and gzip's {@code Vary:
 * Accept-Encoding} and ETag suffixes stay gzip's business); security headers and CORS
 * ({@link Middleware#SECURITY}) are added per response by their middleware, outside, and reflect the
 * current request's {@code Origin}; the session cookie is added outside too, so a stored response never
 * carries one. Authentication runs before the cache, so a request it refuses never reaches a stored
 * response, and the principal it establishes counts as credentials.
 */
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
        Settings settings = Settings.from(context.config());
        if (settings.paths().isEmpty()) {
            return; // nothing is cached unless paths say what
        }
        context.addMiddleware(Middleware.INNERMOST,
                new CacheMiddleware(settings, () -> context.service(CacheStore.class).orElse(null),
                        InstantSource.system()));
    }
}
