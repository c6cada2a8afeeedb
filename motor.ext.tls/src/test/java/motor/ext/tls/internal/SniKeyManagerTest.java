package motor.ext.tls.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host names matched against certificates, wildcards included, and the choice without a match. */
class SniKeyManagerTest {

    @TempDir
    Path dir;

    @Test
    void namesMatchExactlyOrByOneWildcardLabel() {
        SniKeyManager.Entry entry = new SniKeyManager.Entry("a", null, new X509Certificate[0],
                List.of("example.org", "*.example.org"));
        assertTrue(entry.isFor("example.org"));
        assertTrue(entry.isFor("www.example.org"));
        assertFalse(entry.isFor("a.b.example.org"), "a wildcard covers one label");
        assertFalse(entry.isFor("example.org.evil.test"));
        assertFalse(entry.isFor("notexample.org"));
        assertFalse(entry.isFor(".example.org"));
    }

    @Test
    void namesComeFromSubjectAlternativeNamesThenTheCommonName() throws Exception {
        Certs.Generated withSan = Certs.generate(dir, "san", "EC", "Host.Example.Test");
        assertEquals(List.of("host.example.test"), SniKeyManager.names(withSan.cert()));
        Certs.Generated local = Certs.generate(dir, "local", "EC", "localhost");
        assertEquals(List.of("localhost"), SniKeyManager.names(local.cert()), "DNS names only, not the IP");
    }

    @Test
    void withoutSniTheFirstCertificateOfTheKeyTypeIsChosen() throws Exception {
        Certs.Generated ec = Certs.generate(dir, "ec", "EC", "ec.example.test");
        Certs.Generated rsa = Certs.generate(dir, "rsa", "RSA", "rsa.example.test");
        SniKeyManager manager = new SniKeyManager(List.of(
                new SniKeyManager.Entry("ec", ec.key(), new X509Certificate[] {ec.cert()}, SniKeyManager.names(ec.cert())),
                new SniKeyManager.Entry("rsa", rsa.key(), new X509Certificate[] {rsa.cert()},
                        SniKeyManager.names(rsa.cert()))));
        assertEquals("ec", manager.chooseEngineServerAlias("EC", null, null));
        assertEquals("rsa", manager.chooseEngineServerAlias("RSA", null, null));
        assertNull(manager.chooseEngineServerAlias("EdDSA", null, null));
        assertArrayEquals(new String[] {"rsa"}, manager.getServerAliases("RSA", null));
        assertEquals(rsa.key(), manager.getPrivateKey("rsa"));
        assertEquals(ec.cert(), manager.getCertificateChain("ec")[0]);
        assertNull(manager.getPrivateKey("other"));
        assertNull(manager.chooseEngineClientAlias(new String[] {"EC"}, null, null));
    }
}
