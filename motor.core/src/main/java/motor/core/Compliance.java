package motor.core;

/**
 * Named tolerances for requests that break the HTTP/1.1 grammar in ways some real clients do.
 *
 * <p>Motor is strict by default: each of these violations is answered with 400 and the connection is
 * closed. A deployment that must serve such a client enables just the tolerance it needs, through
 * {@link Server.Builder#allow} or the {@code server.compliance} list in the configuration. There is no
 * general "lenient" switch, and some violations (whitespace before a field's colon, conflicting
 * framing headers) have no tolerance at all, because they are how requests are smuggled.
 */
public enum Compliance {

    /**
     * Accept a bare LF as the end of a line in the request head and in chunked framing. RFC 9112
     * section 2.2 lets a recipient do so; strict servers refuse it because a front end that disagrees
     * opens the way to request smuggling.
     */
    BARE_LF,

    /**
     * Accept obsolete line folding (a header line starting with a space or tab continues the previous
     * value) and replace each fold with a space, as RFC 9112 section 5.2 allows outside a
     * {@code message/http} container.
     */
    OBS_FOLD,

    /**
     * Accept the characters {@code " < > \ ^ ` { | }} unencoded in the request-target, which RFC 3986
     * excludes but some clients send. Control characters, spaces and non-ASCII bytes are still refused.
     */
    UNSAFE_TARGET_CHARACTERS
}
