/**
 * A server-side HTTP response cache (RFC 9111) for the application's own responses.
 *
 * <p>The {@code cache} extension, configured from the {@code cache} section, stores the responses of
 * the configured paths that say they may be stored, serves them while they are fresh, revalidates them
 * with the handler when they are not, and runs the handler once for a burst of misses. The storage is
 * the {@link motor.ext.cache.CacheStore} interface: in memory unless another extension provides one.
 */
module motor.ext.cache {
    requires motor.spi;

    exports motor.ext.cache;

    provides motor.spi.extension.Extension with motor.ext.cache.internal.CacheExtension;
}
