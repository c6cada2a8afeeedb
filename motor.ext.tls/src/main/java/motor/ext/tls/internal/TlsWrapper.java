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

    /**
     * @param current   the context to use for a new connection
     * @param listeners the listeners to wrap; null for all
     * @param alpn      whether to negotiate an application protocol
     * @param protocols the registered protocols, read per handshake
     */
    public TlsWrapper(Supplier<ServerContext> current, Set<String> listeners, boolean alpn,
            Supplier<List<ProtocolHandler>> protocols) {
        this.current = current;
        this.listeners = listeners;
        this.alpn = alpn;
        this.protocols = protocols;
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
            engine.setHandshakeApplicationProtocolSelector((e, clientOffers) -> {
                // called once the cipher suite is chosen: the handshake session knows it
                SSLSession handshake = e.getHandshakeSession();
                return handshake == null ? select(offered, clientOffers)
                        : select(offered, clientOffers, handshake.getProtocol(), handshake.getCipherSuite());
            });
        }
        TlsTransport tlsTransport = new TlsTransport(transport, engine);
        try {
            tlsTransport.handshake();
        } catch (RuntimeException e) {
            // a bad client must cost a DEBUG line, never an error with a stack trace
            throw new javax.net.ssl.SSLException("TLS handshake failed: " + e, e);
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
        return select(ours, theirs, "TLSv1.3", "TLS_AES_128_GCM_SHA256");
    }

    /**
     * Chooses the protocol as {@link #select(List, List)} does, except that {@code h2} is passed over on a
     * TLS 1.2 connection whose cipher suite HTTP/2 forbids (RFC 9113 section 9.2.2 and appendix A: anything
     * but an ephemeral key exchange with an AEAD cipher), which only a configured {@code cipherSuites}
     * list can let through: a client would end such an HTTP/2 connection with INADEQUATE_SECURITY.
     *
     * @param ours     our ids, best first
     * @param theirs   the client's ids
     * @param protocol the negotiated TLS version, such as {@code TLSv1.2}
     * @param suite    the negotiated cipher suite
     * @return the id, or the empty string for none
     */
    static String select(List<String> ours, List<String> theirs, String protocol, String suite) {
        for (String id : ours) {
            if (theirs.contains(id) && (!id.equals(H2) || http2Allows(protocol, suite))) {
                return id;
            }
        }
        return "";
    }

    /** The ALPN id of HTTP/2 over TLS. */
    static final String H2 = "h2";

    /** {@return whether HTTP/2 may run over this TLS version and cipher suite (RFC 9113 section 9.2.2)} */
    static boolean http2Allows(String protocol, String suite) {
        if (!"TLSv1.2".equals(protocol)) {
            return true; // TLS 1.3 suites are all AEAD; older versions are never enabled
        }
        return suite != null && (suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_"))
                && (suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_") || suite.contains("_CCM"));
    }
}
