package motor.ext.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Objects;
import motor.ext.auth.internal.StrictBase64;
import motor.spi.HttpException;
import motor.spi.Status;

/**
 * A user name and password of the Basic scheme (RFC 7617), decoded from the token68 of
 * {@code Authorization: Basic ...}: base64 of {@code user-id ":" password} in UTF-8 (the charset the
 * Basic challenge asks for). The user name ends at the first colon; the password may hold colons and may
 * be empty. Both are normalised to Unicode NFC, as RFC 7617 section 2.1 asks through RFC 8265, so that a
 * password typed on a system that sends decomposed characters still matches.
 *
 * <p>{@link #toString()} leaves out the password.
 *
 * @param user     the user-id, without a colon
 * @param password the password
 */
public record BasicCredentials(String user, String password) {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if the user name holds a colon
     */
    public BasicCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a Basic user-id cannot hold a colon");
        }
    }

    /**
     * Decodes the token68 of a Basic credential.
     *
     * @param token68 the base64 text after {@code Basic }
     * @return the user name and password
     * @throws HttpException 400 if the token is not canonical base64 (standard alphabet, padded), does not
     *                       decode to UTF-8, has no colon, or holds a control character; the message never
     *                       repeats the token
     */
    public static BasicCredentials decode(String token68) {
        byte[] bytes = StrictBase64.decode(token68);
        if (bytes == null) {
            throw malformed("not valid base64");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("not UTF-8");
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw malformed("no colon between user name and password");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                throw malformed("a control character");
            }
        }
        return new BasicCredentials(nfc(text.substring(0, colon)), nfc(text.substring(colon + 1)));
    }

    /**
     * {@return the token68 that carries these credentials: base64 of their UTF-8 form}
     */
    public String encode() {
        return java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String nfc(String s) {
        return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    private static HttpException malformed(String problem) {
        return new HttpException(Status.BAD_REQUEST, "malformed Basic credentials: " + problem);
    }

    /** {@return the user name; the password is left out} */
    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + ", password=(hidden)]";
    }
}
