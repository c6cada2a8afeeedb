package motor.ext.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import motor.core.Server;
import motor.ext.tls.internal.Certs;
import motor.ext.tls.internal.KeyMaterial;
import motor.ext.tls.internal.TlsSettings;
import motor.test.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings are checked at start, with messages naming the key and the file; good ones serve HTTPS. */
class ConfigTest {

    @TempDir
    static Path dir;

    static Certs.Generated rsa;
    static Certs.Generated ec;

    @BeforeAll
    static void certificates() throws Exception {
        rsa = Certs.generate(dir, "rsa", "RSA", "localhost");
        ec = Certs.generate(dir, "ec", "EC", "localhost");
    }

    private static Map<String, Object> pem(Certs.Generated cert) {
        Map<String, Object> tls = new HashMap<>();
        tls.put("certificate", cert.certificate().toString());
        tls.put("privateKey", cert.privateKey().toString());
        return tls;
    }

    private static String refused(Map<String, Object> tls) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> {
            try (TestServer server = TestServer.start(Server.builder().config(Map.of("tls", tls)))) {
                server.port();
            }
        });
        return e.getMessage() + (e.getCause() == null ? "" : " / " + e.getCause().getMessage());
    }

    private static void assertRefused(Map<String, Object> tls, String... fragments) {
        String message = refused(tls);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "'" + fragment + "' in: " + message);
        }
    }

    private static String get(TestServer server, int port, SSLContext trust) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(10)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/hi"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static Server.Builder hello(Map<String, Object> tls) {
        return Server.builder().config(Map.of("tls", tls)).routes(r -> r.get("/hi", (req, res) -> res.send(req.scheme())));
    }

    @Test
    void aSelfSignedCertificateServesHttpsForDevelopment() throws Exception {
        try (TestServer server = TestServer.start(hello(new HashMap<>(Map.of("selfSigned", true,
                "selfSignedNames", java.util.List.of("localhost", "dev.test")))))) {
            // trust exactly the certificate the server shows: first look at it without trusting anything
            SSLContext blind = SSLContext.getInstance("TLS");
            java.security.cert.X509Certificate[][] seen = new java.security.cert.X509Certificate[1][];
            blind.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) { }
                @Override public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {
                    seen[0] = chain;
                }
                @Override public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) blind.getSocketFactory()
                    .createSocket("127.0.0.1", server.port())) {
                socket.startHandshake();
            }
            assertEquals("CN=localhost", seen[0][0].getSubjectX500Principal().getName());
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", seen[0][0]);
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext trusting = SSLContext.getInstance("TLS");
            trusting.init(null, tmf.getTrustManagers(), null);
            // the JDK client checks the host name against the certificate's names
            assertEquals("https", get(server, server.port(), trusting));
        }
        assertRefused(new HashMap<>(Map.of("selfSigned", true, "certificate", ec.certificate().toString())),
                "tls.selfSigned", "one or the other");
        assertRefused(new HashMap<>(Map.of("selfSignedNames", java.util.List.of("x"))), "tls.selfSignedNames");
        assertRefused(new HashMap<>(Map.of("selfSigned", true, "selfSignedNames", java.util.List.of("a b"))),
                "tls.selfSignedNames");
    }

    @Test
    void missingFilesAreNamed() {
        Map<String, Object> tls = pem(ec);
        tls.put("certificate", dir.resolve("absent.pem").toString());
        assertRefused(tls, "tls.certificate", "absent.pem", "no such file");
        tls = pem(ec);
        tls.put("privateKey", dir.resolve("nokey.pem").toString());
        assertRefused(tls, "tls.privateKey", "nokey.pem");
    }

    @Test
    void halfAPairIsRefused() {
        assertRefused(Map.of("certificate", ec.certificate().toString()), "tls.privateKey");
        assertRefused(Map.of("privateKey", ec.privateKey().toString()), "tls.certificate");
        assertRefused(Map.of("alpn", true), "tls.certificate");
        Map<String, Object> both = pem(ec);
        both.put("keyStore", ec.keyStore().toString());
        assertRefused(both, "tls.keyStore", "not both");
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsRefused() {
        Map<String, Object> tls = pem(ec);
        tls.put("privateKey", rsa.privateKey().toString());
        assertRefused(tls, "tls.privateKey", "rsa.key.pem", "does not belong");
    }

    @Test
    void aFileThatIsNotPemIsRefused() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "hello\n");
        Map<String, Object> tls = pem(ec);
        tls.put("certificate", junk.toString());
        assertRefused(tls, "tls.certificate", "junk.pem", "no CERTIFICATE");
    }

    @Test
    void keyStoreProblemsAreNamed() {
        assertRefused(Map.of("keyStore", ec.keyStore().toString(), "keyStorePassword", "wrong"),
                "tls.keyStorePassword", "ec.p12");
        assertRefused(Map.of("keyStore", ec.keyStore().toString(), "keyStorePassword", Certs.PASSWORD,
                "keyAlias", "other"), "tls.keyAlias", "other");
        assertRefused(Map.of("keyStore", ec.keyStore().toString(), "keyStorePassword", Certs.PASSWORD,
                "keyStoreType", "NOPE"), "tls.keyStoreType");
        assertRefused(Map.of("keyStore", ec.certificate().toString(), "keyStorePassword", Certs.PASSWORD),
                "tls.keyStore", "ec.crt.pem");
        assertRefused(Map.of("certificate", ec.certificate().toString(), "privateKey", ec.privateKey().toString(),
                "keyAlias", "ec"), "tls.keyStore");
    }

    @Test
    void badValuesAreNamed() {
        Map<String, Object> tls = pem(ec);
        tls.put("protocols", List.of("TLSv1.1"));
        assertRefused(tls, "tls.protocols", "TLSv1.1");
        tls = pem(ec);
        tls.put("cipherSuites", List.of("TLS_NOT_A_SUITE"));
        assertRefused(tls, "tls.cipherSuites", "TLS_NOT_A_SUITE");
        tls = pem(ec);
        tls.put("clientAuth", "maybe");
        assertRefused(tls, "tls.clientAuth", "none, want or need");
        tls = pem(ec);
        tls.put("clientAuth", "need");
        assertRefused(tls, "tls.trustStore", "required");
        tls = pem(ec);
        tls.put("reload", "10ms");
        assertRefused(tls, "tls.reload");
        tls = pem(ec);
        tls.put("listeners", List.of());
        assertRefused(tls, "tls.listeners");
        tls = pem(ec);
        tls.put("listeners", List.of("htps"));
        assertRefused(tls, "tls.listeners", "no listener is named \"htps\"", "[http]");
        tls = pem(ec);
        tls.put("certficate", "typo");
        assertRefused(tls, "certficate");
    }

    @Test
    void aKeyStoreWithAnAliasServes() throws Exception {
        try (TestServer server = TestServer.start(hello(Map.of("keyStore", rsa.keyStore().toString(),
                "keyStorePassword", Certs.PASSWORD, "keyAlias", "rsa", "keyStoreType", "PKCS12")))) {
            assertEquals("https", get(server, server.port(), rsa.trustingContext()));
        }
    }

    @Test
    void pkcs1AndSec1KeysServe() throws Exception {
        Path pkcs1 = Files.writeString(dir.resolve("rsa.pkcs1.pem"),
                Certs.pem("RSA PRIVATE KEY", Certs.innerKey(rsa.key().getEncoded())));
        Path sec1 = Files.writeString(dir.resolve("ec.sec1.pem"),
                Certs.pem("EC PRIVATE KEY", Certs.sec1WithCurve(ec.key().getEncoded())));
        for (var pair : List.of(Map.entry(rsa, pkcs1), Map.entry(ec, sec1))) {
            try (TestServer server = TestServer.start(hello(Map.of("certificate", pair.getKey().certificate().toString(),
                    "privateKey", pair.getValue().toString())))) {
                assertEquals("https", get(server, server.port(), pair.getKey().trustingContext()));
            }
        }
    }

    @Test
    void relativePathsResolveAgainstTheBaseDirectory() throws Exception {
        try (TestServer server = TestServer.start(hello(Map.of("certificate", "ec.crt.pem", "privateKey", "ec.key.pem"))
                .baseDirectory(dir))) {
            assertEquals("https", get(server, server.port(), ec.trustingContext()));
        }
    }

    @Test
    void anExpiredCertificateOnlyWarns() throws Exception {
        Certs.Generated expired = Certs.generate(dir, "expired", "EC", "localhost", "-startdate", "-10d", "-validity", "2");
        try (TestServer server = TestServer.start(hello(pem(expired)))) {
            // the server starts and serves (this client trusts the certificate itself, whatever its dates)
            assertEquals("https", get(server, server.port(), expired.trustingContext()));
        }
        TlsSettings settings = new TlsSettings(expired.certificate(), expired.privateKey(), null, "", "PKCS12", null,
                null, List.of("TLSv1.3"), null, true, TlsSettings.ClientAuth.NONE, null, null, "PKCS12", null, List.of());
        List<String> warnings = KeyMaterial.load(settings, "tls").warnings();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("tls.certificate: " + expired.certificate() + ": the certificate CN=localhost"
                + " expired on "), warnings.get(0));
    }

    @Test
    void withoutSettingsTheServerStaysPlain() throws Exception {
        try (TestServer server = TestServer.start(Server.builder().config(Map.of("tls", Map.of()))
                .routes(r -> r.get("/hi", (req, res) -> res.send(req.scheme()))))) {
            assertEquals("http", server.get("/hi").body());
        }
    }

    @Test
    void httpAndHttpsSideBySide() throws Exception {
        Map<String, Object> tls = pem(ec);
        tls.put("listeners", List.of("https"));
        try (TestServer server = TestServer.start(hello(tls).listen("https", new InetSocketAddress("127.0.0.1", 0)))) {
            int httpsPort = ((InetSocketAddress) server.server().addresses().get(0)).getPort();
            assertEquals("http", server.get("/hi").body());
            assertEquals("https", get(server, httpsPort, ec.trustingContext()));
        }
    }

    @Test
    void alpnCanBeTurnedOff() throws Exception {
        Map<String, Object> tls = pem(ec);
        tls.put("alpn", false);
        try (TestServer server = TestServer.start(hello(tls))) {
            javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) ec.trustingContext().getSocketFactory()
                    .createSocket();
            try (socket) {
                socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
                socket.setSoTimeout(10_000);
                javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
                parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                assertTrue(socket.getApplicationProtocol() == null || socket.getApplicationProtocol().isEmpty(),
                        "no protocol negotiated: " + socket.getApplicationProtocol());
            }
            assertEquals("https", get(server, server.port(), ec.trustingContext()));
        }
    }

    @Test
    void tls12OnlyAndChosenCipherSuites() throws Exception {
        Map<String, Object> tls = pem(ec);
        tls.put("protocols", "TLSv1.2");
        tls.put("cipherSuites", List.of("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"));
        try (TestServer server = TestServer.start(hello(tls).routes(r -> r.get("/suite", (req, res) -> res.send(
                Tls.session(req).map(s -> s.getProtocol() + " " + s.getCipherSuite()).orElse("none")))));
             HttpClient client = HttpClient.newBuilder().sslContext(ec.trustingContext())
                     .connectTimeout(Duration.ofSeconds(10)).build()) {
            String suite = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/suite"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertEquals("TLSv1.2 TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", suite);
        }
    }
}
