package motor.ext.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import motor.core.Server;
import motor.ext.tls.internal.Certs;
import motor.test.Curl;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client certificates with clientAuth need and want, seen by handlers through {@link Tls}. */
class ClientCertificateTest {

    @TempDir
    static Path dir;

    static Certs.Generated server;
    static Certs.Generated alice;
    static Certs.Generated mallory;

    @BeforeAll
    static void certificates() throws Exception {
        server = Certs.generate(dir, "server", "EC", "localhost");
        alice = Certs.generate(dir, "alice", "EC", "alice");
        mallory = Certs.generate(dir, "mallory", "EC", "mallory");
    }

    private static TestServer start(String clientAuth, Path trustStore, String trustStorePassword) throws IOException {
        Map<String, Object> tls = new java.util.HashMap<>(Map.of("certificate", server.certificate().toString(),
                "privateKey", server.privateKey().toString(), "clientAuth", clientAuth, "trustStore", trustStore.toString()));
        if (trustStorePassword != null) {
            tls.put("trustStorePassword", trustStorePassword);
        }
        return TestServer.start(Server.builder().config(Map.of("tls", tls)).routes(r -> r.get("/who",
                (req, res) -> res.send(Tls.clientCertificates(req).stream().findFirst()
                        .map(c -> c.getSubjectX500Principal().getName()).orElse("anonymous")))));
    }

    /** A client context presenting {@code identity} (or nothing) and trusting the server. */
    private static SSLContext client(Certs.Generated identity) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", server.cert());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (identity != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(identity.keyStore())) {
                keys.load(in, Certs.PASSWORD.toCharArray());
            }
            kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(keys, Certs.PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static String who(TestServer running, Certs.Generated identity) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().sslContext(client(identity))
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + running.port() + "/who")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            return response.body();
        }
    }

    @Test
    void needRequiresATrustedCertificate() throws Exception {
        try (TestServer running = start("need", alice.certificate(), null)) {
            assertEquals("CN=alice", who(running, alice));
            assertThrows(IOException.class, () -> who(running, null), "no certificate");
            assertThrows(IOException.class, () -> who(running, mallory), "a certificate the server does not trust");
            assertEquals("CN=alice", who(running, alice), "the server still serves");
        }
    }

    @Test
    void wantServesClientsWithoutACertificateToo() throws Exception {
        // the trust store as a PKCS12 file this time
        try (TestServer running = start("want", alice.keyStore(), Certs.PASSWORD)) {
            assertEquals("CN=alice", who(running, alice));
            assertEquals("anonymous", who(running, null));
        }
    }

    @Test
    void curlPresentsItsCertificate() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        try (TestServer running = start("need", alice.certificate(), null)) {
            String url = "https://localhost:" + running.port() + "/who";
            Curl.Result result = Curl.run("--cacert", server.certificate().toString(), "--cert",
                    alice.certificate().toString(), "--key", alice.privateKey().toString(), url);
            assertEquals(0, result.exit(), result.err());
            assertEquals("CN=alice", result.out());
            Curl.Result without = Curl.run("--cacert", server.certificate().toString(), url);
            assertTrue(without.exit() != 0, "refused without a certificate: " + without.out());
        }
    }
}
