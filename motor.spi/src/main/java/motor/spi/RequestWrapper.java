package motor.spi;

import java.io.InputStream;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

/**
 * A request that delegates every method to another, for middleware that changes one aspect (the body
 * after decompression, say) and passes the rest through. Subclasses override what they change.
 */
public class RequestWrapper implements Request {

    private final Request delegate;

    /**
     * Wraps a request.
     *
     * @param delegate the request to delegate to
     */
    public RequestWrapper(Request delegate) {
        this.delegate = delegate;
    }

    /** {@return the wrapped request} */
    public Request unwrap() {
        return delegate;
    }

    @Override
    public String method() {
        return delegate.method();
    }

    @Override
    public String target() {
        return delegate.target();
    }

    @Override
    public String path() {
        return delegate.path();
    }

    @Override
    public List<String> pathSegments() {
        return delegate.pathSegments();
    }

    @Override
    public String rawQuery() {
        return delegate.rawQuery();
    }

    @Override
    public Parameters query() {
        return delegate.query();
    }

    @Override
    public String pathParameter(String name) {
        return delegate.pathParameter(name);
    }

    @Override
    public Map<String, String> pathParameters() {
        return delegate.pathParameters();
    }

    @Override
    public Headers headers() {
        return delegate.headers();
    }

    @Override
    public Headers trailers() {
        return delegate.trailers();
    }

    @Override
    public String protocol() {
        return delegate.protocol();
    }

    @Override
    public String scheme() {
        return delegate.scheme();
    }

    @Override
    public String authority() {
        return delegate.authority();
    }

    @Override
    public SocketAddress remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public String listener() {
        return delegate.listener();
    }

    @Override
    public javax.net.ssl.SSLSession sslSession() {
        return delegate.sslSession();
    }

    @Override
    public long contentLength() {
        return delegate.contentLength();
    }

    @Override
    public long bodyLimit() {
        return delegate.bodyLimit();
    }

    @Override
    public void bodyLimit(long maxBytes) {
        delegate.bodyLimit(maxBytes);
    }

    @Override
    public InputStream body() {
        return delegate.body();
    }

    @Override
    public Map<String, Object> attributes() {
        return delegate.attributes();
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public <T> java.util.Optional<T> service(Class<T> type) {
        return delegate.service(type);
    }
}
