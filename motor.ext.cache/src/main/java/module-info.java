/**
 * A server-side HTTP response cache (RFC 9111) for the application's own responses.
 */
module motor.ext.cache {
    requires motor.spi;

    provides motor.spi.extension.Extension with motor.ext.cache.internal.CacheExtension;
}
