package motor.ext.forwarded;

import java.net.SocketAddress;
import motor.spi.Request;

/**
 * What the {@code forwarded} extension leaves on a request it rewrote. With the extension configured,
 * {@link Request#remoteAddress()}, {@link Request#scheme()} and {@link Request#authority()} already give
 * the client's values as reported by trusted proxies; this class only recovers the connection's own peer.
 */
public final class Forwarded {

    /** The request attribute holding the connection's peer (the nearest proxy) when the request was rewritten. */
    public static final String PEER = "motor.forwarded.peer";

    private Forwarded() {
    }

    /**
     * {@return the address of the connection's peer: the nearest proxy when the extension took the client's
     * address from forwarding headers, otherwise the same as {@link Request#remoteAddress()}}
     *
     * @param request the request
     */
    public static SocketAddress peer(Request request) {
        Object peer = request.attributes().get(PEER);
        return peer instanceof SocketAddress address ? address : request.remoteAddress();
    }
}
