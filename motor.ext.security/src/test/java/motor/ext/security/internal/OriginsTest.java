package motor.ext.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Origin matching: exact entries in their browser form, {@code null}, {@code *} and hostile near-misses of patterns. */
class OriginsTest {

    @Test
    void exactOriginsAreComparedInTheFormBrowsersSend() {
        Origins origins = Origins.parse(List.of("https://App.Example.com:443/", "http://localhost:3000"));
        assertTrue(origins.allows("https://app.example.com"));
        assertTrue(origins.allows("http://localhost:3000"));
        assertFalse(origins.allows("https://app.example.com:443"), "no browser sends the default port");
        assertFalse(origins.allows("HTTPS://APP.EXAMPLE.COM"), "no browser sends upper case");
        assertFalse(origins.allows("http://app.example.com"), "another scheme is another origin");
        assertFalse(origins.allows("https://app.example.com.evil.net"));
        assertFalse(origins.allows("https://app.example.com/"));
        assertFalse(origins.allows("http://localhost:30000"));
        assertFalse(origins.allows("null"), "the opaque origin only when listed");
        assertFalse(origins.allows(""));
    }

    @Test
    void canonicalForms() {
        assertEquals("https://example.com", Origins.canonical("HTTPS://EXAMPLE.COM"));
        assertEquals("http://example.com", Origins.canonical("http://example.com:80"));
        assertEquals("http://example.com:8080", Origins.canonical("http://example.com:8080/"));
        assertEquals("http://[::1]:8080", Origins.canonical("http://[::1]:8080"));
        assertEquals("chrome-extension://abcdef", Origins.canonical("chrome-extension://abcdef"));
    }

    @Test
    void nullOriginOnlyWhenListed() {
        Origins origins = Origins.parse(List.of("null"));
        assertTrue(origins.enabled());
        assertTrue(origins.allows("null"));
        assertFalse(origins.allows("https://example.com"));
    }

    @Test
    void wildcardAllowsEveryOrigin() {
        Origins origins = Origins.parse(List.of("*"));
        assertTrue(origins.any());
        assertTrue(origins.allows("https://anything.example"));
        assertThrows(IllegalArgumentException.class, () -> Origins.parse(List.of("*", "https://a.com")));
    }

    @Test
    void subdomainPatternMatchesOnlySubdomains() {
        Origins origins = Origins.parse(List.of("https://*.example.com"));
        assertTrue(origins.allows("https://a.example.com"));
        assertTrue(origins.allows("https://a.b.example.com"));
        assertTrue(origins.allows("https://x-1.example.com"));
        for (String miss : List.of(
                "https://example.com",            // the domain itself is not a subdomain
                "https://evilexample.com",        // no dot before the domain
                "https://example.com.evil.net",   // the domain as a prefix
                "https://a.example.com.evil.net",
                "http://a.example.com",           // another scheme
                "https://a.example.com:8443",     // another port
                "https://a.example.com:443",      // not the browser form
                "https://.example.com",           // empty label
                "https://a..example.com",
                "https://-a.example.com",         // label starting with a hyphen
                "https://A.example.com",          // upper case: not what a browser sends
                "https://a_b.example.com",
                "https://a.example.com.",
                "https://a.example.com/",
                "https://user@a.example.com",
                "https://a.example.com#.example.com",
                "https://evil.net/.example.com",
                "null",
                "")) {
            assertFalse(origins.allows(miss), miss);
        }
    }

    @Test
    void portPatterns() {
        Origins local = Origins.parse(List.of("http://localhost:*"));
        assertTrue(local.allows("http://localhost:3000"));
        assertTrue(local.allows("http://localhost"));
        assertFalse(local.allows("http://localhost:"));
        assertFalse(local.allows("http://localhost:3000x"));
        assertFalse(local.allows("http://localhost:123456"));
        assertFalse(local.allows("http://localhost.evil.net:3000"));
        assertFalse(local.allows("https://localhost:3000"));

        Origins both = Origins.parse(List.of("https://*.example.com:8443"));
        assertTrue(both.allows("https://a.example.com:8443"));
        assertFalse(both.allows("https://a.example.com"));
        assertFalse(both.allows("https://a.example.com:84430"));
        assertFalse(both.allows("https://a.example.com:844"));

        Origins defaultPort = Origins.parse(List.of("https://*.example.com:443"));
        assertTrue(defaultPort.allows("https://a.example.com"));
    }

    @Test
    void badEntriesAreRefused() {
        for (String bad : List.of("example.com", "https://", "https://example.com/path", "https://*.com",
                "https://*", "https://a.*.example.com", "*.example.com", "https://ex*ample.com",
                "https://*.example.com:99999", "https://*.example.com:x", "https://user@example.com",
                "https://example.com?q", "http://[::1]:*", "https://ex\u00e4mple.com")) {
            assertThrows(IllegalArgumentException.class, () -> Origins.parse(List.of(bad)), bad);
        }
    }
}
