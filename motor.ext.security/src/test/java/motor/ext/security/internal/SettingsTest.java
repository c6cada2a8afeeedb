package motor.ext.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import motor.spi.Headers;
import motor.spi.extension.ConfigException;
import org.junit.jupiter.api.Test;

/** The {@code security} section read into policies: defaults, overrides, removal, paths, and refusals. */
class SettingsTest {

    private static final String DEFAULT_CSP =
            "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'; object-src 'none'";

    private static PathTable<Policy> read(Map<String, ?> section) {
        MapConfig config = new MapConfig("security", section);
        PathTable<Policy> table = SecuritySettings.read(config);
        assertEquals(List.of(), config.unread(), "every key given is read");
        return table;
    }

    private static Headers applied(HeaderPolicy policy, boolean secure) {
        Headers headers = new Headers();
        policy.apply(headers, secure);
        return headers;
    }

    @Test
    void defaultsWithAnEmptySection() {
        PathTable<Policy> table = read(Map.of());
        assertFalse(table.hasPrefixes());
        Headers headers = applied(table.root().headers(), false);
        assertEquals(List.of("Content-Security-Policy", DEFAULT_CSP,
                "X-Content-Type-Options", "nosniff",
                "X-Frame-Options", "SAMEORIGIN",
                "Referrer-Policy", "strict-origin-when-cross-origin",
                "Cross-Origin-Opener-Policy", "same-origin",
                "Cross-Origin-Resource-Policy", "same-origin"), table.root().headers().fields());
        assertEquals(6, headers.size(), "no HSTS over plain HTTP, no COEP by default");
        assertNull(headers.first("Strict-Transport-Security"));
        assertNull(headers.first("Cross-Origin-Embedder-Policy"));
        assertEquals("max-age=31536000; includeSubDomains",
                applied(table.root().headers(), true).first("Strict-Transport-Security"));
        assertSame(CorsPolicy.OFF, table.root().cors(), "CORS is off until origins are configured");
    }

    @Test
    void headersTheHandlerSetAreKept() {
        Headers headers = Headers.of("content-security-policy", "default-src 'none'", "X-Frame-Options", "DENY");
        read(Map.of()).root().headers().apply(headers, true);
        assertEquals(List.of("default-src 'none'"), headers.all("Content-Security-Policy"));
        assertEquals(List.of("DENY"), headers.all("X-Frame-Options"));
        assertEquals(1, headers.count("Strict-Transport-Security"));
    }

    @Test
    void eachHeaderCanBeChangedOrRemoved() {
        PathTable<Policy> table = read(Map.of("headers", Map.of(
                "contentSecurityPolicy", "default-src 'none'",
                "frameOptions", "deny",
                "referrerPolicy", "no-referrer, strict-origin-when-cross-origin",
                "crossOriginOpenerPolicy", false,
                "crossOriginResourcePolicy", "",
                "crossOriginEmbedderPolicy", "require-corp",
                "contentSecurityPolicyReportOnly", "default-src 'self'; report-to csp",
                "extra", Map.of("Permissions-Policy", "camera=(), microphone=()"),
                "strictTransportSecurity", Map.of("maxAge", "730d", "includeSubDomains", true, "preload", true))));
        Headers headers = applied(table.root().headers(), true);
        assertEquals("default-src 'none'", headers.first("Content-Security-Policy"));
        assertEquals("DENY", headers.first("X-Frame-Options"));
        assertEquals("no-referrer, strict-origin-when-cross-origin", headers.first("Referrer-Policy"));
        assertFalse(headers.contains("Cross-Origin-Opener-Policy"));
        assertFalse(headers.contains("Cross-Origin-Resource-Policy"));
        assertEquals("require-corp", headers.first("Cross-Origin-Embedder-Policy"));
        assertEquals("default-src 'self'; report-to csp", headers.first("Content-Security-Policy-Report-Only"));
        assertEquals("camera=(), microphone=()", headers.first("Permissions-Policy"));
        assertEquals("max-age=63072000; includeSubDomains; preload", headers.first("Strict-Transport-Security"));
    }

    @Test
    void everythingCanBeTurnedOff() {
        PathTable<Policy> table = read(Map.of("headers", Map.of("enabled", false)));
        assertEquals(0, applied(table.root().headers(), true).size());
        PathTable<Policy> noHsts = read(Map.of("headers", Map.of("strictTransportSecurity", Map.of("enabled", false))));
        assertFalse(applied(noHsts.root().headers(), true).contains("Strict-Transport-Security"));
    }

    @Test
    void pathsInheritFromTheLongestConfiguredPrefix() {
        PathTable<Policy> table = read(Map.of(
                "headers", Map.of("referrerPolicy", "no-referrer"),
                "paths", List.of(
                        Map.of("prefix", "/api/admin", "headers", Map.of("frameOptions", "DENY")),
                        Map.of("prefix", "/api", "headers", Map.of("contentSecurityPolicy", "default-src 'none'"),
                                "cors", Map.of("allowedOrigins", List.of("https://app.example.com"))),
                        Map.of("prefix", "/legacy", "headers", Map.of("enabled", false)))));
        Headers api = applied(table.find(List.of("api", "users")).headers(), false);
        assertEquals("default-src 'none'", api.first("Content-Security-Policy"));
        assertEquals("no-referrer", api.first("Referrer-Policy"), "inherited from the top level");
        assertEquals("SAMEORIGIN", api.first("X-Frame-Options"));
        Policy admin = table.find(List.of("api", "admin", "x"));
        Headers adminHeaders = applied(admin.headers(), false);
        assertEquals("DENY", adminHeaders.first("X-Frame-Options"));
        assertEquals("default-src 'none'", adminHeaders.first("Content-Security-Policy"), "inherited from /api");
        assertTrue(admin.cors().enabled(), "CORS inherited from /api");
        assertEquals(0, applied(table.find(List.of("legacy")).headers(), true).size());
        assertSame(CorsPolicy.OFF, table.find(List.of("other")).cors());
    }

    @Test
    void corsSettingsInheritKeyByKey() {
        PathTable<Policy> table = read(Map.of(
                "cors", Map.of("allowedOrigins", List.of("https://a.example"), "allowCredentials", true),
                "paths", List.of(Map.of("prefix", "/public", "cors", Map.of("allowedOrigins", "*",
                        "allowCredentials", false)), Map.of("prefix", "/closed", "cors", Map.of("allowedOrigins",
                        List.of())))));
        assertEquals("https://a.example", table.root().cors().allowOrigin("https://a.example"));
        assertEquals("*", table.find(List.of("public")).cors().allowOrigin(null));
        assertFalse(table.find(List.of("closed")).cors().enabled());
    }

    @Test
    void wrongValuesNameTheirKey() {
        assertRefused("security.headers.frameOptions", Map.of("headers", Map.of("frameOptions", "ALLOW-FROM https://x")));
        assertRefused("security.headers.contentTypeOptions", Map.of("headers", Map.of("contentTypeOptions", "sniff")));
        assertRefused("security.headers.referrerPolicy", Map.of("headers", Map.of("referrerPolicy", "strict")));
        assertRefused("security.headers.crossOriginOpenerPolicy",
                Map.of("headers", Map.of("crossOriginOpenerPolicy", "same")));
        assertRefused("security.headers.contentSecurityPolicy",
                Map.of("headers", Map.of("contentSecurityPolicy", "default-src 'self'\r\nSet-Cookie: a=b")));
        assertRefused("security.headers.strictTransportSecurity.preload",
                Map.of("headers", Map.of("strictTransportSecurity", Map.of("preload", true, "includeSubDomains", false))));
        assertRefused("security.headers.strictTransportSecurity.preload",
                Map.of("headers", Map.of("strictTransportSecurity", Map.of("preload", true, "maxAge", "30d"))));
        assertRefused("security.headers.extra.Content-Security-Policy",
                Map.of("headers", Map.of("extra", Map.of("Content-Security-Policy", "x"))));
        assertRefused("security.headers.extra.Vary", Map.of("headers", Map.of("extra", Map.of("Vary", "x"))));
        assertRefused("security.headers.extra.Content-Length",
                Map.of("headers", Map.of("extra", Map.of("Content-Length", "1"))));
        assertRefused("security.headers.extra.Bad Name", Map.of("headers", Map.of("extra", Map.of("Bad Name", "x"))));
        assertRefused("security.cors.allowedOrigins", Map.of("cors", Map.of("allowedOrigins", List.of("example.com"))));
        assertRefused("security.cors.allowCredentials",
                Map.of("cors", Map.of("allowedOrigins", "*", "allowCredentials", true)));
        assertRefused("security.cors.exposedHeaders", Map.of("cors", Map.of("allowedOrigins", "https://a.example",
                "allowCredentials", true, "exposedHeaders", "*")));
        assertRefused("security.cors.allowedMethods", Map.of("cors", Map.of("allowedOrigins", "https://a.example",
                "allowedMethods", List.of("put"))));
        assertRefused("security.cors.allowedMethods", Map.of("cors", Map.of("allowedOrigins", "https://a.example",
                "allowedMethods", List.of("*", "GET"))));
        assertRefused("security.cors.allowedHeaders", Map.of("cors", Map.of("allowedOrigins", "https://a.example",
                "allowedHeaders", List.of("x y"))));
        assertRefused("security.cors.maxAge", Map.of("cors", Map.of("allowedOrigins", "https://a.example",
                "maxAge", "PT-5S")));
        assertRefused("security.paths[0].prefix", Map.of("paths", List.of(Map.of("prefix", "api"))));
        assertRefused("security.paths[0].prefix", Map.of("paths", List.of(Map.of("prefix", "/"))));
        assertRefused("security.paths[0].prefix", Map.of("paths", List.of(Map.of())));
        assertRefused("security.paths[1].prefix", Map.of("paths", List.of(Map.of("prefix", "/a"),
                Map.of("prefix", "//a/"))));
        assertRefused("security.paths[0].cors.allowCredentials", Map.of("paths", List.of(Map.of("prefix", "/a",
                "cors", Map.of("allowedOrigins", "*", "allowCredentials", true)))));
    }

    private static void assertRefused(String key, Map<String, ?> section) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SecuritySettings.read(new MapConfig("security", section)), key);
        assertEquals(key, e.key(), e.getMessage());
    }
}
