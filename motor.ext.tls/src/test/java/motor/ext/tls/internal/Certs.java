package motor.ext.tls.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test certificates: made by the JDK's own {@code keytool} into a PKCS12 file, then written out as the
 * PEM files a web server is usually given.
 */
public final class Certs {

    /** The password of every generated key store. */
    public static final String PASSWORD = "changeit";

    private Certs() {
    }

    /**
     * A generated certificate and key in every form the tests need.
     *
     * @param keyStore    the PKCS12 file
     * @param certificate the PEM certificate
     * @param privateKey  the PEM PKCS#8 key
     * @param cert        the certificate
     * @param key         the key
     */
    public record Generated(Path keyStore, Path certificate, Path privateKey, X509Certificate cert, PrivateKey key) {

        /** {@return a client context that trusts this (self-signed) certificate} */
        public SSLContext trustingContext() throws Exception {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        }
    }

    /**
     * Generates a self-signed certificate for {@code localhost} and {@code 127.0.0.1}.
     *
     * @param dir    where to put the files
     * @param name   the base name of the files and the alias
     * @param keyAlg {@code RSA} or {@code EC}
     * @param cn     the subject's common name
     * @param extra  more keytool arguments (such as {@code -startdate -10d -validity 1})
     */
    public static Generated generate(Path dir, String name, String keyAlg, String cn, String... extra) throws Exception {
        Path p12 = dir.resolve(name + ".p12");
        Files.deleteIfExists(p12);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", keyAlg));
        if (keyAlg.equals("EC")) {
            command.addAll(List.of("-groupname", "secp256r1"));
        } else {
            command.addAll(List.of("-keysize", "2048"));
        }
        // a host-like name (with a dot) is the certificate's only name; otherwise it is for localhost
        String san = cn.contains(".") ? "SAN=dns:" + cn : "SAN=dns:localhost,ip:127.0.0.1";
        command.addAll(List.of("-dname", "CN=" + cn, "-ext", san, "-storetype", "PKCS12",
                "-keystore", p12.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (extra.length == 0) {
            command.addAll(List.of("-validity", "30"));
        }
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within 60 s");
            }
            output = in.readAllBytes();
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed: " + new String(output, StandardCharsets.UTF_8));
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, PASSWORD.toCharArray());
        }
        X509Certificate cert = (X509Certificate) store.getCertificate(name);
        PrivateKey key = (PrivateKey) store.getKey(name, PASSWORD.toCharArray());
        Path certificate = dir.resolve(name + ".crt.pem");
        Path privateKey = dir.resolve(name + ".key.pem");
        Files.writeString(certificate, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        return new Generated(p12, certificate, privateKey, cert, key);
    }

    /** {@return a PEM block with lines of 64 characters} */
    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** {@return the PKCS#1 (RSA) or SEC1-without-curve (EC) key inside a PKCS#8 encoding} */
    public static byte[] innerKey(byte[] pkcs8) {
        Der.Element info = Der.read(pkcs8, 0, pkcs8.length);
        Der.Element version = Der.read(pkcs8, info.start(), info.end());
        Der.Element algorithm = Der.read(pkcs8, version.end(), info.end());
        Der.Element octets = Der.read(pkcs8, algorithm.end(), info.end());
        return java.util.Arrays.copyOfRange(pkcs8, octets.start(), octets.end());
    }

    /** {@return a SEC1 key for P-256 with its curve named, as OpenSSL writes it} */
    public static byte[] sec1WithCurve(byte[] pkcs8) {
        byte[] inner = innerKey(pkcs8);
        Der.Element key = Der.read(inner, 0, inner.length);
        Der.Element version = Der.read(inner, key.start(), key.end());
        Der.Element privateOctets = Der.read(inner, version.end(), key.end());
        byte[] scalar = java.util.Arrays.copyOfRange(inner, privateOctets.start(), privateOctets.end());
        byte[] curve = Der.encode(Der.CONTEXT_0, Der.encodeOid("1.2.840.10045.3.1.7"));
        return Der.encode(Der.SEQUENCE, new byte[] {Der.INTEGER, 1, 1}, Der.encode(Der.OCTET_STRING, scalar), curve);
    }

    /**
     * A minimal ClientHello offering only {@code version} (no supported_versions extension, so TLS 1.3
     * is not offered) with a few ECDHE and RSA cipher suites.
     */
    public static byte[] clientHello(int version) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(version >> 8);
        body.write(version);
        body.writeBytes(new byte[32]); // random
        body.write(0); // session id
        int[] suites = {0xc02f, 0xc02b, 0xc013, 0x002f};
        body.write(0);
        body.write(suites.length * 2);
        for (int s : suites) {
            body.write(s >> 8);
            body.write(s);
        }
        body.write(1); // compression methods
        body.write(0);
        byte[] extensions = {
            0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
            0x00, 0x0b, 0x00, 0x02, 0x01, 0x00, // ec_point_formats: uncompressed
            // signature_algorithms: ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384, rsa_pss_rsae_sha256,
            // rsa_pkcs1_sha256 (keytool signs an EC certificate with SHA384withECDSA)
            0x00, 0x0d, 0x00, 0x0a, 0x00, 0x08, 0x04, 0x03, 0x05, 0x03, 0x08, 0x04, 0x04, 0x01
        };
        body.write(0);
        body.write(extensions.length);
        body.writeBytes(extensions);
        byte[] b = body.toByteArray();
        java.io.ByteArrayOutputStream record = new java.io.ByteArrayOutputStream();
        record.writeBytes(new byte[] {0x16, 3, 1, (byte) ((b.length + 4) >> 8), (byte) (b.length + 4), 1, 0,
                (byte) (b.length >> 8), (byte) b.length});
        record.writeBytes(b);
        return record.toByteArray();
    }
}
