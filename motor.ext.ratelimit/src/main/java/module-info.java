/**
 * The rate limiting extension for Motor (work in progress).
 */
module motor.ext.ratelimit {
    requires transitive motor.spi;

    // exports motor.ext.ratelimit; (add once the package holds API)

    provides motor.spi.extension.Extension with motor.ext.ratelimit.internal.RatelimitExtension;
}
