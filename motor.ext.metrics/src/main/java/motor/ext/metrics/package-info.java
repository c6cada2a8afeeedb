/**
 * Application metrics: {@link motor.ext.metrics.Metrics}, found as a service, registers
 * {@link motor.ext.metrics.Counter}s and {@link motor.ext.metrics.Gauge}s that appear at the metrics
 * endpoint next to the server's own.
 */
package motor.ext.metrics;
