/**
 * The event bus and the core events: server starting, started, stopping and stopped; connection opened
 * and closed; request started and response completed. Metrics, access logs and the like subscribe here.
 */
package motor.spi.event;
