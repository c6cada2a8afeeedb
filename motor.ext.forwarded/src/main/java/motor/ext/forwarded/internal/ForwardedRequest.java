package motor.ext.forwarded.internal;

import java.net.SocketAddress;
import motor.spi.Request;
import motor.spi.RequestWrapper;

/** A request as the client made it, according to trusted proxies. */
final class ForwardedRequest extends RequestWrapper {

    private final Resolver.Result result;

    ForwardedRequest(Request delegate, Resolver.Result result) {
        super(delegate);
        this.result = result;
    }

    @Override
    public SocketAddress remoteAddress() {
        return result.client() != null ? result.client() : super.remoteAddress();
    }

    @Override
    public String scheme() {
        return result.scheme() != null ? result.scheme() : super.scheme();
    }

    @Override
    public String authority() {
        return result.host() != null ? result.host() : super.authority();
    }
}
