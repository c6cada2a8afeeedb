package motor.ext.cookies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** The Set-Cookie builder: what it writes, and everything it refuses. */
class SetCookieTest {

    private static SetCookie.Builder b(String name, String value) {
        return SetCookie.builder(name, value);
    }

    private static void refused(SetCookie.Builder builder, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void defaultsAreSafe() {
        assertEquals("theme=dark; Path=/; HttpOnly; SameSite=Lax", b("theme", "dark").build().headerValue());
    }

    @Test
    void everyAttributeInOrder() {
        SetCookie cookie = b("__Secure-id", "a1").path("/app").domain("example.com").maxAge(Duration.ofHours(1))
                .expires(Instant.parse("1994-11-06T08:49:37Z")).secure(true).sameSite(SameSite.NONE)
                .partitioned(true).build();
        assertEquals("__Secure-id=a1; Path=/app; Domain=example.com; Max-Age=3600; "
                + "Expires=Sun, 06 Nov 1994 08:49:37 GMT; Secure; HttpOnly; SameSite=None; Partitioned",
                cookie.headerValue());
        assertEquals(cookie.headerValue(), cookie.toString());
        assertEquals(cookie, cookie.toBuilder().build());
    }

    @Test
    void attributesCanBeLeftOut() {
        assertEquals("a=b", b("a", "b").path(null).httpOnly(false).sameSite(null).build().headerValue());
        assertEquals("a=b; SameSite=Strict", b("a", "b").path(null).httpOnly(false).sameSite(SameSite.STRICT).build()
                .headerValue());
    }

    @Test
    void expiredDeletes() {
        assertEquals("a=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax",
                b("a", "").expired().build().headerValue());
    }

    @Test
    void maxAgeIsWholeSeconds() {
        assertTrue(b("a", "b").maxAge(Duration.ofMillis(1999)).build().headerValue().contains("Max-Age=1;"));
        refused(b("a", "b").maxAge(Duration.ofSeconds(-1)), "Max-Age");
    }

    @Test
    void expiresIsImfFixdate() {
        DateTimeFormatter rfc1123 = DateTimeFormatter.RFC_1123_DATE_TIME;
        for (String date : new String[] {"1970-01-01T00:00:00Z", "2000-02-29T23:59:59Z", "2026-03-05T04:05:06.789Z",
            "9999-12-31T23:59:59Z"}) {
            Instant instant = Instant.parse(date);
            String header = b("a", "b").expires(instant).build().headerValue();
            String value = header.substring(header.indexOf("Expires=") + 8, header.indexOf("; HttpOnly"));
            assertEquals(29, value.length(), value);
            assertEquals(instant.getEpochSecond(), ZonedDateTime.parse(value, rfc1123).toEpochSecond(), value);
        }
        refused(b("a", "b").expires(Instant.parse("1969-12-31T23:59:59Z")), "Expires");
        refused(b("a", "b").expires(Instant.parse("+10000-01-01T00:00:00Z")), "Expires");
    }

    @Test
    void namesMustBeTokens() {
        for (String name : new String[] {"", "a b", "a;b", "a=b", "a,b", "a\"b", "a(b)", "a/b", "a@b", "a\u00e9",
            "a\u0000", "a\r\nX: y", "[a]", "{a}", "a?b", "a:b", "a\\b"}) {
            assertThrows(IllegalArgumentException.class, () -> b(name, "v").build(), name);
        }
        b("a!#$%&'*+-.^_`|~9", "v").build();
    }

    @Test
    void valuesMustBeCookieOctets() {
        for (String value : new String[] {"a b", "a;b", "a,b", "a\"b", "a\\b", "\u00e9", "a\r\nb", "a\u0000",
            "a\tb", "\"a b\"", "\"", "\"a", "a\u007f"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b("n", value).build(), value);
            if (value.length() > 2) {
                assertFalse(e.getMessage().contains(value), "the message does not repeat the value");
            }
        }
        assertEquals("n=\"quoted\"; Path=/; HttpOnly; SameSite=Lax", b("n", "\"quoted\"").build().headerValue());
        assertEquals("n=\"\"", b("n", "\"\"").path(null).httpOnly(false).sameSite(null).build().headerValue());
        b("n", "!#$%&'()*+-./0123456789:<=>?@AZ[]^_`az{|}~").build();
    }

    @Test
    void sizeLimitsOfBrowsers() {
        b("n", "x".repeat(4095)).build();
        refused(b("n", "x".repeat(4096)), "4096");
        b("n", "v").path("/" + "p".repeat(1023)).build();
        refused(b("n", "v").path("/" + "p".repeat(1024)), "1024");
    }

    @Test
    void pathMustBeSafe() {
        for (String path : new String[] {"", "app", "/a;b", "/a b", "/a\r\nX: y", "/\u00e9", "/a\u0000", "/a\u007f"}) {
            assertThrows(IllegalArgumentException.class, () -> b("n", "v").path(path).build(), path);
        }
        b("n", "v").path("/a/b-c_d.e~f%20g").build();
    }

    @Test
    void domainMustBeAHostName() {
        for (String domain : new String[] {"", ".", "a..b", "a.", "exa mple.com", "a;b", "a:80", "[::1]", "\u00e9.fr",
            "a/b", "x".repeat(64) + ".com"}) {
            assertThrows(IllegalArgumentException.class, () -> b("n", "v").domain(domain).build(), domain);
        }
        b("n", "v").domain(".example.com").build();
        b("n", "v").domain("sub-1.Example.COM").build();
        b("n", "v").domain("127.0.0.1").build();
    }

    @Test
    void sameSiteNoneAndPartitionedNeedSecure() {
        refused(b("n", "v").sameSite(SameSite.NONE), "SameSite=None needs Secure");
        refused(b("n", "v").partitioned(true), "Partitioned needs Secure");
        b("n", "v").sameSite(SameSite.NONE).secure(true).partitioned(true).build();
    }

    @Test
    void prefixRules() {
        refused(b("__Secure-a", "v"), "__Secure-");
        refused(b("__secure-a", "v"), "__Secure-");
        b("__Secure-a", "v").secure(true).path("/x").domain("example.com").build();

        refused(b("__Host-a", "v"), "__Host-");
        refused(b("__Host-a", "v").secure(true).path("/x"), "__Host-");
        refused(b("__Host-a", "v").secure(true).path(null), "__Host-");
        refused(b("__Host-a", "v").secure(true).domain("example.com"), "__Host-");
        refused(b("__HOST-a", "v").path("/"), "__Host-");
        assertEquals("__Host-a=v; Path=/; Secure; HttpOnly; SameSite=Lax", b("__Host-a", "v").secure(true).build()
                .headerValue());
        b("_Host-a", "v").build();
    }

    @Test
    void sameSiteParses() {
        assertEquals(SameSite.LAX, SameSite.parse("lax"));
        assertEquals(SameSite.STRICT, SameSite.parse("Strict"));
        assertEquals(SameSite.NONE, SameSite.parse("NONE"));
        assertThrows(IllegalArgumentException.class, () -> SameSite.parse("sometimes"));
    }

    @Test
    void withValueKeepsAttributes() {
        SetCookie cookie = b("n", "v").secure(true).maxAge(Duration.ofSeconds(5)).build().withValue("w");
        assertEquals("n=w; Path=/; Max-Age=5; Secure; HttpOnly; SameSite=Lax", cookie.headerValue());
        assertThrows(IllegalArgumentException.class, () -> cookie.withValue("a;b"));
    }
}
