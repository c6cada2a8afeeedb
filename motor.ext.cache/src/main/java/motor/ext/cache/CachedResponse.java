package motor.ext.cache;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import motor.spi.Headers;

/**
 * One stored response: what the handler sent, and when, so that its age and freshness can be worked
 * out whenever it is served (RFC 9111 section 4.2).
 *
 * <p>The body array is shared, not copied: neither the cache nor a store changes it once the value is
 * made, and nobody else may.
 *
 * @param status       the status, 200 to 599 (never 206 or 304)
 * @param headers      the header fields the handler set, without the framing and hop-by-hop ones the
 *                     server writes itself ({@code Content-Length}, {@code Transfer-Encoding},
 *                     {@code Connection} and the like); in order
 * @param body         the complete body
 * @param variantKey   which request this response answers among those of one URL, as selected by its
 *                     {@code Vary} fields: the request's values of those fields in a canonical form,
 *                     empty when the response has no {@code Vary}; a store keeps one response per key
 * @param requestTime  when the request that produced (or last validated) this response was received
 * @param responseTime when the response (or the {@code 304} that validated it) was received
 */
public record CachedResponse(int status, List<Headers.Field> headers, byte[] body, String variantKey,
        Instant requestTime, Instant responseTime) {

    /** Bytes counted for each stored response on top of its fields and body. */
    private static final int OVERHEAD = 160;

    /**
     * Checks and copies the values.
     *
     * @throws IllegalArgumentException if the status is out of range
     * @throws NullPointerException     if a value is null
     */
    public CachedResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("a stored response needs a final status, not " + status);
        }
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(variantKey, "variantKey");
        Objects.requireNonNull(requestTime, "requestTime");
        Objects.requireNonNull(responseTime, "responseTime");
    }

    /**
     * {@return the value of the first field named {@code name}, or {@code null}}
     *
     * @param name the field name, in any case
     */
    public String header(String name) {
        for (Headers.Field field : headers) {
            if (Headers.equalsIgnoreCase(field.name(), name)) {
                return field.value();
            }
        }
        return null;
    }

    /**
     * {@return the approximate memory this response takes, in bytes: the body, the fields, the variant key
     * and a fixed overhead; what a bounded store counts against its limit}
     */
    public long size() {
        long size = OVERHEAD + (long) body.length + variantKey.length();
        for (Headers.Field field : headers) {
            size += field.name().length() + field.value().length() + 32;
        }
        return size;
    }
}
