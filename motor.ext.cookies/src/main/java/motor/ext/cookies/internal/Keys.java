package motor.ext.cookies.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import motor.ext.cookies.CookieSigner;
import motor.spi.extension.ConfigException;

/** Reads the {@code cookies.keys} setting, and holds the random key used when it is empty. */
final class Keys {

    private Keys() {
    }

    /** The key of this process, made on first use when no key is configured. */
    private static final class ProcessKey {
        static final byte[] KEY = new byte[CookieSigner.MIN_KEY_BYTES];

        static {
            new SecureRandom().nextBytes(KEY);
        }
    }

    /** {@return the random key of this process: the same for every server in it, lost when it ends} */
    static byte[] processKey() {
        return ProcessKey.KEY.clone();
    }

    /**
     * Turns the configured strings into keys. A string that is base64 (standard or URL alphabet, with or
     * without padding) of at least 32 bytes gives those bytes; otherwise a string of at least 32
     * characters gives its UTF-8 bytes (a long passphrase); anything shorter is refused.
     *
     * @param texts the strings, the signing key first
     * @param key   the setting's full key, for messages
     * @return the keys
     * @throws ConfigException if a key is too short
     */
    static List<byte[]> parse(List<String> texts, String key) {
        List<byte[]> keys = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i).strip();
            byte[] decoded = base64(text);
            if (decoded != null && decoded.length >= CookieSigner.MIN_KEY_BYTES) {
                keys.add(decoded);
            } else if (text.length() >= CookieSigner.MIN_KEY_BYTES) {
                keys.add(text.getBytes(StandardCharsets.UTF_8));
            } else {
                // the message never repeats the key: it is a secret, and messages end up in logs
                throw new ConfigException(key + "[" + i + "]", "expected base64 of at least "
                        + CookieSigner.MIN_KEY_BYTES + " random bytes (openssl rand -base64 32) or a string of at least "
                        + CookieSigner.MIN_KEY_BYTES + " characters");
            }
        }
        return keys;
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException e2) {
                return null;
            }
        }
    }
}
