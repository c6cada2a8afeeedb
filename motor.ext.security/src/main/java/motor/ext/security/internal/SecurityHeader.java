package motor.ext.security.internal;

import java.util.Locale;
import java.util.Set;

/**
 * The security headers with a setting of their own under {@code headers}, with their defaults and the
 * values each accepts. Strict-Transport-Security is configured apart, since it goes out over TLS only.
 */
enum SecurityHeader {

    /**
     * Everything from this origin only ({@code default-src 'self'}), so that an injected
     * {@code <script src=//evil>} or inline script does not run; no {@code <base>} that repoints relative
     * URLs; forms post only here; framing by this origin only (the standard successor to
     * X-Frame-Options); no plugins. Inline scripts and styles are blocked: a page that needs them
     * configures its own policy (nonces or hashes, ideally).
     */
    CONTENT_SECURITY_POLICY("contentSecurityPolicy", "Content-Security-Policy",
            "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'; object-src 'none'",
            null),
    /** A policy that reports without enforcing, for trying one out; off by default. */
    CONTENT_SECURITY_POLICY_REPORT_ONLY("contentSecurityPolicyReportOnly", "Content-Security-Policy-Report-Only",
            null, null),
    /** No MIME sniffing: a text/plain upload is never run as a script or rendered as HTML. */
    CONTENT_TYPE_OPTIONS("contentTypeOptions", "X-Content-Type-Options", "nosniff", Set.of("nosniff")),
    /** Framing by this origin only, for browsers that predate CSP's frame-ancestors. */
    FRAME_OPTIONS("frameOptions", "X-Frame-Options", "SAMEORIGIN", Set.of("DENY", "SAMEORIGIN")),
    /** The full URL only to this origin; only the origin to others over HTTPS; nothing to HTTP. */
    REFERRER_POLICY("referrerPolicy", "Referrer-Policy", "strict-origin-when-cross-origin",
            Set.of("no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin",
                    "same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url")),
    /** A page opened from another origin gets no handle on this window, nor this page on it. */
    CROSS_ORIGIN_OPENER_POLICY("crossOriginOpenerPolicy", "Cross-Origin-Opener-Policy", "same-origin",
            Set.of("same-origin", "same-origin-allow-popups", "noopener-allow-popups", "unsafe-none")),
    /** Other origins cannot load these responses as images, scripts and the like (no-cors loads). */
    CROSS_ORIGIN_RESOURCE_POLICY("crossOriginResourcePolicy", "Cross-Origin-Resource-Policy", "same-origin",
            Set.of("same-origin", "same-site", "cross-origin")),
    /**
     * Off by default: {@code require-corp} makes the browser refuse every cross-origin subresource that
     * does not opt in with CORP or CORS, which breaks pages that embed third-party images, fonts or
     * frames. It is needed only for cross-origin isolation (SharedArrayBuffer, precise timers), together
     * with Cross-Origin-Opener-Policy {@code same-origin}.
     */
    CROSS_ORIGIN_EMBEDDER_POLICY("crossOriginEmbedderPolicy", "Cross-Origin-Embedder-Policy", null,
            Set.of("require-corp", "credentialless", "unsafe-none"));

    private final String key;
    private final String header;
    private final String defaultValue;
    private final Set<String> allowed;

    SecurityHeader(String key, String header, String defaultValue, Set<String> allowed) {
        this.key = key;
        this.header = header;
        this.defaultValue = defaultValue;
        this.allowed = allowed;
    }

    /** {@return the configuration key under {@code headers}} */
    String key() {
        return key;
    }

    /** {@return the header field name} */
    String header() {
        return header;
    }

    /** {@return the value sent when nothing is configured, or null for none} */
    String defaultValue() {
        return defaultValue;
    }

    /**
     * Checks a configured value.
     *
     * @param value the value, stripped, not empty
     * @return the value to send
     * @throws IllegalArgumentException naming what is accepted
     */
    String check(String value) {
        if (allowed == null) {
            return value;
        }
        if (this == REFERRER_POLICY) {
            // a list is allowed: browsers take the last value they understand, so old ones get a fallback
            for (String token : value.split(",")) {
                if (!allowed.contains(token.strip().toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("expected one or more of " + String.join(", ", sorted()));
                }
            }
            return value;
        }
        String canonical = this == FRAME_OPTIONS ? value.toUpperCase(Locale.ROOT) : value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(canonical)) {
            String hint = this == FRAME_OPTIONS && canonical.startsWith("ALLOW-FROM")
                    ? " (ALLOW-FROM is obsolete: use frame-ancestors in contentSecurityPolicy)" : "";
            throw new IllegalArgumentException("expected one of " + String.join(", ", sorted()) + hint);
        }
        return canonical;
    }

    private java.util.List<String> sorted() {
        return allowed.stream().sorted().toList();
    }

    /** {@return the setting for a header name, if it has one, for messages} */
    static SecurityHeader byHeader(String name) {
        for (SecurityHeader h : values()) {
            if (h.header.equalsIgnoreCase(name)) {
                return h;
            }
        }
        return null;
    }
}
