/**
 * Rate limiting: rules in the {@code ratelimit} section count requests per client address, API key, user
 * or in total (token buckets, bounded memory) and answer {@code 429} with {@code Retry-After} and the
 * {@code RateLimit} fields beyond them; {@link motor.ext.ratelimit.RateLimit} limits a single route in code.
 */
module motor.ext.ratelimit {
    requires transitive motor.spi;

    exports motor.ext.ratelimit;

    provides motor.spi.extension.Extension with motor.ext.ratelimit.internal.RatelimitExtension;
}
