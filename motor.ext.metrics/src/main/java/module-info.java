/**
 * Prometheus metrics for Motor: request counts by method and status, a request duration histogram,
 * response bytes, connections and JVM basics, fed from the server's events without locks, served in the
 * text exposition format 0.0.4; and {@link motor.ext.metrics.Metrics} for an application's own counters
 * and gauges.
 */
module motor.ext.metrics {
    requires transitive motor.spi;
    requires org.slf4j;
    // optional: a jlink image without it gets no JVM metrics instead of a failed start
    requires static java.management;

    exports motor.ext.metrics;

    provides motor.spi.extension.Extension with motor.ext.metrics.internal.MetricsExtension;
}
