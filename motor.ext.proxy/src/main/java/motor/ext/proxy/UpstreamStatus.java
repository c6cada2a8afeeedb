package motor.ext.proxy;

import java.net.URI;

/**
 * What a proxy knows of one upstream at the moment it was asked, for status pages and health endpoints.
 *
 * @param uri       the upstream, as configured
 * @param available whether requests may go to it now: not taken out by passive or active health checks
 * @param inFlight  the requests this proxy has in progress on it
 */
public record UpstreamStatus(URI uri, boolean available, int inFlight) {
}
