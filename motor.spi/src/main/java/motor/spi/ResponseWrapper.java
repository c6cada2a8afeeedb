package motor.spi;

import java.io.IOException;
import java.io.OutputStream;
import motor.spi.transport.Upgrade;

/**
 * A response that delegates every method to another, for middleware that changes one aspect (it
 * compresses the body, say) and passes the rest through. Subclasses override what they change; the
 * default {@code send(String)} methods end in {@link #send(byte[])}, and the default
 * {@link #send(java.nio.channels.FileChannel, long, long)} writes through {@link #output()}, so overriding
 * those two covers every body. A wrapper that leaves the body alone (it only adds headers before the
 * commit) may also override the file method to do its part and then call the wrapped response's, which
 * keeps the zero-copy path.
 */
public class ResponseWrapper implements Response {

    private final Response delegate;

    /**
     * Wraps a response.
     *
     * @param delegate the response to delegate to
     */
    public ResponseWrapper(Response delegate) {
        this.delegate = delegate;
    }

    /** {@return the wrapped response} */
    public Response unwrap() {
        return delegate;
    }

    @Override
    public int status() {
        return delegate.status();
    }

    @Override
    public Response status(int status) {
        delegate.status(status);
        return this;
    }

    @Override
    public Headers headers() {
        return delegate.headers();
    }

    @Override
    public void send(byte[] body) throws IOException {
        delegate.send(body);
    }

    @Override
    public OutputStream output() throws IOException {
        return delegate.output();
    }

    @Override
    public void interim(int status, Headers headers) throws IOException {
        delegate.interim(status, headers);
    }

    @Override
    public boolean committed() {
        return delegate.committed();
    }

    @Override
    public void upgrade(Upgrade upgrade) {
        delegate.upgrade(upgrade);
    }
}
