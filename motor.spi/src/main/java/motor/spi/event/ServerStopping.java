package motor.spi.event;

import java.time.Duration;

/**
 * The server has stopped accepting and lets in-flight requests finish.
 *
 * @param gracePeriod how long it waits before it closes what is left
 */
public record ServerStopping(Duration gracePeriod) {
}
