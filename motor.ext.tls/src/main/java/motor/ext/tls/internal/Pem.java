package motor.ext.tls.internal;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM files (RFC 7468) as web servers meet them: certificate chains ({@code fullchain.pem}) and private
 * keys in PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY})
 * form. The last two are wrapped into PKCS#8 here, since that is what the JDK's key factories read.
 * Text outside the blocks is ignored, as RFC 7468 allows; a block's base64 must be strictly valid.
 * Encrypted keys are refused with a message that says how to decrypt them.
 *
 * <p>Errors are {@link IllegalArgumentException}s whose message says what is wrong without quoting the
 * file's content (it may be a secret); the caller adds the setting and the file name.
 */
public final class Pem {

    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String RSASSA_PSS = "1.2.840.113549.1.1.10";
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    private static final String DSA = "1.2.840.10040.4.1";
    private static final String ED25519 = "1.3.101.112";
    private static final String ED448 = "1.3.101.113";

    /** The largest block we decode; certificate chains and keys are a few kilobytes. */
    private static final int MAX_BLOCK_CHARS = 1 << 20;

    private Pem() {
    }

    /**
     * One {@code -----BEGIN label-----} ... {@code -----END label-----} block.
     *
     * @param label     the label, such as {@code CERTIFICATE}
     * @param der       the decoded content
     * @param encrypted whether RFC 1421 headers say the content is encrypted ({@code Proc-Type: 4,ENCRYPTED})
     */
    public record Block(String label, byte[] der, boolean encrypted) {
    }

    /**
     * Splits PEM text into its blocks.
     *
     * @param text the file's content
     * @return the blocks, in order; empty when there are none
     * @throws IllegalArgumentException if a block is unterminated, mislabelled or not valid base64
     */
    public static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        String label = null;
        StringBuilder body = new StringBuilder();
        boolean encrypted = false;
        boolean inHeaders = false;
        int lineNumber = 0;
        int beginLine = 0;
        for (String raw : text.split("\r\n|\r|\n", -1)) {
            lineNumber++;
            String line = raw.strip();
            if (label == null) {
                if (line.startsWith("-----BEGIN ")) {
                    label = label(line, "-----BEGIN ", lineNumber);
                    body.setLength(0);
                    encrypted = false;
                    inHeaders = true;
                    beginLine = lineNumber;
                } else if (line.startsWith("-----END ")) {
                    throw new IllegalArgumentException("line " + lineNumber + ": END without BEGIN");
                }
                continue;
            }
            if (line.startsWith("-----END ")) {
                String end = label(line, "-----END ", lineNumber);
                if (!end.equals(label)) {
                    throw new IllegalArgumentException("line " + lineNumber + ": the block that began as "
                            + label + " ends as " + end);
                }
                if (body.isEmpty()) {
                    throw new IllegalArgumentException("line " + beginLine + ": the " + label + " block is empty");
                }
                byte[] der;
                try {
                    der = Base64.getDecoder().decode(body.toString());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + beginLine + ": the " + label
                            + " block is not valid base64");
                }
                blocks.add(new Block(label, der, encrypted));
                label = null;
                continue;
            }
            if (line.startsWith("-----BEGIN ")) {
                throw new IllegalArgumentException("line " + lineNumber + ": BEGIN inside the " + label
                        + " block that began on line " + beginLine);
            }
            if (inHeaders && line.indexOf(':') > 0) {
                // RFC 1421 headers, as in OpenSSL's legacy encrypted keys
                if (line.regionMatches(true, 0, "Proc-Type:", 0, 10) && line.toUpperCase().contains("ENCRYPTED")) {
                    encrypted = true;
                }
                continue;
            }
            inHeaders = false;
            body.append(line);
            if (body.length() > MAX_BLOCK_CHARS) {
                throw new IllegalArgumentException("line " + beginLine + ": the " + label + " block is too large");
            }
        }
        if (label != null) {
            throw new IllegalArgumentException("line " + beginLine + ": the " + label + " block has no END line");
        }
        return blocks;
    }

    private static String label(String line, String prefix, int lineNumber) {
        if (!line.endsWith("-----") || line.length() < prefix.length() + 6) {
            throw new IllegalArgumentException("line " + lineNumber + ": malformed PEM boundary");
        }
        String label = line.substring(prefix.length(), line.length() - 5);
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c < 0x21 && c != ' ' || c > 0x7E || c == '-' && (i == 0 || i == label.length() - 1)) {
                throw new IllegalArgumentException("line " + lineNumber + ": malformed PEM label");
            }
        }
        return label;
    }

    /**
     * {@return the certificates of the {@code CERTIFICATE} blocks, in order (leaf first in a chain)}
     *
     * @param blocks the parsed file
     * @throws IllegalArgumentException if there is none or one does not parse
     */
    public static List<X509Certificate> certificates(List<Block> blocks) {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK offers no X.509 certificate factory", e);
        }
        for (Block block : blocks) {
            if (!block.label().equals("CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException | RuntimeException e) {
                throw new IllegalArgumentException("certificate " + (certificates.size() + 1)
                        + " is not a valid X.509 certificate");
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE block found");
        }
        return certificates;
    }

    /**
     * {@return the one private key among the blocks}
     *
     * @param blocks the parsed file; blocks other than keys (such as {@code EC PARAMETERS}) are skipped
     * @throws IllegalArgumentException if there is no key, more than one, an encrypted one, or one that
     *                                  does not parse
     */
    public static PrivateKey privateKey(List<Block> blocks) {
        Block key = null;
        for (Block block : blocks) {
            switch (block.label()) {
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> {
                    if (key != null) {
                        throw new IllegalArgumentException("more than one private key found");
                    }
                    key = block;
                }
                default -> {
                    // certificates, EC PARAMETERS: not ours to read here
                }
            }
        }
        if (key == null) {
            throw new IllegalArgumentException("no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block found");
        }
        if (key.encrypted() || key.label().equals("ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("the private key is encrypted, which is not supported; decrypt it"
                    + " (openssl pkey -in key.pem -out plain.pem) and protect the file with permissions,"
                    + " or use a key store with a password");
        }
        byte[] pkcs8 = switch (key.label()) {
            case "RSA PRIVATE KEY" -> pkcs1ToPkcs8(key.der());
            case "EC PRIVATE KEY" -> sec1ToPkcs8(key.der());
            default -> key.der();
        };
        return decodePkcs8(pkcs8);
    }

    /**
     * Decodes a PKCS#8 {@code PrivateKeyInfo}, choosing the key factory from its algorithm identifier.
     *
     * @param der the encoded key
     * @return the key
     * @throws IllegalArgumentException if it does not parse or its algorithm is not supported
     */
    static PrivateKey decodePkcs8(byte[] der) {
        String algorithm;
        try {
            Der.Element info = Der.expect(der, 0, der.length, Der.SEQUENCE, "a PKCS#8 sequence");
            if (info.end() != der.length) {
                throw new IllegalArgumentException("trailing bytes after the key");
            }
            Der.Element version = Der.expect(der, info.start(), info.end(), Der.INTEGER, "a version");
            Der.Element identifier = Der.expect(der, version.end(), info.end(), Der.SEQUENCE, "an algorithm");
            Der.Element oid = Der.read(der, identifier.start(), identifier.end());
            algorithm = switch (Der.oid(der, oid)) {
                case RSA_ENCRYPTION -> "RSA";
                case RSASSA_PSS -> "RSASSA-PSS";
                case EC_PUBLIC_KEY -> "EC";
                case ED25519 -> "Ed25519";
                case ED448 -> "Ed448";
                case DSA -> "DSA";
                default -> throw new IllegalArgumentException("the key's algorithm (OID " + Der.oid(der, oid)
                        + ") is not supported; use RSA, EC or EdDSA");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the private key is malformed: " + e.getMessage());
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("the " + algorithm + " private key is malformed");
        }
    }

    /**
     * Wraps a PKCS#1 {@code RSAPrivateKey} into PKCS#8.
     *
     * @param pkcs1 the encoded key
     * @return the PKCS#8 encoding
     */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        try {
            Der.Element key = Der.expect(pkcs1, 0, pkcs1.length, Der.SEQUENCE, "an RSAPrivateKey sequence");
            if (key.end() != pkcs1.length) {
                throw new IllegalArgumentException("trailing bytes after the key");
            }
            Der.expect(pkcs1, key.start(), key.end(), Der.INTEGER, "a version");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the RSA private key is malformed: " + e.getMessage());
        }
        byte[] algorithm = Der.encode(Der.SEQUENCE, Der.encodeOid(RSA_ENCRYPTION), new byte[] {Der.NULL, 0});
        return Der.encode(Der.SEQUENCE, new byte[] {Der.INTEGER, 1, 0}, algorithm, Der.encode(Der.OCTET_STRING, pkcs1));
    }

    /**
     * Wraps a SEC1 {@code ECPrivateKey} into PKCS#8, taking the curve from its parameters field.
     *
     * @param sec1 the encoded key
     * @return the PKCS#8 encoding
     */
    static byte[] sec1ToPkcs8(byte[] sec1) {
        byte[] curve = null;
        try {
            Der.Element key = Der.expect(sec1, 0, sec1.length, Der.SEQUENCE, "an ECPrivateKey sequence");
            if (key.end() != sec1.length) {
                throw new IllegalArgumentException("trailing bytes after the key");
            }
            Der.Element version = Der.expect(sec1, key.start(), key.end(), Der.INTEGER, "a version");
            if (version.length() != 1 || sec1[version.start()] != 1) {
                throw new IllegalArgumentException("version 1 expected");
            }
            Der.Element privateKey = Der.expect(sec1, version.end(), key.end(), Der.OCTET_STRING, "the key octets");
            int pos = privateKey.end();
            while (pos < key.end()) {
                Der.Element field = Der.read(sec1, pos, key.end());
                if (field.tag() == Der.CONTEXT_0) {
                    Der.Element oid = Der.read(sec1, field.start(), field.end());
                    Der.oid(sec1, oid); // validates
                    curve = java.util.Arrays.copyOfRange(sec1, field.start(), oid.end());
                }
                pos = field.end();
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the EC private key is malformed: " + e.getMessage());
        }
        if (curve == null) {
            throw new IllegalArgumentException("the EC private key does not name its curve; convert it to PKCS#8"
                    + " (openssl pkcs8 -topk8 -nocrypt -in key.pem -out pkcs8.pem)");
        }
        byte[] algorithm = Der.encode(Der.SEQUENCE, Der.encodeOid(EC_PUBLIC_KEY), curve);
        return Der.encode(Der.SEQUENCE, new byte[] {Der.INTEGER, 1, 0}, algorithm, Der.encode(Der.OCTET_STRING, sec1));
    }
}
