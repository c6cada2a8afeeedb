package motor.ext.security.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import motor.spi.Headers;
import motor.spi.Response;
import motor.spi.ResponseWrapper;

/**
 * The response a handler sees: it adds the missing security and CORS headers at the last moment before
 * the head can go out, when the body is sent or its stream is opened (or, if the handler sends nothing,
 * when it returns), so that headers the handler set itself are kept and streamed responses get them too.
 * Interim (1xx) responses and upgrades pass through untouched.
 */
final class SecuredResponse extends ResponseWrapper {

    private final HeaderPolicy policy;
    private final boolean secure;
    private final CorsPolicy cors;
    private final String allowOrigin;
    private boolean decorated;

    /**
     * Wraps a response.
     *
     * @param delegate    the response
     * @param policy      the security headers
     * @param secure      whether the request came over TLS
     * @param cors        the CORS policy
     * @param allowOrigin the {@code Access-Control-Allow-Origin} value, or null
     */
    SecuredResponse(Response delegate, HeaderPolicy policy, boolean secure, CorsPolicy cors, String allowOrigin) {
        super(delegate);
        this.policy = policy;
        this.secure = secure;
        this.cors = cors;
        this.allowOrigin = allowOrigin;
    }

    @Override
    public void send(byte[] body) throws IOException {
        decorateOnce();
        super.send(body);
    }

    @Override
    public OutputStream output() throws IOException {
        decorateOnce();
        return super.output();
    }

    @Override
    public void send(FileChannel file, long position, long count) throws IOException {
        decorateOnce();
        unwrap().send(file, position, count);
    }

    /** Adds the headers if the handler returned without sending a body. */
    void finish() {
        decorateOnce();
    }

    private void decorateOnce() {
        if (!decorated && !unwrap().committed()) {
            decorated = true;
            decorate(headers(), status());
        }
    }

    /**
     * Adds the missing headers to a set of headers: the response's, or an error's.
     *
     * @param headers where to add
     * @param status  the status they go with
     */
    void decorate(Headers headers, int status) {
        if (status < 200) {
            return; // a 101 upgrade: the connection leaves HTTP
        }
        policy.apply(headers, secure);
        if (cors.enabled()) {
            cors.applyActual(headers, allowOrigin);
        }
    }
}
