package motor.ext.tls.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code tls} section, read and checked. Paths are absolute (resolved against the server's base
 * directory). Exactly one of {@code certificate}/{@code privateKey} and {@code keyStore} is set.
 *
 * @param certificate        the PEM certificate chain, or null
 * @param privateKey         the PEM private key, or null
 * @param keyStore           the key store, or null
 * @param keyStorePassword   its password (may be empty)
 * @param keyStoreType       its type, such as {@code PKCS12}
 * @param keyAlias           the one entry to use, or null for every key entry
 * @param listeners          the listeners that speak TLS; null for all
 * @param protocols          the enabled protocol versions
 * @param cipherSuites       the enabled cipher suites; null for the filtered JDK default
 * @param alpn               whether to negotiate the application protocol
 * @param clientAuth         whether to ask for client certificates
 * @param trustStore         the certificates that client certificates must chain to (a key store or PEM), or null
 * @param trustStorePassword its password, or null
 * @param trustStoreType     its type when it is a key store
 * @param reload             how often to look for changed files; null for never
 * @param more               further PEM certificates, chosen by the host name the client asks for (SNI)
 */
public record TlsSettings(Path certificate, Path privateKey, Path keyStore, String keyStorePassword,
        String keyStoreType, String keyAlias, Set<String> listeners, List<String> protocols,
        List<String> cipherSuites, boolean alpn, ClientAuth clientAuth, Path trustStore,
        String trustStorePassword, String trustStoreType, Duration reload, List<PemPair> more) {

    /**
     * A PEM certificate chain and its key.
     *
     * @param certificate the chain
     * @param privateKey  the key
     * @param key         the setting that names them, for messages, such as {@code tls.certificates[0]}
     */
    public record PemPair(Path certificate, Path privateKey, String key) {
    }

    /** Whether the server asks the client for a certificate. */
    public enum ClientAuth {
        /** Never asks. */
        NONE,
        /** Asks; a client without one is served anyway. */
        WANT,
        /** Asks; the handshake fails without a valid one. */
        NEED
    }

    /** {@return the files whose changes a reload looks for} */
    List<Path> files() {
        java.util.List<Path> files = new java.util.ArrayList<>(java.util.stream.Stream.of(certificate, privateKey,
                keyStore, trustStore).filter(java.util.Objects::nonNull).toList());
        for (PemPair pair : more) {
            files.add(pair.certificate());
            files.add(pair.privateKey());
        }
        return files;
    }
}
