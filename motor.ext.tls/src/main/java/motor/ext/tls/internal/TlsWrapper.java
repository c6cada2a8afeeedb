package motor.ext.tls.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import motor.spi.transport.ProtocolHandler;
import motor.spi.transport.Transport;
import motor.spi.transport.TransportWrapper;

/**
 * Puts TLS on the connections of the configured listeners: creates an engine from the current
 * {@link ServerContext context} (which a reload may replace), offers the ALPN ids of the protocols registered at
 * this moment followed by {@code http/1.1}, runs the handshake, and remembers each open connection's
 * session so that handlers can find it ({@link Sessions}).
 */
public final class TlsWrapper implements TransportWrapper {

    /** The protocol HTTP/1.1 is known by in ALPN. */
    static final String HTTP_1_1 = "http/1.1";

    /**
     * What a handshake needs; replaced as a whole on reload.
     *
     * @param context    the key material
     * @param parameters protocols, cipher suites, client authentication; copied into each engine
     */
    public record ServerContext(javax.net.ssl.SSLContext context, SSLParameters parameters) {
    }

    private final Supplier<ServerContext> current;
    private final Set<String> listeners;
    private final boolean alpn;
    private final Supplier<List<ProtocolHandler>> protocols;
    private final Sessions sessions;

    /**
     * @param current   the context to use for a new connection
     * @param listeners the listeners to wrap; null for all
     * @param alpn      whether to negotiate an application protocol
     * @param protocols the registered protocols, read per handshake
     * @param sessions  where open connections' sessions are kept
     */
    public TlsWrapper(Supplier<ServerContext> current, Set<String> listeners, boolean alpn,
            Supplier<List<ProtocolHandler>> protocols, Sessions sessions) {
        this.current = current;
        this.listeners = listeners;
        this.alpn = alpn;
        this.protocols = protocols;
        this.sessions = sessions;
    }

    @Override
    public Transport wrap(Transport transport, String listener) throws IOException {
        if (listeners != null && !listeners.contains(listener)) {
            return transport;
        }
        ServerContext tls = current.get();
        SSLEngine engine = tls.context().createSSLEngine();
        engine.setUseClientMode(false);
        engine.setSSLParameters(tls.parameters());
        if (alpn) {
            List<String> offered = applicationProtocols();
            engine.setHandshakeApplicationProtocolSelector((e, clientOffers) -> select(offered, clientOffers));
        }
        Sessions.Key key = Sessions.key(transport.remoteAddress(), transport.localAddress());
        TlsTransport tlsTransport = new TlsTransport(transport, engine);
        try {
            tlsTransport.handshake();
        } catch (RuntimeException e) {
            // a bad client must cost a DEBUG line, never an error with a stack trace
            throw new javax.net.ssl.SSLException("TLS handshake failed: " + e, e);
        }
        SSLSession session = tlsTransport.sslSession();
        if (key != null) {
            sessions.put(key, session);
            tlsTransport.onClose(() -> sessions.remove(key, session));
        }
        return tlsTransport;
    }

    /** {@return the ALPN ids we serve, best first: those of the registered protocols, then http/1.1} */
    private List<String> applicationProtocols() {
        List<String> ids = new ArrayList<>();
        for (ProtocolHandler handler : protocols.get()) {
            for (String id : handler.applicationProtocols()) {
                if (!ids.contains(id) && !id.equals(HTTP_1_1)) {
                    ids.add(id);
                }
            }
        }
        ids.add(HTTP_1_1);
        return ids;
    }

    /**
     * Chooses the protocol: ours in our order of preference, among the client's. None in common gives
     * the empty string, which goes on without ALPN (HTTP/1.1), as common servers do, rather than the
     * {@code no_application_protocol} alert RFC 7301 allows.
     */
    static String select(List<String> ours, List<String> theirs) {
        for (String id : ours) {
            if (theirs.contains(id)) {
                return id;
            }
        }
        return "";
    }

    /**
     * The sessions of open TLS connections by their address pair, so that a handler can find its
     * connection's session from the request's addresses. Connections whose addresses are not IP
     * addresses (Unix domain sockets) are not kept: they would not be told apart.
     */
    public static final class Sessions {

        private final ConcurrentHashMap<Key, SSLSession> open = new ConcurrentHashMap<>();

        /**
         * A connection's addresses.
         *
         * @param remote the peer's address
         * @param local  the local address
         */
        record Key(SocketAddress remote, SocketAddress local) {
        }

        static Key key(SocketAddress remote, SocketAddress local) {
            return remote instanceof InetSocketAddress && local instanceof InetSocketAddress ? new Key(remote, local)
                    : null;
        }

        void put(Key key, SSLSession session) {
            open.put(key, session);
        }

        void remove(Key key, SSLSession session) {
            open.remove(key, session);
        }

        /**
         * {@return the session of the open connection between these addresses}
         *
         * @param remote the peer's address
         * @param local  the local address
         */
        public Optional<SSLSession> find(SocketAddress remote, SocketAddress local) {
            Key key = key(remote, local);
            return key == null ? Optional.empty() : Optional.ofNullable(open.get(key));
        }

        /** {@return how many connections are kept} */
        public int size() {
            return open.size();
        }
    }
}
