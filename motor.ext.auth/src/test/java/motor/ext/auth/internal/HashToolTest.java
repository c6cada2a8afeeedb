package motor.ext.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import motor.ext.auth.Passwords;
import motor.ext.auth.Tokens;
import org.junit.jupiter.api.Test;

/** The command lines that make password and token hashes. */
class HashToolTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int password(String stdin, String... args) {
        return HashTool.password(args, null, new BufferedReader(new StringReader(stdin)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int token(String stdin, String... args) {
        return HashTool.token(args, new BufferedReader(new StringReader(stdin)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void hashesAPasswordFromStandardInput() {
        assertEquals(0, password("s\u00e9same ouvre-toi\n", "--iterations", "1000"));
        String hash = out().strip();
        assertTrue(hash.startsWith("pbkdf2-sha256$1000$"), hash);
        assertTrue(Passwords.matches(hash, "s\u00e9same ouvre-toi"));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void refusesAnEmptyPasswordAndBadOptions() {
        assertEquals(1, password("\n", "--iterations", "1000"));
        assertEquals(1, password("", "--iterations", "1000"));
        assertEquals(2, password("x\n", "--iterations", "many"));
        assertEquals(2, password("x\n", "--bogus"));
        assertEquals(1, password("x\n", "--iterations", "5"));
        assertEquals("", out());
    }

    @Test
    void generatesATokenAndItsHash() {
        assertEquals(0, token(""));
        String[] lines = out().split("\n");
        assertEquals(2, lines.length);
        String token = lines[0].substring("token: ".length());
        assertEquals("hash:  " + Tokens.hash(token), lines[1]);
    }

    @Test
    void hashesAGivenToken() {
        assertEquals(0, token("abc\n", "--hash"));
        assertEquals("sha256$ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", out().strip());
        assertEquals(1, token("not a token\n", "--hash"));
        assertEquals(2, token("", "--other"));
    }
}
