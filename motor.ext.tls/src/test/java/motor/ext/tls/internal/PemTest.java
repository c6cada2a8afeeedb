package motor.ext.tls.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM and key formats, parsed from strings and bytes; malformed and hostile input fails cleanly. */
class PemTest {

    @TempDir
    static Path dir;

    static KeyPair rsa;
    static KeyPair ec;
    static KeyPair ed;
    static Certs.Generated cert;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        rsa = r.generateKeyPair();
        KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
        e.initialize(new ECGenParameterSpec("secp256r1"));
        ec = e.generateKeyPair();
        ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        cert = Certs.generate(dir, "pem", "EC", "pem.test");
    }

    private static PrivateKey key(String text) {
        return Pem.privateKey(Pem.parse(text));
    }

    private static String failure(String text) {
        return assertThrows(IllegalArgumentException.class, () -> key(text)).getMessage();
    }

    @Test
    void pkcs8KeysOfEachAlgorithm() {
        for (KeyPair pair : List.of(rsa, ec, ed)) {
            PrivateKey parsed = key(Certs.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            assertArrayEquals(pair.getPrivate().getEncoded(), parsed.getEncoded());
            assertTrue(KeyMaterial.matches(parsed, pair.getPublic()), pair.getPrivate().getAlgorithm());
        }
    }

    @Test
    void pkcs1RsaKeyIsWrappedIntoPkcs8() {
        byte[] pkcs1 = Certs.innerKey(rsa.getPrivate().getEncoded());
        PrivateKey parsed = key(Certs.pem("RSA PRIVATE KEY", pkcs1));
        assertEquals("RSA", parsed.getAlgorithm());
        assertTrue(KeyMaterial.matches(parsed, rsa.getPublic()));
    }

    @Test
    void sec1EcKeyIsWrappedIntoPkcs8WithItsCurve() {
        byte[] sec1 = Certs.sec1WithCurve(ec.getPrivate().getEncoded());
        // OpenSSL's "ecparam -genkey" writes the parameters first: they are skipped
        String text = Certs.pem("EC PARAMETERS", Der.encodeOid("1.2.840.10045.3.1.7")) + Certs.pem("EC PRIVATE KEY", sec1);
        PrivateKey parsed = key(text);
        assertEquals("EC", parsed.getAlgorithm());
        assertTrue(KeyMaterial.matches(parsed, ec.getPublic()));
    }

    @Test
    void sec1KeyWithoutCurveIsRefusedWithAWayOut() {
        byte[] noCurve = Der.encode(Der.SEQUENCE, new byte[] {Der.INTEGER, 1, 1}, Der.encode(Der.OCTET_STRING, new byte[32]));
        assertTrue(failure(Certs.pem("EC PRIVATE KEY", noCurve)).contains("does not name its curve"));
    }

    @Test
    void wrongKeyDoesNotMatch() throws Exception {
        assertFalse(KeyMaterial.matches(rsa.getPrivate(), ec.getPublic()));
        KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
        e.initialize(new ECGenParameterSpec("secp256r1"));
        assertFalse(KeyMaterial.matches(e.generateKeyPair().getPrivate(), ec.getPublic()));
        assertFalse(KeyMaterial.matches(cert.key(), ec.getPublic()));
        assertTrue(KeyMaterial.matches(cert.key(), cert.cert().getPublicKey()));
    }

    @Test
    void encryptedKeysAreRefusedWithAMessage() {
        assertTrue(failure(Certs.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3})).contains("encrypted"));
        String legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"
                + Base64.getEncoder().encodeToString(new byte[48]) + "\n-----END RSA PRIVATE KEY-----\n";
        assertTrue(failure(legacy).contains("encrypted"));
    }

    @Test
    void textAroundBlocksAndCrlfLineEndingsAreAccepted() {
        String text = "Bag Attributes\r\n    friendlyName: server\r\n" + Certs.pem("PRIVATE KEY", ec.getPrivate().getEncoded())
                .replace("\n", "\r\n") + "trailing words\r\n";
        assertArrayEquals(ec.getPrivate().getEncoded(), key(text).getEncoded());
        String indented = Certs.pem("PRIVATE KEY", ec.getPrivate().getEncoded()).replace("\n", "  \n");
        assertArrayEquals(ec.getPrivate().getEncoded(), key(indented).getEncoded());
    }

    @Test
    void malformedPemIsRefused() {
        String body = Base64.getEncoder().encodeToString(ec.getPrivate().getEncoded());
        assertTrue(failure("-----BEGIN PRIVATE KEY-----\n" + body + "\n").contains("no END line"));
        assertTrue(failure("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n").contains("ends as"));
        assertTrue(failure("-----BEGIN PRIVATE KEY-----\n" + body + "!!\n-----END PRIVATE KEY-----\n").contains("base64"));
        assertTrue(failure("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n").contains("empty"));
        assertTrue(failure("-----END PRIVATE KEY-----\n").contains("END without BEGIN"));
        assertTrue(failure("-----BEGIN PRIVATE KEY-----\n-----BEGIN PRIVATE KEY-----\n").contains("BEGIN inside"));
        assertTrue(failure("-----BEGIN PRIVATE KEY\n" + body + "\n-----END PRIVATE KEY-----\n").contains("boundary"));
        assertTrue(failure("-----BEGIN -PRIVATE-----\n" + body + "\n-----END -PRIVATE-----\n").contains("label"));
        assertTrue(failure("").contains("no PRIVATE KEY"));
        assertTrue(failure(Certs.pem("CERTIFICATE", new byte[] {1})).contains("no PRIVATE KEY"));
        String two = Certs.pem("PRIVATE KEY", ec.getPrivate().getEncoded()) + Certs.pem("PRIVATE KEY", rsa.getPrivate().getEncoded());
        assertTrue(failure(two).contains("more than one"));
        assertTrue(failure(Certs.pem("PRIVATE KEY", "not a key".getBytes())).contains("malformed"));
    }

    @Test
    void messagesNeverQuoteTheKey() {
        byte[] der = ec.getPrivate().getEncoded();
        String body = Base64.getEncoder().encodeToString(der);
        byte[] damaged = der.clone();
        damaged[damaged.length - 40] ^= 0x55;
        for (String text : List.of("-----BEGIN PRIVATE KEY-----\n" + body + "\n",
                "-----BEGIN PRIVATE KEY-----\n" + body + "#\n-----END PRIVATE KEY-----\n",
                Certs.pem("PRIVATE KEY", Arrays.copyOf(der, der.length - 3)),
                Certs.pem("PRIVATE KEY", damaged))) {
            try {
                key(text);
            } catch (IllegalArgumentException e) {
                assertFalse(e.getMessage().contains(body.substring(10, 30)), e.getMessage());
            }
        }
    }

    @Test
    void everyTruncationOfEveryKeyFormFailsCleanly() {
        List<byte[]> forms = List.of(rsa.getPrivate().getEncoded(), ec.getPrivate().getEncoded(),
                ed.getPrivate().getEncoded());
        for (byte[] der : forms) {
            for (int cut = 0; cut < der.length; cut++) {
                byte[] truncated = Arrays.copyOf(der, cut);
                assertThrows(IllegalArgumentException.class, () -> Pem.decodePkcs8(truncated), "cut at " + cut);
            }
        }
        byte[] pkcs1 = Certs.innerKey(rsa.getPrivate().getEncoded());
        byte[] sec1 = Certs.sec1WithCurve(ec.getPrivate().getEncoded());
        for (int cut = 0; cut < pkcs1.length; cut++) {
            byte[] truncated = Arrays.copyOf(pkcs1, cut);
            assertThrows(IllegalArgumentException.class, () -> Pem.decodePkcs8(Pem.pkcs1ToPkcs8(truncated)), "cut at " + cut);
        }
        for (int cut = 0; cut < sec1.length; cut++) {
            byte[] truncated = Arrays.copyOf(sec1, cut);
            assertThrows(IllegalArgumentException.class, () -> Pem.decodePkcs8(Pem.sec1ToPkcs8(truncated)), "cut at " + cut);
        }
    }

    @Test
    void randomAndMutatedBytesFailOnlyWithIllegalArgument() {
        Random random = new Random(20261126);
        byte[] ecKey = ec.getPrivate().getEncoded();
        byte[] sec1 = Certs.sec1WithCurve(ecKey);
        for (int i = 0; i < 3000; i++) {
            byte[] bytes;
            if (i % 3 == 0) {
                bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
            } else {
                bytes = (i % 3 == 1 ? ecKey : sec1).clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            byte[] input = bytes;
            for (Runnable parse : List.<Runnable>of(() -> Pem.decodePkcs8(input), () -> Pem.pkcs1ToPkcs8(input),
                    () -> Pem.decodePkcs8(Pem.sec1ToPkcs8(input)))) {
                try {
                    parse.run();
                } catch (IllegalArgumentException expected) {
                    assertNotNull(expected.getMessage());
                }
            }
        }
    }

    @Test
    void derLengthsAreCheckedAgainstTheirContainer() {
        assertThrows(IllegalArgumentException.class, () -> Der.read(new byte[] {0x30, (byte) 0x84, 0x7f, -1, -1, -1}, 0, 6));
        assertThrows(IllegalArgumentException.class, () -> Der.read(new byte[] {0x30, (byte) 0x80, 0, 0}, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> Der.read(new byte[] {0x1f, 1, 0}, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> Der.read(new byte[] {0x30, 5, 0}, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> Der.read(new byte[] {0x30}, 0, 1));
        assertEquals(new Der.Element(0x30, 2, 1), Der.read(new byte[] {0x30, 1, 0}, 0, 3));
        assertEquals(new Der.Element(0x04, 3, 200), Der.read(Der.encode(0x04, new byte[200]), 0, 203));
        byte[] large = Der.encode(0x04, new byte[70000]);
        assertEquals(70000, Der.read(large, 0, large.length).length());
    }

    @Test
    void objectIdentifiersRoundTrip() {
        for (String oid : List.of("1.2.840.10045.3.1.7", "1.3.101.112", "2.5.4.3", "1.2.840.113549.1.1.1", "2.999.3")) {
            byte[] der = Der.encodeOid(oid);
            assertEquals(oid, Der.oid(der, Der.read(der, 0, der.length)));
        }
        byte[] dangling = {Der.OID, 2, 0x2a, (byte) 0x86};
        assertThrows(IllegalArgumentException.class, () -> Der.oid(dangling, Der.read(dangling, 0, 4)));
    }

    @Test
    void certificatesParseInOrder() throws Exception {
        String chain = "subject=CN=x\n" + Certs.pem("CERTIFICATE", cert.cert().getEncoded())
                + Certs.pem("PRIVATE KEY", ec.getPrivate().getEncoded())
                + Certs.pem("CERTIFICATE", cert.cert().getEncoded());
        assertEquals(List.of(cert.cert(), cert.cert()), Pem.certificates(Pem.parse(chain)));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Pem.certificates(Pem.parse(Certs.pem("PRIVATE KEY", new byte[] {1})))).getMessage()
                .contains("no CERTIFICATE"));
        byte[] damaged = Arrays.copyOf(cert.cert().getEncoded(), 100);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Pem.certificates(Pem.parse(Certs.pem("CERTIFICATE", cert.cert().getEncoded())
                        + Certs.pem("CERTIFICATE", damaged)))).getMessage().contains("certificate 2"));
    }

    @Test
    void expiryIsReportedNotRefused() {
        Instant notAfter = cert.cert().getNotAfter().toInstant();
        assertNull(KeyMaterial.expiry(cert.cert(), Instant.now()));
        assertTrue(KeyMaterial.expiry(cert.cert(), notAfter.plusSeconds(1)).contains("expired"));
        assertTrue(KeyMaterial.expiry(cert.cert(), cert.cert().getNotBefore().toInstant().minusSeconds(1))
                .contains("not valid before"));
    }
}
