package motor.ext.security.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The origins CORS allows, as configured: {@code *} for any, exact origins, {@code null} for the opaque
 * origin, and patterns with a wildcard for subdomains or for the port.
 *
 * <p>Browsers send the serialisation of an origin (HTML's "ASCII serialisation"): a lower-case scheme,
 * {@code ://}, a lower-case host (IDNs in punycode) and a port only when it is not the scheme's default.
 * Configured origins are brought to that form once, at startup, and a request's {@code Origin} must equal
 * one of them exactly, byte for byte: a value no browser would send (upper case, a default port, a path)
 * is simply not allowed. Patterns are matched by hand, label by label, never with a regular expression,
 * so that {@code https://*.example.com} matches {@code https://a.example.com} and
 * {@code https://a.b.example.com} but never {@code https://example.com}, {@code https://evilexample.com},
 * {@code https://example.com.evil.net} or {@code http://a.example.com}.
 */
final class Origins {

    /** Allows nothing: CORS is off. */
    static final Origins NONE = new Origins(false, false, Set.of(), List.of());

    private final boolean any;
    private final boolean opaque;
    private final Set<String> exact;
    private final List<Pattern> patterns;

    private Origins(boolean any, boolean opaque, Set<String> exact, List<Pattern> patterns) {
        this.any = any;
        this.opaque = opaque;
        this.exact = exact;
        this.patterns = patterns;
    }

    /**
     * Reads the configured list.
     *
     * @param entries {@code *} alone, or origins, {@code null} and patterns
     * @return the allowed origins
     * @throws IllegalArgumentException with the problem, if an entry is not an origin
     */
    static Origins parse(List<String> entries) {
        if (entries.isEmpty()) {
            return NONE;
        }
        if (entries.contains("*")) {
            if (entries.size() > 1) {
                throw new IllegalArgumentException("\"*\" allows every origin and must be the only entry");
            }
            return new Origins(true, false, Set.of(), List.of());
        }
        boolean opaque = false;
        Set<String> exact = new HashSet<>();
        List<Pattern> patterns = new ArrayList<>();
        for (String entry : entries) {
            String value = entry.strip();
            if (value.equals("null")) {
                opaque = true;
            } else if (value.indexOf('*') >= 0) {
                patterns.add(Pattern.parse(value));
            } else {
                exact.add(canonical(value));
            }
        }
        return new Origins(false, opaque, Set.copyOf(exact), List.copyOf(patterns));
    }

    /** {@return whether any origin at all is allowed} */
    boolean enabled() {
        return any || opaque || !exact.isEmpty() || !patterns.isEmpty();
    }

    /** {@return whether every origin is allowed, with {@code *}} */
    boolean any() {
        return any;
    }

    /**
     * {@return whether a request's {@code Origin} value is allowed}
     *
     * @param origin the field value, not null
     */
    boolean allows(String origin) {
        if (any) {
            return true;
        }
        if (origin.equals("null")) {
            return opaque;
        }
        if (exact.contains(origin)) {
            return true;
        }
        for (int i = 0, n = patterns.size(); i < n; i++) {
            if (patterns.get(i).matches(origin)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Brings a configured origin to the serialisation browsers send: scheme and host in lower case, the
     * scheme's default port dropped, a trailing {@code /} tolerated.
     */
    static String canonical(String origin) {
        String value = origin.endsWith("/") && !origin.endsWith("//") ? origin.substring(0, origin.length() - 1)
                : origin;
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + origin + "\" is not an origin such as https://example.com");
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty()
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("\"" + origin
                    + "\" is not an origin: write scheme://host or scheme://host:port, without a path");
        }
        if (!host.chars().allMatch(c -> c < 0x80)) {
            throw new IllegalArgumentException("\"" + origin + "\": write an internationalised host name in "
                    + "punycode (xn--...), as browsers send it");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port == defaultPort(scheme)) {
            port = -1;
        }
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port);
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -2;
        };
    }

    /**
     * An origin with a wildcard: {@code scheme://*.domain}, {@code scheme://host:*} or both. The wildcard
     * host part stands for one or more DNS labels; the wildcard port for any port, or none.
     */
    record Pattern(String schemePrefix, String host, boolean anySubdomain, String port, boolean anyPort) {

        static Pattern parse(String text) {
            String pattern = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
            int sep = pattern.indexOf("://");
            if (sep <= 0) {
                throw invalid(text);
            }
            String scheme = pattern.substring(0, sep).toLowerCase(Locale.ROOT);
            for (int i = 0; i < scheme.length(); i++) {
                char c = scheme.charAt(i);
                boolean ok = c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.');
                if (!ok) {
                    throw invalid(text);
                }
            }
            String rest = pattern.substring(sep + 3).toLowerCase(Locale.ROOT);
            String host = rest;
            String port = null;
            boolean anyPort = false;
            int colon = rest.indexOf(':');
            if (colon >= 0) {
                host = rest.substring(0, colon);
                port = rest.substring(colon + 1);
                if (port.equals("*")) {
                    anyPort = true;
                    port = null;
                } else if (!digits(port, 0, port.length())) {
                    throw invalid(text);
                } else {
                    int number = Integer.parseInt(port);
                    if (number < 1 || number > 65535) {
                        throw invalid(text);
                    }
                    port = number == defaultPort(scheme) ? null : Integer.toString(number);
                }
            }
            boolean anySubdomain = host.startsWith("*.");
            if (anySubdomain) {
                host = host.substring(2);
            }
            if (!dnsName(host, 0, host.length()) || anySubdomain && host.indexOf('.') < 0) {
                // "*.com" would allow every site under a top-level domain: refuse that too
                throw invalid(text);
            }
            if (!anySubdomain && !anyPort) {
                throw invalid(text);
            }
            return new Pattern(scheme + "://", host, anySubdomain, port, anyPort);
        }

        private static IllegalArgumentException invalid(String text) {
            return new IllegalArgumentException("\"" + text + "\" is not an origin pattern: a wildcard may only "
                    + "stand for subdomains, as in https://*.example.com, or for the port, as in http://localhost:*");
        }

        /** Tells whether a request's {@code Origin} matches, checking its syntax strictly as it goes. */
        boolean matches(String origin) {
            if (!origin.startsWith(schemePrefix)) {
                return false;
            }
            int hostStart = schemePrefix.length();
            int colon = origin.indexOf(':', hostStart);
            int hostEnd = colon < 0 ? origin.length() : colon;
            if (colon >= 0) {
                if (!digits(origin, colon + 1, origin.length()) || origin.length() - colon - 1 > 5) {
                    return false;
                }
                if (!anyPort && (port == null || !origin.regionMatches(colon + 1, port, 0, port.length())
                        || origin.length() - colon - 1 != port.length())) {
                    return false;
                }
            } else if (!anyPort && port != null) {
                return false;
            }
            if (!anySubdomain) {
                return hostEnd - hostStart == host.length() && origin.startsWith(host, hostStart);
            }
            // at least one label, a dot, then the domain: "a.example.com" for "*.example.com"
            int domainStart = hostEnd - host.length();
            return domainStart - 1 > hostStart
                    && origin.charAt(domainStart - 1) == '.'
                    && origin.startsWith(host, domainStart)
                    && dnsName(origin, hostStart, domainStart - 1);
        }
    }

    private static boolean digits(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Tells whether {@code s[from, to)} is lower-case labels of letters, digits and hyphens joined by dots. */
    static boolean dnsName(String s, int from, int to) {
        if (from >= to || to - from > 253) {
            return false;
        }
        int labelStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == '.') {
                int length = i - labelStart;
                if (length == 0 || length > 63 || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
                    return false;
                }
                labelStart = i + 1;
                continue;
            }
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
