/**
 * The metrics extension for Motor (work in progress).
 */
module motor.ext.metrics {
    requires transitive motor.spi;

    // exports motor.ext.metrics; (add once the package holds API)

    provides motor.spi.extension.Extension with motor.ext.metrics.internal.MetricsExtension;
}
