package motor.ext.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import motor.core.Server;
import motor.ext.tls.internal.Certs;
import motor.test.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replaced certificate files are picked up by new connections; broken ones are ignored. */
class ReloadTest {

    @TempDir
    Path dir;

    private SSLContext trustingBoth(X509Certificate... certificates) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (X509Certificate certificate : certificates) {
            trust.setCertificateEntry(certificate.getSubjectX500Principal().getName(), certificate);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static String presented(SSLContext client, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    /** Connects until the server presents {@code expected}, for at most 30 s. */
    private static void awaitPresented(SSLContext client, int port, String expected) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String seen;
        do {
            seen = presented(client, port);
            if (seen.equals(expected)) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertEquals(expected, seen, "within 30 s");
    }

    private static void replace(Path source, Path target) throws Exception {
        Path temporary = target.resolveSibling(target.getFileName() + ".new");
        Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void newConnectionsGetTheNewCertificateAndABrokenFileIsIgnored() throws Exception {
        Certs.Generated first = Certs.generate(dir, "first", "EC", "first");
        Certs.Generated second = Certs.generate(dir, "second", "RSA", "second");
        Certs.Generated third = Certs.generate(dir, "third", "EC", "third");
        Path cert = dir.resolve("live.crt.pem");
        Path key = dir.resolve("live.key.pem");
        Files.copy(first.certificate(), cert);
        Files.copy(first.privateKey(), key);
        SSLContext client = trustingBoth(first.cert(), second.cert(), third.cert());
        try (TestServer server = TestServer.start(Server.builder().config(Map.of("tls", Map.of(
                "certificate", cert.toString(), "privateKey", key.toString(), "reload", "1s"))))) {
            int port = server.port();
            assertEquals("CN=first", presented(client, port));
            // the key first, then the certificate, as a renewal script might: the mismatch in between is
            // refused and the first certificate kept until both are there
            replace(second.privateKey(), key);
            replace(second.certificate(), cert);
            awaitPresented(client, port, "CN=second");

            Files.writeString(cert, "not a certificate\n");
            // the broken file is read within a couple of reload intervals; every connection meanwhile, and
            // after, still gets the last good certificate
            for (int i = 0; i < 25; i++) {
                assertEquals("CN=second", presented(client, port));
                Thread.sleep(100);
            }
            replace(third.privateKey(), key);
            replace(third.certificate(), cert);
            awaitPresented(client, port, "CN=third");
        }
    }
}
