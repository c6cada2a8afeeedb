package motor.ext.gzip.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import motor.ext.gzip.AcceptEncoding;
import motor.spi.ContentCoding;
import motor.spi.Handler;
import motor.spi.Middleware;
import motor.spi.Request;
import motor.spi.Response;

/**
 * Decodes the request body when it has a {@code Content-Encoding}, and compresses the response when the
 * client accepts a coding and the response is worth it: its type is compressible, it is at least the
 * minimum size, it is not a partial (206) or body-less response, it carries no coding yet, and
 * {@code Cache-Control: no-transform} does not forbid it.
 */
final class CodingMiddleware implements Middleware {

    private final Settings settings;
    private final Map<String, ContentCoding> codings;

    CodingMiddleware(Settings settings, Map<String, ContentCoding> codings) {
        this.settings = settings;
        this.codings = codings;
    }

    @Override
    public void handle(Request request, Response response, Handler next) throws Exception {
        DecodingRequest decoding = settings.decompress() ? DecodingRequest.wrap(request, codings, settings) : null;
        Request inner = decoding != null ? decoding : request;
        try {
            if (!settings.compress()) {
                next.handle(inner, response);
                return;
            }
            AcceptEncoding accept = AcceptEncoding.of(request.headers());
            Map<String, String> stripped = ETags.strip(request.headers(), codings.keySet());
            EncodingResponse encoding = new EncodingResponse(response, accept, stripped, this,
                    motor.spi.Method.HEAD.equals(request.method()));
            boolean done = false;
            try {
                next.handle(inner, encoding);
                encoding.finish();
                done = true;
            } finally {
                if (!done) {
                    encoding.abandon();
                }
            }
        } finally {
            if (decoding != null) {
                decoding.close();
            }
        }
    }

    Settings settings() {
        return settings;
    }

    /**
     * The codings that can be produced, in the server's order of preference, worked out again only when
     * an extension has registered another coding since (the map is a live view that only grows).
     */
    private volatile Available available = new Available(-1, List.of());

    private record Available(int size, List<String> names) {
    }

    /** {@return the codings that can be produced, in the server's order of preference} */
    List<String> available() {
        Available cached = available;
        if (cached.size() == codings.size()) {
            return cached.names();
        }
        List<String> names = new ArrayList<>(codings.size());
        for (String name : settings.preference()) {
            if (codings.containsKey(name)) {
                names.add(name);
            }
        }
        for (String name : new java.util.TreeSet<>(codings.keySet())) {
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        available = new Available(codings.size(), List.copyOf(names));
        return available.names();
    }

    ContentCoding coding(String name) {
        return codings.get(name);
    }
}
