package motor.ext.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The in-memory certificate: its fields, and a real handshake with it. */
class SelfSignedTest {

    @Test
    void theCertificateNamesItsHostsAndVerifies() throws Exception {
        SelfSigned.Result made = SelfSigned.create(List.of("localhost", "dev.example"),
                List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")), Duration.ofDays(30));
        X509Certificate cert = made.certificate();
        cert.checkValidity();
        cert.checkValidity(Date.from(Instant.now().plus(Duration.ofDays(29))));
        assertEquals(3, cert.getVersion());
        assertEquals("CN=localhost", cert.getSubjectX500Principal().getName());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        assertEquals("SHA256withECDSA", cert.getSigAlgName());
        assertEquals(-1, cert.getBasicConstraints(), "not a CA");
        assertTrue(cert.getKeyUsage()[0], "digitalSignature");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), cert.getExtendedKeyUsage());
        Set<String> names = new HashSet<>();
        for (List<?> name : cert.getSubjectAlternativeNames()) {
            names.add(name.get(0) + ":" + name.get(1));
        }
        assertEquals(Set.of("2:localhost", "2:dev.example", "7:127.0.0.1", "7:0:0:0:0:0:0:0:1"), names);
        cert.verify(made.keys().getPublic());
        assertTrue(cert.getSerialNumber().signum() > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aClientTrustingItCompletesAHandshake(String protocol) throws Exception {
        SelfSigned.Result made = SelfSigned.create(List.of("localhost"), List.of(), Duration.ofDays(1));
        char[] password = "x".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("motor", made.keys().getPrivate(), password, new X509Certificate[] {made.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("motor", made.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);

        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        server.setEnabledProtocols(new String[] {protocol});
        SSLEngine client = clientContext.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        var parameters = client.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the host name must match the certificate
        client.setSSLParameters(parameters);
        client.setEnabledProtocols(new String[] {protocol});

        ByteBuffer toServer = ByteBuffer.allocate(65536);
        ByteBuffer toClient = ByteBuffer.allocate(65536);
        ByteBuffer sink = ByteBuffer.allocate(65536);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 100 && !(done(client) && done(server)); i++) {
            step(client, empty, toServer, toClient, sink);
            step(server, empty, toClient, toServer, sink);
        }
        assertTrue(done(client) && done(server), "handshake did not finish");
        assertEquals(protocol, client.getSession().getProtocol());
        assertEquals(made.certificate(), client.getSession().getPeerCertificates()[0]);
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    /** One turn of an engine: run tasks, unwrap what arrived, wrap what it wants to send. */
    private static void step(SSLEngine engine, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer sink)
            throws Exception {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
        in.flip();
        while (in.hasRemaining()) {
            int before = in.remaining();
            engine.unwrap(in, sink);
            sink.clear();
            Runnable t;
            while ((t = engine.getDelegatedTask()) != null) {
                t.run();
            }
            if (in.remaining() == before) {
                break;
            }
        }
        in.compact();
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            engine.wrap(empty, out);
        }
    }

    @Test
    void theFilesAndTheirDirectoryAreGoneAfterTheJvmExits(@org.junit.jupiter.api.io.TempDir java.nio.file.Path work)
            throws Exception {
        java.nio.file.Path probe = work.resolve("Probe.java");
        java.nio.file.Files.writeString(probe, "public class Probe { public static void main(String[] a) throws Exception {"
                + " System.out.println(motor.ext.tls.internal.SelfSigned.writePem(java.util.List.of(\"localhost\"))[0]"
                + ".getParent()); } }");
        String launcher = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(launcher, "-cp", java.nio.file.Path.of("target", "classes").toAbsolutePath()
                .toString(), probe.toString()).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        }
        assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the probe ended");
        assertEquals(0, process.exitValue(), output);
        java.nio.file.Path dir = java.nio.file.Path.of(output);
        assertTrue(dir.getFileName().toString().startsWith("motor-tls-"), output);
        boolean left = java.nio.file.Files.exists(dir);
        if (left) {
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path file : files.toList()) {
                    java.nio.file.Files.delete(file);
                }
            }
            java.nio.file.Files.delete(dir);
        }
        assertTrue(!left, "the temporary directory with the private key was left behind: " + dir);
    }
}
