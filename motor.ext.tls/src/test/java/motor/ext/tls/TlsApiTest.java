package motor.ext.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import motor.ext.tls.internal.Certs;
import motor.spi.extension.ConfigException;
import motor.test.TestRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported helpers: contexts from PEM and key stores that really handshake, and their errors. */
class TlsApiTest {

    @TempDir
    static Path dir;

    static Certs.Generated cert;

    @BeforeAll
    static void certificate() throws Exception {
        cert = Certs.generate(dir, "api", "EC", "localhost");
    }

    /** Runs one handshake and one byte each way between a server and a client context. */
    private static String handshake(SSLContext server, SSLContext client) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(30_000);
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(30_000);
                    InputStream in = accepted.getInputStream();
                    OutputStream out = accepted.getOutputStream();
                    out.write(in.read() + 1);
                    out.flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String presented;
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 10_000);
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(41);
                socket.getOutputStream().flush();
                assertEquals(42, socket.getInputStream().read());
                presented = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                        .getName();
            }
            serving.get(30, TimeUnit.SECONDS); // the server's close waits for the client's
            return presented;
        }
    }

    @Test
    void pemAndKeyStoreContextsServeTheCertificate() throws Exception {
        SSLContext trusting = Tls.trusting(cert.certificate());
        assertEquals("CN=localhost", handshake(Tls.fromPem(cert.certificate(), cert.privateKey()), trusting));
        assertEquals("CN=localhost", handshake(Tls.fromKeyStore(cert.keyStore(), Certs.PASSWORD, "PKCS12", null),
                trusting));
        assertEquals("CN=localhost", handshake(Tls.fromKeyStore(cert.keyStore(), Certs.PASSWORD, "PKCS12", "api"),
                trusting));
    }

    @Test
    void problemsAreConfigExceptions() throws Exception {
        assertTrue(assertThrows(ConfigException.class, () -> Tls.fromPem(dir.resolve("none.pem"), cert.privateKey()))
                .getMessage().contains("none.pem"));
        assertTrue(assertThrows(ConfigException.class, () -> Tls.fromKeyStore(cert.keyStore(), "bad", "PKCS12", null))
                .getMessage().contains("password"));
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertTrue(assertThrows(ConfigException.class, () -> Tls.trusting(empty)).getMessage().contains("no CERTIFICATE"));
    }

    @Test
    void requestsOutsideTlsHaveNoSession() {
        TestRequest request = TestRequest.builder("GET", "/").build();
        assertTrue(Tls.session(request).isEmpty());
        assertTrue(Tls.clientCertificates(request).isEmpty());
    }
}
