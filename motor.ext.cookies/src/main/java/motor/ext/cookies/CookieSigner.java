package motor.ext.cookies;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import motor.spi.Request;

/**
 * Signs cookie values with HMAC-SHA256 so that a client cannot forge or alter them, and verifies them.
 *
 * <p>A signed value is the value, a dot, and the base64url MAC (43 characters) of the cookie's name, an
 * {@code =} and the value: {@code dark.Xq3...}. The name is part of what is signed, so a value signed for
 * one cookie is refused for another. The value itself stays readable: sign what must not be changed, do
 * not put secrets in it.
 *
 * <p>Key rotation: the first key signs, every key verifies. To rotate, put the new key first and keep
 * the old one after it until the cookies it signed have expired, then drop it. Comparisons run in
 * constant time. A value that is unsigned, altered, or signed with a key no longer listed is treated as
 * absent: {@link #verify} and {@link #get} return {@code null}.
 *
 * <p>The cookies extension makes one from its {@code keys} setting and puts it on every request
 * ({@link #of(Request)}); applications may also make their own. Instances are immutable and thread-safe.
 */
public final class CookieSigner {

    /** The request attribute under which the cookies extension puts its signer. */
    public static final String ATTRIBUTE = "motor.ext.cookies.signer";

    /** The fewest bytes a key may have: the output size of SHA-256, as RFC 2104 advises. */
    public static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    /** Base64url of a 32-byte MAC without padding. */
    private static final int SIGNATURE_LENGTH = 43;

    /** One key, with a Mac initialised with it to clone per use. */
    private record Key(SecretKeySpec spec, Mac prototype) {
    }

    private final List<Key> keys;

    /**
     * Creates a signer.
     *
     * @param keys the keys, the signing key first; each at least {@value #MIN_KEY_BYTES} bytes
     * @throws IllegalArgumentException if there is no key or one is too short
     */
    public CookieSigner(List<byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a cookie signer needs at least one key");
        }
        List<Key> list = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            if (key.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException("a cookie signing key needs at least " + MIN_KEY_BYTES + " bytes");
            }
            SecretKeySpec spec = new SecretKeySpec(key, ALGORITHM);
            list.add(new Key(spec, newMac(spec)));
        }
        this.keys = List.copyOf(list);
    }

    /**
     * {@return the signer the cookies extension put on this request, made from its {@code keys} setting}
     *
     * @param request the request
     * @throws IllegalStateException if the cookies extension is not installed
     */
    public static CookieSigner of(Request request) {
        if (request.attributes().get(ATTRIBUTE) instanceof CookieSigner signer) {
            return signer;
        }
        throw new IllegalStateException("no cookie signer on this request; is the cookies extension installed?");
    }

    /**
     * Signs a value for the cookie {@code name}.
     *
     * @param name  the cookie's name
     * @param value the value, cookie-octets (see {@link SetCookie#isCookieValue}) without quotes
     * @return the value with its signature appended
     * @throws IllegalArgumentException if the value is not cookie-octets or is quoted
     */
    public String sign(String name, String value) {
        Objects.requireNonNull(name, "name");
        if (!SetCookie.isCookieValue(value) || value.startsWith("\"")) {
            throw new IllegalArgumentException("a signed cookie value must be unquoted cookie-octets");
        }
        return value + '.' + new String(encode(mac(keys.get(0), name, value)), StandardCharsets.ISO_8859_1);
    }

    /**
     * Returns the cookie with its value signed; every attribute is kept.
     *
     * @param cookie the cookie
     * @return the signed cookie
     */
    public SetCookie sign(SetCookie cookie) {
        return cookie.withValue(sign(cookie.name(), cookie.value()));
    }

    /**
     * Checks a signed value against every key.
     *
     * @param name   the cookie's name
     * @param signed the value as the client sent it
     * @return the value without its signature, or {@code null} if it is unsigned or the signature does not
     *         match any key
     */
    public String verify(String name, String signed) {
        int dot = signed.length() - SIGNATURE_LENGTH - 1;
        if (dot < 0 || signed.charAt(dot) != '.') {
            return null;
        }
        // compared as text, not decoded: base64 decoders ignore the unused low bits of the last character,
        // which would let several spellings of one signature pass
        byte[] given = signed.substring(dot + 1).getBytes(StandardCharsets.ISO_8859_1);
        String value = signed.substring(0, dot);
        if (!SetCookie.isCookieValue(value) || value.startsWith("\"")) {
            // sign() takes nothing else; and a character above 0xFF would reach the MAC as '?', so that
            // another value could borrow the signature of one with a '?' in its place
            return null;
        }
        boolean valid = false;
        for (Key key : keys) {
            // every key is tried, a match or not, so that timing says nothing about which key matched
            valid |= MessageDigest.isEqual(encode(mac(key, name, value)), given);
        }
        return valid ? value : null;
    }

    /**
     * Finds the cookie {@code name} on the request and verifies it. When the client sent several cookies of
     * that name (set for different paths or domains), the first that verifies wins.
     *
     * @param request the request
     * @param name    the cookie's name
     * @return the verified value, or {@code null} if there is none
     */
    public String get(Request request, String name) {
        for (Cookie cookie : Cookies.all(request)) {
            if (cookie.name().equals(name)) {
                String value = verify(name, cookie.value());
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    private static byte[] mac(Key key, String name, String value) {
        Mac mac;
        try {
            mac = (Mac) key.prototype().clone(); // cheaper than getInstance and init; a Mac is not thread-safe
        } catch (CloneNotSupportedException e) {
            mac = newMac(key.spec()); // a provider whose Mac cannot be cloned
        }
        mac.update(name.getBytes(StandardCharsets.ISO_8859_1));
        mac.update((byte) '=');
        return mac.doFinal(value.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] encode(byte[] mac) {
        return Base64.getUrlEncoder().withoutPadding().encode(mac);
    }

    private static Mac newMac(SecretKeySpec spec) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(spec);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
