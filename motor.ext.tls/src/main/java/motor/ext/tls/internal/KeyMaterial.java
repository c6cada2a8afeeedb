package motor.ext.tls.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import motor.spi.extension.ConfigException;

/**
 * Loads the server's certificate and key (PEM files or a key store) and the client-certificate trust
 * anchors into an {@link SSLContext}, checking what an operator gets wrong: missing or unreadable files,
 * wrong passwords, a key that does not belong to the certificate. An expired certificate only produces a
 * warning (returned, for the caller to log), so that a server whose renewal failed still starts.
 * Every failure is a {@link ConfigException} naming the setting and the file.
 */
public final class KeyMaterial {

    /** The password of the in-memory key stores built here; never stored on disk. */
    private static final char[] MEMORY_PASSWORD = "motor".toCharArray();

    private KeyMaterial() {
    }

    /**
     * What was loaded.
     *
     * @param context  the context to create engines from
     * @param leaves   the server's certificates (one per key)
     * @param warnings problems worth a warning (an expired certificate)
     */
    public record Loaded(SSLContext context, List<X509Certificate> leaves, List<String> warnings) {
    }

    /**
     * Loads everything {@code settings} names.
     *
     * @param settings the settings
     * @param prefix   the section path for messages, such as {@code tls}
     * @return the context and what to warn about
     * @throws ConfigException if something cannot be loaded
     */
    public static Loaded load(TlsSettings settings, String prefix) {
        KeyStore keys = memoryStore(null, null, null);
        List<SniKeyManager.Entry> entries = new ArrayList<>();
        if (settings.keyStore() != null) {
            copyInto(fromKeyStore(settings, prefix), keys, "", entries);
        } else if (settings.certificate() != null) {
            copyInto(fromPem(settings.certificate(), settings.privateKey(), prefix + ".certificate",
                    prefix + ".privateKey"), keys, "", entries);
        }
        for (int i = 0; i < settings.more().size(); i++) {
            TlsSettings.PemPair pair = settings.more().get(i);
            copyInto(fromPem(pair.certificate(), pair.privateKey(), pair.key() + ".certificate",
                    pair.key() + ".privateKey"), keys, "sni-" + i + "-", entries);
        }
        List<X509Certificate> leaves = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String sourceKey = settings.keyStore() != null ? prefix + ".keyStore" : prefix + ".certificate";
        Path sourceFile = settings.keyStore() != null ? settings.keyStore() : settings.certificate();
        try {
            for (String alias : Collections.list(keys.aliases())) {
                X509Certificate leaf = (X509Certificate) keys.getCertificate(alias);
                leaves.add(leaf);
                String expiry = expiry(leaf, Instant.now());
                if (expiry != null) {
                    int sni = alias.startsWith("sni-") ? Integer.parseInt(alias.substring(4, alias.indexOf('-', 4))) : -1;
                    warnings.add(sni >= 0 ? settings.more().get(sni).key() + ".certificate: "
                            + settings.more().get(sni).certificate() + ": " + expiry
                            : sourceKey + ": " + sourceFile + ": " + expiry);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an in-memory key store failed", e);
        }
        TrustManager[] trust = null;
        if (settings.trustStore() != null) {
            trust = trustManagers(settings, prefix);
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new javax.net.ssl.KeyManager[] {new SniKeyManager(entries)}, trust, null);
            return new Loaded(context, List.copyOf(leaves), List.copyOf(warnings));
        } catch (GeneralSecurityException e) {
            throw new ConfigException(sourceKey, sourceFile + ": cannot be used for TLS: " + e.getMessage());
        }
    }

    /**
     * Builds an in-memory key store from a PEM chain and key, checking that they belong together.
     *
     * @param certificate    the chain file, leaf first
     * @param privateKey     the key file
     * @param certificateKey the setting that named the chain, for messages
     * @param privateKeyKey  the setting that named the key, for messages
     * @return a key store with one entry
     */
    public static KeyStore fromPem(Path certificate, Path privateKey, String certificateKey, String privateKeyKey) {
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(Pem.parse(readText(certificate, certificateKey)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(certificateKey, certificate + ": " + e.getMessage());
        }
        PrivateKey key;
        try {
            key = Pem.privateKey(Pem.parse(readText(privateKey, privateKeyKey)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(privateKeyKey, privateKey + ": " + e.getMessage());
        }
        if (!matches(key, chain.get(0).getPublicKey())) {
            throw new ConfigException(privateKeyKey, privateKey + ": the key does not belong to the first certificate"
                    + " of " + certificate + " (" + chain.get(0).getSubjectX500Principal().getName() + ")");
        }
        return memoryStore("server", key, chain.toArray(new Certificate[0]));
    }

    private static KeyStore fromKeyStore(TlsSettings settings, String prefix) {
        Path file = settings.keyStore();
        char[] password = settings.keyStorePassword().toCharArray();
        KeyStore store = loadStore(file, settings.keyStoreType(), password, prefix + ".keyStore",
                prefix + ".keyStorePassword", prefix + ".keyStoreType");
        KeyStore copy = memoryStore(null, null, null);
        try {
            List<String> aliases = settings.keyAlias() != null ? List.of(settings.keyAlias())
                    : Collections.list(store.aliases());
            if (settings.keyAlias() != null && !store.isKeyEntry(settings.keyAlias())) {
                throw new ConfigException(prefix + ".keyAlias", file + " holds no private key entry named '"
                        + settings.keyAlias() + "' (it has " + Collections.list(store.aliases()) + ")");
            }
            for (String alias : aliases) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key;
                try {
                    key = store.getKey(alias, password);
                } catch (UnrecoverableKeyException e) {
                    throw new ConfigException(prefix + ".keyStorePassword", file + ": the key '" + alias
                            + "' cannot be read with this password (its own password must be the store's)");
                }
                Certificate[] chain = store.getCertificateChain(alias);
                if (!(key instanceof PrivateKey privateKey) || chain == null || chain.length == 0
                        || !(chain[0] instanceof X509Certificate leaf)) {
                    continue;
                }
                if (!matches(privateKey, leaf.getPublicKey())) {
                    throw new ConfigException(prefix + ".keyStore", file + ": the key '" + alias
                            + "' does not belong to its certificate");
                }
                copy.setKeyEntry(alias, privateKey, MEMORY_PASSWORD, chain);
            }
            if (copy.size() == 0) {
                throw new ConfigException(prefix + ".keyStore", file + " holds no private key with a certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException(prefix + ".keyStore", file + ": " + e.getMessage());
        }
        return copy;
    }

    private static TrustManager[] trustManagers(TlsSettings settings, String prefix) {
        Path file = settings.trustStore();
        String key = prefix + ".trustStore";
        KeyStore anchors;
        byte[] bytes = readBytes(file, key);
        if (startsWithPem(bytes)) {
            List<X509Certificate> certificates;
            try {
                certificates = Pem.certificates(Pem.parse(new String(bytes, StandardCharsets.ISO_8859_1)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, file + ": " + e.getMessage());
            }
            anchors = memoryStore(null, null, null);
            try {
                for (int i = 0; i < certificates.size(); i++) {
                    anchors.setCertificateEntry("ca-" + i, certificates.get(i));
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("an in-memory key store failed", e);
            }
        } else {
            String password = settings.trustStorePassword();
            anchors = loadStore(file, settings.trustStoreType(), password == null ? null : password.toCharArray(),
                    key, prefix + ".trustStorePassword", prefix + ".trustStoreType");
        }
        try {
            if (!Collections.list(anchors.aliases()).stream().anyMatch(a -> isCertificate(anchors, a))) {
                throw new ConfigException(key, file + " holds no certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(anchors);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new ConfigException(key, file + ": " + e.getMessage());
        }
    }

    private static boolean isCertificate(KeyStore store, String alias) {
        try {
            return store.getCertificate(alias) != null;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean startsWithPem(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
        return head.contains("-----BEGIN ");
    }

    private static KeyStore loadStore(Path file, String type, char[] password, String fileKey, String passwordKey,
            String typeKey) {
        byte[] bytes = readBytes(file, fileKey);
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(typeKey, "'" + type + "' is not a key store type this JDK knows (PKCS12, JKS)");
        }
        try {
            store.load(new ByteArrayInputStream(bytes), password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new ConfigException(passwordKey, file + ": wrong password for this key store");
            }
            throw new ConfigException(fileKey, file + ": cannot be read as a " + type + " key store ("
                    + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new ConfigException(fileKey, file + ": cannot be read as a " + type + " key store ("
                    + e.getMessage() + ")");
        }
    }

    /** Copies the key entries of one in-memory store into another, their aliases prefixed, and lists them. */
    private static void copyInto(KeyStore from, KeyStore to, String aliasPrefix, List<SniKeyManager.Entry> entries) {
        try {
            for (String alias : Collections.list(from.aliases())) {
                if (from.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) from.getKey(alias, MEMORY_PASSWORD);
                    Certificate[] chain = from.getCertificateChain(alias);
                    to.setKeyEntry(aliasPrefix + alias, key, MEMORY_PASSWORD, chain);
                    X509Certificate[] x509 = java.util.Arrays.copyOf(chain, chain.length, X509Certificate[].class);
                    entries.add(new SniKeyManager.Entry(aliasPrefix + alias, key, x509, SniKeyManager.names(x509[0])));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an in-memory key store failed", e);
        }
    }

    /** {@return a fresh in-memory PKCS12 store, with one key entry if {@code key} is given} */
    static KeyStore memoryStore(String alias, PrivateKey key, Certificate[] chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            if (key != null) {
                store.setKeyEntry(alias, key, MEMORY_PASSWORD, chain);
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("an in-memory key store failed", e);
        }
    }

    /**
     * {@return whether the private key belongs to the public key}: a signature made with one must verify
     * with the other. Keys of algorithms without a known signature scheme are given the benefit of the doubt.
     */
    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> privateKey.getAlgorithm();
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] probe = "motor tls key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** {@return a warning if the certificate is not valid at {@code now}, else null} */
    static String expiry(X509Certificate certificate, Instant now) {
        String subject = certificate.getSubjectX500Principal().getName();
        if (certificate.getNotAfter().toInstant().isBefore(now)) {
            return "the certificate " + subject + " expired on " + certificate.getNotAfter().toInstant()
                    + "; clients will refuse it";
        }
        if (certificate.getNotBefore().toInstant().isAfter(now)) {
            return "the certificate " + subject + " is not valid before " + certificate.getNotBefore().toInstant()
                    + "; clients will refuse it until then";
        }
        return null;
    }

    /** Reads a small file as text (PEM is ASCII; other bytes only ever fail base64 decoding). */
    static String readText(Path file, String key) {
        return new String(readBytes(file, key), StandardCharsets.ISO_8859_1);
    }

    private static byte[] readBytes(Path file, String key) {
        try {
            if (Files.size(file) > (16 << 20)) {
                throw new ConfigException(key, file + ": too large for a certificate or key file");
            }
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(key, file + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new ConfigException(key, file + ": permission denied");
        } catch (IOException e) {
            throw new ConfigException(key, file + ": cannot be read (" + e + ")");
        }
    }
}
