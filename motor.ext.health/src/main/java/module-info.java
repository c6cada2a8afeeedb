/**
 * Health probes for Motor: liveness at {@code /health/live}, readiness at {@code /health/ready} (503 while
 * the server starts, when a check fails, and from the moment a graceful stop begins, so that load
 * balancers drain the instance), with checks that the application and other extensions register through
 * {@link motor.ext.health.Health}, each bounded by a timeout and cached.
 */
module motor.ext.health {
    requires transitive motor.spi;
    requires org.slf4j;

    exports motor.ext.health;

    provides motor.spi.extension.Extension with motor.ext.health.internal.HealthExtension;
}
