package motor.ext.tls.internal;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Chooses the server's certificate by the host name the client asked for (SNI), among the configured
 * ones in their order. The JDK's own key managers ask for one key type at a time (EC first, for most
 * clients) and settle for a certificate of that type whose names do not match, so an RSA certificate for
 * the requested host would lose to an EC certificate for another; here a certificate whose names match
 * wins whatever its type. Without SNI, or for a name no certificate has, the first configured
 * certificate of the asked-for type is used.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    /**
     * One configured certificate.
     *
     * @param alias the alias
     * @param key   its private key
     * @param chain its chain, leaf first
     * @param names the DNS names it is for, lower case (wildcards as {@code *.example.org})
     */
    record Entry(String alias, PrivateKey key, X509Certificate[] chain, List<String> names) {

        boolean hasKeyType(String keyType) {
            String algorithm = key.getAlgorithm();
            return algorithm.equalsIgnoreCase(keyType)
                    || keyType.equals("EdDSA") && (algorithm.equals("Ed25519") || algorithm.equals("Ed448"));
        }

        boolean isFor(String host) {
            for (String name : names) {
                if (name.equals(host)) {
                    return true;
                }
                if (name.startsWith("*.")) {
                    int dot = host.indexOf('.');
                    if (dot > 0 && host.substring(dot).equals(name.substring(1))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private final List<Entry> entries;

    SniKeyManager(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** {@return the DNS names of a certificate: its subject alternative names, else its common name} */
    static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (alternative.size() >= 2 && Integer.valueOf(2).equals(alternative.get(0))
                            && alternative.get(1) instanceof String dns) {
                        names.add(dns.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable names: matched by nothing, still the default if first
        }
        if (names.isEmpty()) {
            String subject = certificate.getSubjectX500Principal().getName();
            for (String part : subject.split(",")) {
                if (part.startsWith("CN=")) {
                    names.add(part.substring(3).toLowerCase(Locale.ROOT));
                }
            }
        }
        return List.copyOf(names);
    }

    private String choose(String keyType, SSLSession handshake) {
        String host = requestedHost(handshake);
        if (host != null) {
            boolean named = false;
            for (Entry entry : entries) {
                if (entry.isFor(host)) {
                    if (entry.hasKeyType(keyType)) {
                        return entry.alias();
                    }
                    named = true;
                }
            }
            if (named) {
                return null; // the host's certificate has another key type: the engine asks for that one next
            }
        }
        for (Entry entry : entries) {
            if (entry.hasKeyType(keyType)) {
                return entry.alias();
            }
        }
        return null;
    }

    private static String requestedHost(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name.getType() == StandardConstants.SNI_HOST_NAME && name instanceof SNIHostName host) {
                    return host.getAsciiName().toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return entries.stream().filter(e -> e.hasKeyType(keyType)).map(Entry::alias).toArray(String[]::new);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        for (Entry entry : entries) {
            if (entry.alias().equals(alias)) {
                return entry.chain().clone();
            }
        }
        return null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        for (Entry entry : entries) {
            if (entry.alias().equals(alias)) {
                return entry.key();
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
