package motor.core.internal.server;

import java.util.Set;
import motor.core.Compliance;

/**
 * The server's limits and timeouts, fixed at start. Durations are in nanoseconds.
 *
 * @param maxTargetLength    longest request-target (414)
 * @param maxHeaderSize      most bytes of header fields after the request line (431)
 * @param maxHeaderCount     most header fields (431)
 * @param maxBodySize        largest request body unless a route says otherwise (413)
 * @param maxConnections     most open connections
 * @param rejectOverLimit    whether connections past the limit get 503 (else they wait in the backlog)
 * @param backlog            the listen backlog
 * @param headerTimeout      longest time from a request's first byte to the end of its head (408)
 * @param bodyTimeout        longest wait of one body read (408)
 * @param idleTimeout        longest wait for the next request on a kept-alive connection
 * @param writeTimeout       longest a write may make no progress
 * @param minDataRate        bytes per second a client must keep up while sending a head or body, or
 *                           reading while writes wait for it; 0 off
 * @param minDataRateGrace   how long before the data rate is enforced
 * @param shutdownGrace      how long in-flight requests get to finish on shutdown
 * @param maxDrainBytes      most bytes of an unread request body discarded to keep a connection alive
 * @param lingerTime         how long a closing connection drains input so the client reads the response
 * @param compliance         tolerated protocol violations
 * @param serverHeader       the Server header value; empty for none
 * @param developmentMode    whether error pages show stack traces
 */
public record Settings(int maxTargetLength, int maxHeaderSize, int maxHeaderCount, long maxBodySize,
                       int maxConnections, boolean rejectOverLimit, int backlog, long headerTimeout,
                       long bodyTimeout, long idleTimeout, long writeTimeout, long minDataRate,
                       long minDataRateGrace, long shutdownGrace, long maxDrainBytes, long lingerTime,
                       Set<Compliance> compliance, String serverHeader, boolean developmentMode) {

    /** Copies the compliance set. */
    public Settings {
        compliance = Set.copyOf(compliance);
    }

    /** {@return the largest read buffer a request head can need} */
    int maxHeadBuffer() {
        return 64 + maxTargetLength + maxHeaderSize;
    }

    /** {@return how often the sweeper looks at the connections} */
    long sweepInterval() {
        long shortest = Math.min(Math.min(headerTimeout, bodyTimeout), Math.min(idleTimeout, writeTimeout));
        return Math.clamp(shortest / 4, 10_000_000L, 250_000_000L);
    }
}
