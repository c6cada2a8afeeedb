package motor.ext.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import motor.core.Server;
import motor.ext.tls.internal.Certs;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;
import motor.spi.transport.Connection;
import motor.spi.transport.ProtocolHandler;
import motor.test.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 9113 section 9.2.2: HTTP/2 over TLS 1.2 must not use the cipher suites of its appendix A (CBC modes,
 * no forward secrecy); a browser that negotiated h2 with one ends the connection with INADEQUATE_SECURITY.
 * With such suites configured, ALPN picks HTTP/1.1 for them and h2 for the others.
 */
class AlpnCipherTest {

    @TempDir
    static Path dir;

    /** A protocol that claims the ALPN id h2, standing in for the http2 extension. */
    static final class H2Probe implements Extension {
        @Override
        public String name() {
            return "x-h2-probe";
        }

        @Override
        public void install(ExtensionContext context) {
            context.addProtocol(new ProtocolHandler() {
                @Override
                public String name() {
                    return "x-h2";
                }

                @Override
                public Set<String> applicationProtocols() {
                    return Set.of("h2");
                }

                @Override
                public void serve(Connection connection) throws IOException {
                    connection.transport().close();
                }
            });
        }
    }

    @Test
    void h2IsNotNegotiatedOverTls12WithASuiteHttp2Forbids() throws Exception {
        Certs.Generated cert = Certs.generate(dir, "server", "EC", "localhost");
        String cbc = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";
        String gcm = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
        try (TestServer server = TestServer.start(Server.builder().extension(new H2Probe())
                .config(Map.of("tls", Map.of("certificate", cert.certificate().toString(),
                        "privateKey", cert.privateKey().toString(),
                        "cipherSuites", List.of("TLS_AES_128_GCM_SHA256", cbc, gcm)))))) {
            SSLContext trusting = cert.trustingContext();
            assertEquals("http/1.1", negotiate(trusting, server.port(), "TLSv1.2", cbc));
            assertEquals("h2", negotiate(trusting, server.port(), "TLSv1.2", gcm));
            assertEquals("h2", negotiate(trusting, server.port(), "TLSv1.3", "TLS_AES_128_GCM_SHA256"));
        }
    }

    private static String negotiate(SSLContext context, int port, String protocol, String suite) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(new String[] {protocol});
            parameters.setCipherSuites(new String[] {suite});
            parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            assertEquals(suite, socket.getSession().getCipherSuite());
            return socket.getApplicationProtocol();
        }
    }
}
