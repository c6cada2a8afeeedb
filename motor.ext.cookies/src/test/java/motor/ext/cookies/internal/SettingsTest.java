package motor.ext.cookies.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import motor.ext.cookies.SameSite;
import motor.ext.cookies.internal.Fakes.MapConfig;
import motor.spi.extension.ConfigException;
import org.junit.jupiter.api.Test;

/** The settings: defaults, and a clear error naming the key for each wrong value. */
class SettingsTest {

    private static SessionSettings read(Map<String, ?> values) {
        return SessionSettings.read(new MapConfig("cookies.session", values));
    }

    private static void wrong(Map<String, ?> values, String key, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> read(values));
        assertTrue(e.getMessage().startsWith(key), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void defaults() {
        SessionSettings s = read(Map.of());
        assertTrue(s.enabled());
        assertEquals("motor_session", s.cookieName());
        assertEquals("/", s.path());
        assertEquals(null, s.domain());
        assertEquals(SessionSettings.SecureMode.AUTO, s.secure());
        assertEquals(SameSite.LAX, s.sameSite());
        assertEquals(Duration.ofMinutes(30), s.idleTimeout());
        assertEquals(Duration.ofHours(12), s.maxAge());
        assertEquals(10_000, s.maxSessions());
    }

    @Test
    void everySettingIsRead() {
        SessionSettings s = read(Map.of("enabled", false, "cookieName", "sid", "path", "/app", "domain", "example.com",
                "secure", "ALWAYS", "sameSite", "strict", "idleTimeout", Duration.ofMinutes(5), "maxAge",
                Duration.ofHours(1), "maxSessions", 7));
        assertEquals(new SessionSettings(false, "sid", "/app", "example.com", SessionSettings.SecureMode.ALWAYS,
                SameSite.STRICT, Duration.ofMinutes(5), Duration.ofHours(1), 7), s);
    }

    @Test
    void wrongValuesNameTheirKey() {
        wrong(Map.of("secure", "sometimes"), "cookies.session.secure", "auto or always");
        wrong(Map.of("sameSite", "Relaxed"), "cookies.session.sameSite", "Strict, Lax or None");
        wrong(Map.of("idleTimeout", Duration.ZERO), "cookies.session.idleTimeout", "above zero");
        wrong(Map.of("maxAge", Duration.ofSeconds(-1)), "cookies.session.maxAge", "above zero");
        wrong(Map.of("maxSessions", 0), "cookies.session.maxSessions", "1 or more");
        wrong(Map.of("cookieName", "my session"), "cookies.session", "token");
        wrong(Map.of("path", "app"), "cookies.session", "Path must start with '/'");
        wrong(Map.of("domain", "a..b"), "cookies.session", "Domain");
    }

    @Test
    void combinationsBrowsersWouldRejectAreRefusedAtStart() {
        wrong(Map.of("cookieName", "__Host-sid"), "cookies.session", "set secure to always");
        wrong(Map.of("cookieName", "__Secure-sid"), "cookies.session", "set secure to always");
        wrong(Map.of("sameSite", "None"), "cookies.session", "set secure to always");
        wrong(Map.of("cookieName", "__Host-sid", "secure", "always", "path", "/app"), "cookies.session", "__Host-");
        wrong(Map.of("cookieName", "__Host-sid", "secure", "always", "domain", "example.com"), "cookies.session",
                "__Host-");
        read(Map.of("cookieName", "__Host-sid", "secure", "always"));
        read(Map.of("sameSite", "None", "secure", "always"));
    }

    @Test
    void keysFromBase64OrLongText() {
        byte[] random = new byte[32];
        for (int i = 0; i < random.length; i++) {
            random[i] = (byte) (i * 37 + 11);
        }
        String standard = Base64.getEncoder().encodeToString(random);
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String passphrase = "correct horse battery staple, at length";
        List<byte[]> keys = Keys.parse(List.of(standard, url, passphrase), "cookies.keys");
        assertArrayEquals(random, keys.get(0));
        assertArrayEquals(random, keys.get(1));
        assertArrayEquals(passphrase.getBytes(StandardCharsets.UTF_8), keys.get(2));
        assertEquals(List.of(), Keys.parse(List.of(), "cookies.keys"));
        // as documented: text that happens to be base64 of 32 bytes or more is decoded
        String dashed = "a-test-key-that-is-long-enough-to-sign-with";
        assertArrayEquals(Base64.getUrlDecoder().decode(dashed), Keys.parse(List.of(dashed), "k").get(0));
    }

    @Test
    void shortKeysAreRefusedWithoutRepeatingThem() {
        String secret = "hunter2-but-short";
        ConfigException e = assertThrows(ConfigException.class,
                () -> Keys.parse(List.of("x".repeat(40), secret), "cookies.keys"));
        assertTrue(e.getMessage().startsWith("cookies.keys[1]"), e.getMessage());
        assertFalse(e.getMessage().contains(secret), e.getMessage());
        String shortBase64 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThrows(ConfigException.class, () -> Keys.parse(List.of(shortBase64), "cookies.keys"));
    }

    @Test
    void theProcessKeyIsRandomButStable() {
        assertArrayEquals(Keys.processKey(), Keys.processKey());
        assertEquals(32, Keys.processKey().length);
        assertFalse(java.util.Arrays.equals(new byte[32], Keys.processKey()));
    }
}
