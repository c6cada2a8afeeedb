package motor.ext.tls.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * A self-signed certificate made in memory for development: an EC P-256 key and an X.509 v3 certificate
 * for the given host names and addresses (subject alternative names), signed with SHA-256 with ECDSA.
 * The JDK has no public API to make certificates, so the few DER structures that RFC 5280 requires are
 * written here; the result is parsed back with the JDK's {@link CertificateFactory}, which checks it.
 *
 * <p>Browsers and clients do not trust such a certificate (nobody vouches for it): they must be told to
 * (curl {@code -k} or {@code --cacert}, the JDK client with a trust store holding it). Never for
 * production.
 */
public final class SelfSigned {

    /**
     * The key and its certificate.
     *
     * @param keys        the key pair
     * @param certificate the certificate for the public key, signed by the private one
     */
    public record Result(KeyPair keys, X509Certificate certificate) {
    }

    private static final byte[] OID_EC_WITH_SHA256 = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02};
    private static final byte[] OID_COMMON_NAME = {0x55, 0x04, 0x03};
    private static final byte[] OID_SUBJECT_ALT_NAME = {0x55, 0x1D, 0x11};
    private static final byte[] OID_BASIC_CONSTRAINTS = {0x55, 0x1D, 0x13};
    private static final byte[] OID_KEY_USAGE = {0x55, 0x1D, 0x0F};
    private static final byte[] OID_EXT_KEY_USAGE = {0x55, 0x1D, 0x25};
    private static final byte[] OID_SERVER_AUTH = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01};

    private SelfSigned() {
    }

    /**
     * Makes a key and a certificate valid from an hour ago for {@code validity}.
     *
     * @param names     DNS names, the first also the subject's common name; at least one
     * @param addresses IP addresses the certificate is also for
     * @param validity  how long it is valid
     * @return the key pair and the certificate
     * @throws GeneralSecurityException if the JDK cannot make or sign the key (it always can)
     */
    public static Result create(List<String> names, List<InetAddress> addresses, Duration validity)
            throws GeneralSecurityException {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one name");
        }
        SecureRandom random = new SecureRandom();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair keys = generator.generateKeyPair();

        byte[] serial = new byte[16];
        random.nextBytes(serial);
        serial[0] &= 0x7F; // positive
        serial[0] |= 0x40; // and without a leading zero byte
        Instant from = Instant.now().minus(Duration.ofHours(1));
        Instant to = from.plus(validity).plus(Duration.ofHours(1));
        byte[] algorithm = sequence(tlv(0x06, OID_EC_WITH_SHA256));
        byte[] name = sequence(tlv(0x31, sequence(tlv(0x06, OID_COMMON_NAME),
                tlv(0x0C, names.get(0).getBytes(StandardCharsets.UTF_8)))));

        ByteArrayOutputStream alternatives = new ByteArrayOutputStream();
        for (String dns : names) {
            alternatives.writeBytes(tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII))); // dNSName [2]
        }
        for (InetAddress address : addresses) {
            alternatives.writeBytes(tlv(0x87, address.getAddress())); // iPAddress [7]
        }
        byte[] extensions = sequence(
                extension(OID_BASIC_CONSTRAINTS, true, sequence()),
                // digitalSignature (bit 0): the only use an ECDHE handshake makes of the key
                extension(OID_KEY_USAGE, true, tlv(0x03, new byte[] {0x07, (byte) 0x80})),
                extension(OID_EXT_KEY_USAGE, false, sequence(tlv(0x06, OID_SERVER_AUTH))),
                extension(OID_SUBJECT_ALT_NAME, false, tlv(0x30, alternatives.toByteArray())));

        byte[] tbs = sequence(
                tlv(0xA0, tlv(0x02, new byte[] {2})), // version v3
                tlv(0x02, new BigInteger(1, serial).toByteArray()),
                algorithm,
                name,
                sequence(time(from), time(to)),
                name,
                keys.getPublic().getEncoded(), // SubjectPublicKeyInfo, DER already
                tlv(0xA3, extensions));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate(), random);
        signer.update(tbs);
        byte[] signature = signer.sign(); // the DER SEQUENCE of r and s, as X.509 wants it
        byte[] bitString = new byte[signature.length + 1]; // no unused bits
        System.arraycopy(signature, 0, bitString, 1, signature.length);
        byte[] der = sequence(tbs, algorithm, tlv(0x03, bitString));

        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        certificate.verify(keys.getPublic());
        return new Result(keys, certificate);
    }

    /**
     * Makes a certificate as {@link #create} does and writes it and its key as PEM files (the chain and a
     * PKCS#8 key) into a new folder readable by the owner only, removed when the JVM exits.
     *
     * @param names the DNS names
     * @return the certificate file and the key file
     * @throws java.io.IOException if the files cannot be written
     * @throws GeneralSecurityException if the key cannot be made
     */
    public static java.nio.file.Path[] writePem(List<String> names) throws java.io.IOException, GeneralSecurityException {
        Result made = create(names, List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")),
                Duration.ofDays(30));
        java.nio.file.Path dir;
        try {
            dir = java.nio.file.Files.createTempDirectory("motor-tls-", java.nio.file.attribute.PosixFilePermissions
                    .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            dir = java.nio.file.Files.createTempDirectory("motor-tls-");
        }
        // deleteOnExit runs in the reverse order of registration: the directory first here, so that it is
        // deleted last, once empty
        dir.toFile().deleteOnExit();
        java.nio.file.Path certificate = dir.resolve("self-signed.pem");
        java.nio.file.Path key = dir.resolve("self-signed.key");
        key.toFile().deleteOnExit();
        certificate.toFile().deleteOnExit();
        java.util.Base64.Encoder base64 = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'});
        java.nio.file.Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + base64.encodeToString(made.keys().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        java.nio.file.Files.writeString(certificate, "-----BEGIN CERTIFICATE-----\n"
                + base64.encodeToString(made.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n");
        return new java.nio.file.Path[] {certificate, key};
    }

    private static byte[] extension(byte[] oid, boolean critical, byte[] value) {
        return critical
                ? sequence(tlv(0x06, oid), tlv(0x01, new byte[] {(byte) 0xFF}), tlv(0x04, value))
                : sequence(tlv(0x06, oid), tlv(0x04, value));
    }

    /** UTCTime up to 2049, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5). */
    private static byte[] time(Instant instant) {
        ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
        String digits = String.format("%02d%02d%02d%02d%02d", t.getMonthValue(), t.getDayOfMonth(), t.getHour(),
                t.getMinute(), t.getSecond());
        if (t.getYear() < 2050) {
            return tlv(0x17, (String.format("%02d", t.getYear() % 100) + digits + "Z").getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(0x18, (String.format("%04d", t.getYear()) + digits + "Z").getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        return tlv(0x30, content.toByteArray());
    }

    /** One DER element: tag, definite length, content. */
    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >>> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
