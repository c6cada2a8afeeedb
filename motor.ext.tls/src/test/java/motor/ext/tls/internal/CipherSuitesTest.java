package motor.ext.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** The default cipher suites: the JDK's, without the weak ones; ALPN selection. */
class CipherSuitesTest {

    @Test
    void weakSuitesAreRecognised() {
        for (String weak : List.of("TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
                "SSL_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_NULL_SHA",
                "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "TLS_DH_anon_WITH_AES_128_GCM_SHA256",
                "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_DES_CBC_SHA",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256")) {
            assertTrue(TlsExtension.weak(weak), weak);
        }
        for (String strong : List.of("TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV")) {
            assertFalse(TlsExtension.weak(strong), strong);
        }
    }

    @Test
    void defaultsKeepTls13AndForwardSecrecy() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        TlsSettings settings = new TlsSettings(null, null, null, "", "PKCS12", null, null, List.of("TLSv1.3", "TLSv1.2"),
                null, true, TlsSettings.ClientAuth.NONE, null, null, "PKCS12", null, List.of());
        Set<String> suites = Set.of(TlsExtension.parameters(settings, context, "tls").getCipherSuites());
        assertTrue(suites.contains("TLS_AES_128_GCM_SHA256"), suites.toString());
        assertTrue(suites.contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), suites.toString());
        assertTrue(suites.stream().noneMatch(TlsExtension::weak), suites.toString());
    }

    @Test
    void alpnPrefersOurOrderAndFallsBackToNothing() {
        List<String> ours = List.of("h2", "http/1.1");
        assertEquals("h2", TlsWrapper.select(ours, List.of("http/1.1", "h2")));
        assertEquals("http/1.1", TlsWrapper.select(ours, List.of("http/1.1")));
        assertEquals("", TlsWrapper.select(ours, List.of("spdy/3", "h3")));
        assertEquals("", TlsWrapper.select(ours, List.of()));
    }

    @Test
    void h2IsPassedOverForTls12SuitesHttp2Forbids() {
        List<String> ours = List.of("h2", "http/1.1");
        List<String> theirs = List.of("h2", "http/1.1");
        assertEquals("http/1.1", TlsWrapper.select(ours, theirs, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"));
        assertEquals("http/1.1", TlsWrapper.select(ours, theirs, "TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256"));
        assertEquals("", TlsWrapper.select(ours, List.of("h2"), "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"));
        assertEquals("h2", TlsWrapper.select(ours, theirs, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        assertEquals("h2", TlsWrapper.select(ours, theirs, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"));
        assertEquals("h2", TlsWrapper.select(ours, theirs, "TLSv1.2", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"));
        assertEquals("h2", TlsWrapper.select(ours, theirs, "TLSv1.3", "TLS_AES_256_GCM_SHA384"));
    }
}
