package motor.ext.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import motor.ext.tls.internal.KeyMaterial;
import motor.ext.tls.internal.Pem;
import motor.ext.tls.internal.TlsSettings;
import motor.spi.Request;
import motor.spi.extension.ConfigException;

/**
 * Static helpers for HTTPS: the TLS session and client certificate behind a request, and
 * {@link SSLContext}s from the same PEM files and key stores the {@code tls} settings name (for a client
 * that must trust the server's certificate, a test, or code that runs its own TLS).
 *
 * <p>The server itself is configured through the {@code tls} section, from a file or in Java:
 * <pre>{@code
 * Server.builder()
 *         .config(Map.of("tls", Map.of("certificate", "fullchain.pem", "privateKey", "privkey.pem")))
 *         .build().start();
 * }</pre>
 */
public final class Tls {

    private Tls() {
    }

    /**
     * Finds the TLS session of the connection a request came on ({@link Request#sslSession()}, for HTTP/1.1
     * and HTTP/2 alike, whatever middleware did to the request's addresses); empty for requests that did
     * not come over TLS.
     *
     * @param request the request
     * @return the session, if the request came over TLS
     */
    public static Optional<SSLSession> session(Request request) {
        return Optional.ofNullable(request.sslSession());
    }

    /**
     * {@return the certificate chain the client presented, its own certificate first; empty when it sent
     * none (with {@code clientAuth} {@code want}, or {@code none}) or the request did not come over TLS}
     * With {@code clientAuth} {@code want} or {@code need}, the chain has been verified against the
     * configured {@code trustStore} during the handshake.
     *
     * @param request the request
     */
    public static List<X509Certificate> clientCertificates(Request request) {
        Optional<SSLSession> session = session(request);
        if (session.isEmpty()) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : session.get().getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    /**
     * Builds a server-side {@link SSLContext} from PEM files: a certificate chain (leaf first, as in
     * Let's Encrypt's {@code fullchain.pem}) and its unencrypted private key ({@code PRIVATE KEY},
     * {@code RSA PRIVATE KEY} or {@code EC PRIVATE KEY}).
     *
     * @param certificateChain the chain
     * @param privateKey       the key
     * @return a context whose key manager presents that certificate
     * @throws ConfigException if a file is missing or malformed, or the key does not match the certificate
     */
    public static SSLContext fromPem(Path certificateChain, Path privateKey) {
        KeyStore keys = KeyMaterial.fromPem(certificateChain, privateKey, "certificate", "privateKey");
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(keys, "motor".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * Builds a server-side {@link SSLContext} from a key store file, with the same checks as the
     * {@code keyStore} setting: every key entry (or only {@code alias}) must be readable with the password
     * and belong to its certificate.
     *
     * @param keyStore the file
     * @param password its password (also the keys' password)
     * @param type     {@code PKCS12} or {@code JKS}
     * @param alias    the one entry to use, or {@code null} for every key entry
     * @return a context whose key manager presents those certificates, chosen by SNI host name
     * @throws ConfigException if the file is missing or unreadable, the password wrong or the alias absent
     */
    public static SSLContext fromKeyStore(Path keyStore, String password, String type, String alias) {
        TlsSettings settings = new TlsSettings(null, null, keyStore.toAbsolutePath(), password, type, alias, null,
                List.of("TLSv1.3", "TLSv1.2"), null, true, TlsSettings.ClientAuth.NONE, null, null, "PKCS12", null,
                List.of());
        return KeyMaterial.load(settings, "keyStore").context();
    }

    /**
     * Builds a client-side {@link SSLContext} that trusts exactly the certificates of a PEM file (a
     * private CA, or a self-signed server certificate), for an {@code HttpClient} calling a server that
     * uses them.
     *
     * @param certificates the PEM file
     * @return a context whose trust manager accepts chains ending in those certificates
     * @throws ConfigException if the file is missing or holds no valid certificate
     */
    public static SSLContext trusting(Path certificates) {
        List<X509Certificate> anchors;
        try {
            anchors = Pem.certificates(Pem.parse(java.nio.file.Files.readString(certificates,
                    java.nio.charset.StandardCharsets.ISO_8859_1)));
        } catch (java.io.IOException e) {
            throw new ConfigException("certificates", certificates + ": cannot be read (" + e + ")");
        } catch (IllegalArgumentException e) {
            throw new ConfigException("certificates", certificates + ": " + e.getMessage());
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("ca-" + i, anchors.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot build a TLS context: " + e.getMessage(), e);
        }
    }
}
