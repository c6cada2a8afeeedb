package motor.ext.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import motor.core.Server;
import motor.ext.tls.internal.Certs;
import motor.test.Curl;
import motor.test.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several certificates, chosen by the host name the client asks for (SNI). */
class SniTest {

    @TempDir
    static Path dir;

    static Certs.Generated fallback;
    static Certs.Generated a;
    static Certs.Generated b;
    static TrustManagerFactory trusted;

    @BeforeAll
    static void certificates() throws Exception {
        fallback = Certs.generate(dir, "default", "EC", "localhost");
        a = Certs.generate(dir, "a", "EC", "a.example.test");
        b = Certs.generate(dir, "b", "RSA", "b.example.test");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (Certs.Generated g : List.of(fallback, a, b)) {
            trust.setCertificateEntry(g.cert().getSubjectX500Principal().getName(), g.cert());
        }
        trusted = TrustManagerFactory.getInstance("PKIX");
        trusted.init(trust);
    }

    private static String presented(int port, String serverName) throws Exception {
        // a fresh client each time: a client resumes its last session with the same address otherwise
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trusted.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            if (serverName != null) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
                socket.setSSLParameters(parameters);
            }
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    @Test
    void theCertificateFollowsTheRequestedHostName() throws Exception {
        try (TestServer server = TestServer.start(Server.builder().config(Map.of("tls", Map.of(
                "certificate", fallback.certificate().toString(), "privateKey", fallback.privateKey().toString(),
                "certificates", List.of(
                        Map.of("certificate", a.certificate().toString(), "privateKey", a.privateKey().toString()),
                        Map.of("certificate", b.certificate().toString(), "privateKey", b.privateKey().toString()))))))) {
            int port = server.port();
            assertEquals("CN=a.example.test", presented(port, "a.example.test"));
            assertEquals("CN=b.example.test", presented(port, "b.example.test"));
            assertEquals("CN=localhost", presented(port, "localhost"));
            assertEquals("CN=localhost", presented(port, null), "no SNI: the first certificate");
            assertEquals("CN=localhost", presented(port, "unknown.example.test"), "unknown name: the first certificate");
            if (Curl.available()) {
                Curl.Result result = Curl.run("--cacert", b.certificate().toString(), "--resolve",
                        "b.example.test:" + port + ":127.0.0.1", "-o", "/dev/null", "-w", "%{http_code}",
                        "https://b.example.test:" + port + "/nothing");
                assertEquals(0, result.exit(), result.err());
                assertEquals("404", result.out());
            }
        }
    }

    @Test
    void anEntryNeedsBothFiles() {
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> {
            try (TestServer server = TestServer.start(Server.builder().config(Map.of("tls", Map.of(
                    "certificates", List.of(Map.of("certificate", a.certificate().toString()))))))) {
                server.port();
            }
        });
        assertTrue(e.getMessage().contains("tls.certificates[0].privateKey"), e.getMessage());
    }

    @Test
    void aKeyStoreWithSeveralEntriesChoosesBySniToo() throws Exception {
        // entries of one key store: the JDK's key manager prefers the entry whose names match the request
        Path store = dir.resolve("both.p12");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("a", a.key(), Certs.PASSWORD.toCharArray(), new java.security.cert.Certificate[] {a.cert()});
        keys.setKeyEntry("b", b.key(), Certs.PASSWORD.toCharArray(), new java.security.cert.Certificate[] {b.cert()});
        try (var out = java.nio.file.Files.newOutputStream(store)) {
            keys.store(out, Certs.PASSWORD.toCharArray());
        }
        try (TestServer server = TestServer.start(Server.builder().config(Map.of("tls", Map.of(
                "keyStore", store.toString(), "keyStorePassword", Certs.PASSWORD))))) {
            assertEquals("CN=a.example.test", presented(server.port(), "a.example.test"));
            assertEquals("CN=b.example.test", presented(server.port(), "b.example.test"));
        }
    }
}
