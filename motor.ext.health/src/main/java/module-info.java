/**
 * The health checks extension for Motor (work in progress).
 */
module motor.ext.health {
    requires transitive motor.spi;

    // exports motor.ext.health; (add once the package holds API)

    provides motor.spi.extension.Extension with motor.ext.health.internal.HealthExtension;
}
