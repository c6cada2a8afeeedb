package motor.ext.tls.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tls} extension: HTTPS on the configured listeners. Without a {@code tls} section it does
 * nothing, so that having the module present changes no plain server.
 */
public final class TlsExtension implements Extension {

    private static final Logger LOG = LoggerFactory.getLogger(TlsExtension.class);

    static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");
    private static final Duration MIN_RELOAD = Duration.ofSeconds(1);

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public TlsExtension() {
    }

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public void install(ExtensionContext context) {
        Config config = context.config();
        // keys() covers the file and the command line; has() also sees the environment
        // (MOTOR_TLS_CERTIFICATE, say), so that a container can switch HTTPS on without a file
        if (config.keys().isEmpty() && !config.has("certificate") && !config.has("privateKey")
                && !config.has("keyStore") && !config.has("selfSigned")) {
            LOG.debug("tls: no settings; HTTPS is off");
            return;
        }
        TlsSettings settings = read(config, context.baseDirectory());
        List<String> known = context.listenerNames();
        if (settings.listeners() != null && !known.isEmpty()) {
            for (String name : settings.listeners()) {
                if (!known.contains(name)) {
                    // a misspelt name would leave every listener on plain HTTP without a word
                    throw new ConfigException((config.path().isEmpty() ? "tls" : config.path()) + ".listeners",
                            "no listener is named \"" + name + "\"; the server's listeners are " + known);
                }
            }
        }
        String prefix = config.path().isEmpty() ? "tls" : config.path();
        AtomicReference<TlsWrapper.ServerContext> current = new AtomicReference<>(build(settings, prefix));
        context.addTransportWrapper(new TlsWrapper(current::get, settings.listeners(), settings.alpn(),
                context::protocols));
        if (settings.reload() != null) {
            Reloader reloader = new Reloader(settings, prefix, current);
            context.onStop(reloader);
            reloader.start();
        }
        LOG.info("tls: HTTPS on {} with {} ({}), client certificates: {}{}",
                settings.listeners() == null ? "every listener" : "listeners " + settings.listeners(),
                settings.keyStore() != null ? settings.keyStore()
                        : settings.certificate() != null ? settings.certificate() : settings.more().get(0).certificate(),
                String.join(", ", settings.protocols()), settings.clientAuth().name().toLowerCase(Locale.ROOT),
                settings.reload() == null ? "" : ", reloaded when changed (checked every " + settings.reload() + ")");
    }

    /** Loads the key material and derives the engine parameters; logs what deserves a warning. */
    static TlsWrapper.ServerContext build(TlsSettings settings, String prefix) {
        KeyMaterial.Loaded loaded = KeyMaterial.load(settings, prefix);
        for (String warning : loaded.warnings()) {
            LOG.warn("{}", warning);
        }
        return new TlsWrapper.ServerContext(loaded.context(), parameters(settings, loaded.context(), prefix));
    }

    static SSLParameters parameters(TlsSettings settings, SSLContext context, String prefix) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(settings.protocols().toArray(new String[0]));
        List<String> suites;
        if (settings.cipherSuites() != null) {
            Set<String> supported = Set.of(context.getSupportedSSLParameters().getCipherSuites());
            for (String suite : settings.cipherSuites()) {
                if (!supported.contains(suite)) {
                    throw new ConfigException(prefix + ".cipherSuites", "'" + suite
                            + "' is not a cipher suite this JDK supports (names as in TLS_AES_128_GCM_SHA256)");
                }
            }
            suites = settings.cipherSuites();
        } else {
            suites = Arrays.stream(parameters.getCipherSuites()).filter(s -> !weak(s)).toList();
        }
        parameters.setCipherSuites(suites.toArray(new String[0]));
        parameters.setUseCipherSuitesOrder(true);
        switch (settings.clientAuth()) {
            case NEED -> parameters.setNeedClientAuth(true);
            case WANT -> parameters.setWantClientAuth(true);
            default -> parameters.setNeedClientAuth(false);
        }
        return parameters;
    }

    /**
     * {@return whether a cipher suite is one the JDK may still enable but a server should not offer by
     * default}: no forward secrecy (static RSA or DH key exchange), no authentication, no or broken
     * encryption, and CBC modes. Without CBC, TLS 1.2 is left with AEAD suites only, as in Mozilla's
     * "intermediate" profile, which is also what HTTP/2 requires of TLS 1.2 (RFC 9113 section 9.2.2).
     */
    static boolean weak(String suite) {
        return suite.startsWith("SSL_") || suite.startsWith("TLS_RSA_") || suite.startsWith("TLS_DH_")
                || suite.startsWith("TLS_ECDH_") || suite.contains("_anon_") || suite.contains("NULL")
                || suite.contains("EXPORT") || suite.contains("_RC4_") || suite.contains("_DES_")
                || suite.contains("3DES") || suite.contains("DES40") || suite.endsWith("_MD5")
                || suite.contains("_CBC_");
    }

    /** Reads and checks the section; every key the extension accepts is read here. */
    static TlsSettings read(Config config, Path base) {
        String prefix = config.path().isEmpty() ? "tls" : config.path();
        Path certificate = path(config, "certificate", base);
        Path privateKey = path(config, "privateKey", base);
        Path keyStore = path(config, "keyStore", base);
        if (config.bool("selfSigned", false)) {
            if (certificate != null || privateKey != null || keyStore != null || config.has("reload")) {
                throw new ConfigException(prefix + ".selfSigned", "a self-signed certificate made at start replaces"
                        + " certificate, privateKey, keyStore and reload: set one or the other");
            }
            List<String> names = config.strings("selfSignedNames", List.of("localhost"));
            if (names.isEmpty() || names.stream().anyMatch(n -> !n.matches("[A-Za-z0-9.*-]{1,253}"))) {
                throw new ConfigException(prefix + ".selfSignedNames", "expected DNS names such as \"localhost\"");
            }
            try {
                Path[] made = SelfSigned.writePem(names);
                certificate = made[0];
                privateKey = made[1];
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw new ConfigException(prefix + ".selfSigned", "could not make a self-signed certificate: " + e);
            }
            LOG.warn("tls: serving a self-signed certificate made at start for {} (and 127.0.0.1, ::1): for"
                    + " development only; clients must be told to trust it (curl -k)", names);
        } else if (config.has("selfSignedNames")) {
            throw new ConfigException(prefix + ".selfSignedNames", "applies with selfSigned: true");
        }
        String keyStorePassword = config.string("keyStorePassword", "");
        String keyStoreType = config.string("keyStoreType", "PKCS12");
        String keyAlias = config.string("keyAlias", null);
        List<String> listenerList = config.strings("listeners", null);
        List<String> protocols = config.strings("protocols", DEFAULT_PROTOCOLS);
        List<String> cipherSuites = config.strings("cipherSuites", null);
        boolean alpn = config.bool("alpn", true);
        String clientAuthText = config.string("clientAuth", "none");
        Path trustStore = path(config, "trustStore", base);
        String trustStorePassword = config.string("trustStorePassword", null);
        String trustStoreType = config.string("trustStoreType", "PKCS12");
        Duration reload = config.duration("reload", null);
        List<TlsSettings.PemPair> more = new ArrayList<>();
        List<Config> extra = config.sections("certificates");
        for (int i = 0; i < extra.size(); i++) {
            Config entry = extra.get(i);
            String entryKey = entry.path().isEmpty() ? prefix + ".certificates[" + i + "]" : entry.path();
            Path entryCertificate = path(entry, "certificate", base);
            Path entryPrivateKey = path(entry, "privateKey", base);
            if (entryCertificate == null || entryPrivateKey == null) {
                throw new ConfigException(entryKey + (entryCertificate == null ? ".certificate" : ".privateKey"),
                        "each entry of certificates needs a certificate and a privateKey (PEM files)");
            }
            more.add(new TlsSettings.PemPair(entryCertificate, entryPrivateKey, entryKey));
        }

        if (keyStore != null && (certificate != null || privateKey != null)) {
            throw new ConfigException(prefix + ".keyStore", "set either keyStore or certificate and privateKey, not both");
        }
        if (keyStore == null && !(more.size() > 0 && certificate == null && privateKey == null)) {
            if (certificate == null && privateKey == null) {
                throw new ConfigException(prefix + ".certificate", "HTTPS needs a certificate and privateKey"
                        + " (PEM files) or a keyStore");
            }
            if (certificate == null) {
                throw new ConfigException(prefix + ".certificate", "a certificate (PEM chain) is required with privateKey");
            }
            if (privateKey == null) {
                throw new ConfigException(prefix + ".privateKey", "a privateKey (PEM) is required with certificate");
            }
            if (config.has("keyStorePassword") || config.has("keyStoreType") || keyAlias != null) {
                throw new ConfigException(prefix + ".keyStore", "keyStorePassword, keyStoreType and keyAlias"
                        + " apply to a keyStore, which is not set");
            }
        }
        Set<String> listeners = null;
        if (listenerList != null) {
            if (listenerList.isEmpty()) {
                throw new ConfigException(prefix + ".listeners", "name at least one listener (or leave the key out"
                        + " for every listener)");
            }
            listeners = Set.copyOf(new LinkedHashSet<>(listenerList));
        }
        if (protocols.isEmpty()) {
            throw new ConfigException(prefix + ".protocols", "expected TLSv1.3 and/or TLSv1.2");
        }
        for (String protocol : protocols) {
            if (!ALLOWED_PROTOCOLS.contains(protocol)) {
                throw new ConfigException(prefix + ".protocols", "'" + protocol
                        + "' is not supported; expected TLSv1.3 and/or TLSv1.2 (older versions are insecure)");
            }
        }
        if (cipherSuites != null && cipherSuites.isEmpty()) {
            throw new ConfigException(prefix + ".cipherSuites", "name at least one cipher suite (or leave the key out"
                    + " for the defaults)");
        }
        TlsSettings.ClientAuth clientAuth = switch (clientAuthText.toLowerCase(Locale.ROOT)) {
            case "none" -> TlsSettings.ClientAuth.NONE;
            case "want" -> TlsSettings.ClientAuth.WANT;
            case "need" -> TlsSettings.ClientAuth.NEED;
            default -> throw new ConfigException(prefix + ".clientAuth", "expected none, want or need");
        };
        if (clientAuth != TlsSettings.ClientAuth.NONE && trustStore == null) {
            throw new ConfigException(prefix + ".trustStore", "required when clientAuth is " + clientAuthText
                    + ": the certificates (PEM or key store) that client certificates must chain to");
        }
        if (reload != null && reload.compareTo(MIN_RELOAD) < 0) {
            throw new ConfigException(prefix + ".reload", "expected a duration of at least 1s, such as 1m");
        }
        return new TlsSettings(certificate, privateKey, keyStore, keyStorePassword, keyStoreType, keyAlias, listeners,
                List.copyOf(new LinkedHashSet<>(protocols)), cipherSuites == null ? null : List.copyOf(cipherSuites),
                alpn, clientAuth, trustStore, trustStorePassword, trustStoreType, reload, List.copyOf(more));
    }

    private static Path path(Config config, String key, Path base) {
        String value = config.string(key, null);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new ConfigException((config.path().isEmpty() ? "tls" : config.path()) + "." + key,
                    "expected a file path");
        }
        try {
            return base.resolve(value).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException((config.path().isEmpty() ? "tls" : config.path()) + "." + key,
                    "not a valid path: " + e.getReason());
        }
    }

    /**
     * Looks at the files every {@code reload} interval and, when their content changed, loads them again;
     * new connections get the new context. A file that does not load is logged and the previous context
     * kept, and is tried again when it next changes.
     */
    static final class Reloader implements AutoCloseable {

        private final TlsSettings settings;
        private final String prefix;
        private final AtomicReference<TlsWrapper.ServerContext> current;
        private volatile boolean stopped;
        private Thread thread;
        private byte[] stamp;

        Reloader(TlsSettings settings, String prefix, AtomicReference<TlsWrapper.ServerContext> current) {
            this.settings = settings;
            this.prefix = prefix;
            this.current = current;
            this.stamp = stamp(settings.files());
        }

        void start() {
            thread = Thread.ofVirtual().name("motor-tls-reload").start(() -> {
                long interval = settings.reload().toNanos();
                while (!stopped) {
                    LockSupport.parkNanos(this, interval);
                    if (!stopped) {
                        check();
                    }
                }
            });
        }

        /** Reloads if the files changed; {@return whether a new context is in use} */
        boolean check() {
            byte[] now = stamp(settings.files());
            if (Arrays.equals(now, stamp)) {
                return false;
            }
            stamp = now;
            try {
                current.set(build(settings, prefix));
                LOG.info("tls: certificate files changed; new connections use the new certificate");
                return true;
            } catch (RuntimeException e) {
                LOG.warn("tls: the changed certificate files cannot be used, keeping the previous certificate: {}",
                        e.getMessage());
                return false;
            }
        }

        /** A digest of the files' contents (missing files count as empty). */
        private static byte[] stamp(List<Path> files) {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            List<String> missing = new ArrayList<>();
            for (Path file : files) {
                try {
                    digest.update(Files.readAllBytes(file));
                } catch (IOException e) {
                    missing.add(file.toString());
                }
                digest.update((byte) 0);
            }
            digest.update(String.join("\0", missing).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return digest.digest();
        }

        @Override
        public void close() {
            stopped = true;
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
