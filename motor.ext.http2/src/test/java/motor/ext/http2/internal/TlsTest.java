package motor.ext.http2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import motor.core.Server;
import motor.test.Curl;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 over TLS with the {@code tls} extension: ALPN {@code h2} chosen by curl and the JDK client, and an
 * {@code Upgrade: h2c} ignored there. Skipped when the tls module on the test path is not the real one.
 */
class TlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    private static boolean tlsPresent() {
        try {
            Class.forName("motor.ext.tls.Tls");
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private Path keyStore() throws Exception {
        Path store = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "motor", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD).redirectErrorStream(true).redirectOutput(dir.resolve("keytool.txt").toFile())
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool finished");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("keytool.txt")));
        return store;
    }

    private static SSLContext trusting(Path store) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", keys.getCertificate("motor"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    @Test
    void chromiumNegotiatesHttp2() throws Exception {
        Assumptions.assumeTrue(tlsPresent(), "the tls extension is not on the test path");
        Assumptions.assumeTrue(motor.test.Browser.available(), "chromium is not installed");
        Path store = keyStore();
        try (TestServer server = TestServer.start(Server.builder()
                .config(Map.of("tls", Map.of("keyStore", store.toString(), "keyStorePassword", PASSWORD),
                        "http2", Map.of()))
                .routes(TestRoutes::routes))) {
            // the page writes the protocol the navigation used (nextHopProtocol) into the DOM, which
            // --dump-dom prints; the certificate is self-signed, hence --ignore-certificate-errors
            Path out = dir.resolve("dom.html");
            Process p = new ProcessBuilder(motor.test.Browser.executable().orElseThrow().toString(), "--headless=new",
                    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                    "--ignore-certificate-errors", "--user-data-dir=" + dir.resolve("profile"), "--dump-dom",
                    "https://localhost:" + server.port() + "/page")
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished within a minute");
            } finally {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            String dom = Files.readString(out);
            assertTrue(dom.contains("<p id=\"p\">protocol=h2</p>"), dom);
        }
    }

    @Test
    void alpnChoosesHttp2() throws Exception {
        Assumptions.assumeTrue(tlsPresent(), "the tls extension is not on the test path");
        Path store = keyStore();
        // discovery finds both extensions on the test path: tls (a test dependency) and http2
        try (TestServer server = TestServer.start(Server.builder()
                .config(Map.of("tls", Map.of("keyStore", store.toString(), "keyStorePassword", PASSWORD),
                        "http2", Map.of()))
                .routes(TestRoutes::routes))) {
            URI hello = URI.create("https://localhost:" + server.port() + "/hello");
            try (HttpClient client = HttpClient.newBuilder().sslContext(trusting(store))
                    .version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(10)).build()) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(hello)
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(HttpClient.Version.HTTP_2, response.version());
                assertEquals("hello HTTP/2.0 https localhost:" + server.port() + " [hello]", response.body());
                HttpResponse<String> tls = client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                        + server.port() + "/tls")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("TLSv1.3", tls.body(), "the TLS session reaches an HTTP/2 request");
                byte[] data = TestRoutes.bytes(3_000_000, 8);
                HttpResponse<String> up = client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                        + server.port() + "/sha")).timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(data.length + " " + TestRoutes.sha256(data), up.body());
                // a download larger than the client's window: reads and writes overlap on the TLS transport
                HttpResponse<byte[]> down = client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                        + server.port() + "/big?n=20971520&seed=4")).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(TestRoutes.sha256(TestRoutes.bytes(20_971_520, 4)), TestRoutes.sha256(down.body()));
            }
            if (Curl.available()) {
                Curl.Result r = Curl.run("--http2", "--insecure", "--include", hello.toString());
                assertEquals(0, r.exit(), r.err());
                assertTrue(r.out().startsWith("HTTP/2 200"), r.out());
                Curl.Result h1 = Curl.run("--http1.1", "--insecure", "--include", "-H", "Connection: Upgrade, HTTP2-Settings",
                        "-H", "Upgrade: h2c", "-H", "HTTP2-Settings: AAMAAABk", hello.toString());
                assertEquals(200, h1.status(), "no h2c switch over TLS: " + h1.out());
                assertTrue(h1.out().startsWith("HTTP/1.1 200"), h1.out());
            }
        }
    }
}
