package motor.ext.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import motor.spi.HttpException;

/**
 * Fuzzing of the credentials parser. In the normal build it runs over the seeds in
 * {@code src/test/resources/motor/ext/auth/CredentialsFuzzTestInputs}; with {@code JAZZER_FUZZ=1} Jazzer
 * explores further. Properties: a field value (bytes read as ISO-8859-1, as the server reads them) either
 * parses or is refused with 400 or 431; what parses is a valid {@link Credentials} whose values hold no
 * control character but tab; and a Basic token that parses either decodes or is refused with 400.
 */
class CredentialsFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void authorization(byte[] input) {
        String value = new String(input, StandardCharsets.ISO_8859_1);
        Credentials credentials;
        try {
            credentials = Credentials.parse(value);
        } catch (HttpException e) {
            assertTrue(e.status() == 400 || e.status() == 431, "status " + e.status());
            return;
        }
        assertEquals(credentials, new Credentials(credentials.scheme(), credentials.token68(), credentials.params()));
        for (String v : credentials.params().values()) {
            assertTrue(v.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff)), "value characters");
        }
        if (credentials.token68() != null) {
            try {
                BasicCredentials basic = BasicCredentials.decode(credentials.token68());
                assertEquals(basic, BasicCredentials.decode(basic.encode()));
            } catch (HttpException e) {
                assertEquals(400, e.status());
            }
        }
    }
}
