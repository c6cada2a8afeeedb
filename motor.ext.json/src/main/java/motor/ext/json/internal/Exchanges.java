package motor.ext.json.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import motor.ext.json.JsonCodec;
import motor.spi.Handler;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.ResponseWrapper;

/**
 * Carries a codec along an exchange, for {@code Json} to find: in the request's attributes for reading,
 * in a thin wrapper of the response for writing (a response has no attributes). Nothing global: the codec
 * lives as long as the middleware that put it there.
 */
public final class Exchanges {

    /** The request attribute that holds the {@link CodecSource}. */
    static final String ATTRIBUTE = "motor.ext.json.codec";

    private Exchanges() {
    }

    /**
     * Puts {@code source} on the exchange and calls {@code next}.
     *
     * @param source   the codec's source; asked only when a body is read or written
     * @param request  the request
     * @param response the response
     * @param next     the rest of the chain
     * @throws Exception what {@code next} throws
     */
    public static void handle(CodecSource source, Request request, Response response, Handler next) throws Exception {
        request.attributes().put(ATTRIBUTE, source);
        next.handle(request, new CodecResponse(response, source));
    }

    /**
     * {@return the codec put on this request, or null}
     *
     * @param request the request
     */
    public static JsonCodec find(Request request) {
        return request.attributes().get(ATTRIBUTE) instanceof CodecSource source ? source.codec() : null;
    }

    /**
     * {@return the codec put on this response, or null}; looks through the wrappers that later
     * middleware (compression, say) put around it
     *
     * @param response the response
     */
    public static JsonCodec find(Response response) {
        for (Response r = response; r instanceof ResponseWrapper wrapper; r = wrapper.unwrap()) {
            if (wrapper instanceof CodecResponse carrier) {
                return carrier.source.codec();
            }
        }
        return null;
    }

    /** A response that carries the codec; everything else passes through. */
    static final class CodecResponse extends ResponseWrapper {
        final CodecSource source;

        CodecResponse(Response response, CodecSource source) {
            super(response);
            this.source = source;
        }

        @Override
        public void send(FileChannel file, long position, long count) throws IOException {
            unwrap().send(file, position, count); // only headers differ: keep the zero-copy path
        }
    }
}
