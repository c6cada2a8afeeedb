package motor.ext.cache.internal;

import motor.spi.Headers;
import motor.spi.Request;
import motor.spi.RequestWrapper;

/**
 * The client's request with the stored response's validators in place of its own
 * {@code If-None-Match} and {@code If-Modified-Since} (RFC 9111 section 4.3.1), for revalidation. The
 * client's own conditionals are evaluated afterwards against whatever response the store then holds.
 */
final class ConditionalRequest extends RequestWrapper {

    private final Headers headers;

    /**
     * @param request      the client's request
     * @param etag         the stored entity tag, or null
     * @param lastModified the stored {@code Last-Modified} value, or null
     */
    ConditionalRequest(Request request, String etag, String lastModified) {
        super(request);
        headers = request.headers().copy();
        headers.remove("If-None-Match");
        headers.remove("If-Modified-Since");
        if (etag != null) {
            headers.add("If-None-Match", etag);
        }
        if (lastModified != null) {
            headers.add("If-Modified-Since", lastModified);
        }
    }

    @Override
    public Headers headers() {
        return headers;
    }
}
