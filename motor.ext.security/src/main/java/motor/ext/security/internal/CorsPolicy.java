package motor.ext.security.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import motor.spi.Headers;
import motor.spi.Method;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;

/**
 * CORS for one path prefix, resolved from configuration (the Fetch standard, section "CORS protocol").
 * Immutable; {@link #OFF} when no origin is allowed.
 */
final class CorsPolicy {

    /** No CORS: no headers are added and preflights go to the application. */
    static final CorsPolicy OFF = new CorsPolicy(Origins.NONE, false, Set.of(), false, "", Set.of(), false, "",
            null, null, false);

    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
    static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
    static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
    static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
    static final String MAX_AGE = "Access-Control-Max-Age";
    static final String ALLOW_PRIVATE_NETWORK = "Access-Control-Allow-Private-Network";
    static final String REQUEST_METHOD = "Access-Control-Request-Method";
    static final String REQUEST_HEADERS = "Access-Control-Request-Headers";
    static final String REQUEST_PRIVATE_NETWORK = "Access-Control-Request-Private-Network";

    private final Origins origins;
    private final boolean credentials;
    private final Set<String> methods;
    private final boolean anyMethod;
    private final String methodsValue;
    /** Allowed request header names in lower case. */
    private final Set<String> headers;
    private final boolean anyHeader;
    private final String headersValue;
    private final String exposeValue;
    private final String maxAgeValue;
    private final boolean privateNetwork;

    private CorsPolicy(Origins origins, boolean credentials, Set<String> methods, boolean anyMethod,
                       String methodsValue, Set<String> headers, boolean anyHeader, String headersValue,
                       String exposeValue, String maxAgeValue, boolean privateNetwork) {
        this.origins = origins;
        this.credentials = credentials;
        this.methods = methods;
        this.anyMethod = anyMethod;
        this.methodsValue = methodsValue;
        this.headers = headers;
        this.anyHeader = anyHeader;
        this.headersValue = headersValue;
        this.exposeValue = exposeValue;
        this.maxAgeValue = maxAgeValue;
        this.privateNetwork = privateNetwork;
    }

    /** {@return whether CORS is on: some origin is allowed} */
    boolean enabled() {
        return origins.enabled();
    }

    /**
     * {@return whether the answer depends on the request's {@code Origin}, so that every response needs
     * {@code Vary: Origin}: always, unless every origin gets {@code *}}
     */
    boolean varies() {
        return !origins.any();
    }

    /**
     * {@return the {@code Access-Control-Allow-Origin} value for a request, or null when the origin is not
     * allowed (or absent, unless every origin is)}
     *
     * @param origin the request's single {@code Origin} value, or null
     */
    String allowOrigin(String origin) {
        if (origins.any()) {
            return "*"; // never with credentials: the configuration refuses that pair
        }
        return origin != null && origins.allows(origin) ? origin : null;
    }

    /**
     * Adds the headers of an actual (not preflight) CORS response.
     *
     * @param headers     the response's headers
     * @param allowOrigin what {@link #allowOrigin} returned
     */
    void applyActual(Headers headers, String allowOrigin) {
        if (allowOrigin != null && !headers.contains(ALLOW_ORIGIN)) {
            headers.add(ALLOW_ORIGIN, allowOrigin);
            if (credentials) {
                headers.set(ALLOW_CREDENTIALS, "true");
            }
            if (exposeValue != null && !headers.contains(EXPOSE_HEADERS)) {
                headers.add(EXPOSE_HEADERS, exposeValue);
            }
        }
        if (varies()) {
            addVary(headers, "Origin");
        }
    }

    /** Why a preflight was refused. */
    enum Refusal {
        ORIGIN("origin not allowed"),
        METHOD("method not allowed"),
        HEADERS("request header not allowed");

        final String message;

        Refusal(String message) {
            this.message = message;
        }
    }

    /**
     * Adds the {@code Vary} of a preflight's answer, allowed or not: it depends on the origin and on
     * what was asked.
     *
     * @param headers the answer's headers
     */
    static void varyPreflight(Headers headers) {
        addVary(headers, "Origin");
        addVary(headers, REQUEST_METHOD);
        addVary(headers, REQUEST_HEADERS);
    }

    /**
     * Answers a preflight: fills {@code response} with the CORS headers when the request may go ahead,
     * or tells why not (and then adds nothing, so the browser blocks the request).
     *
     * @param origin          the single {@code Origin} value
     * @param method          the {@code Access-Control-Request-Method} value
     * @param requestHeaders  the {@code Access-Control-Request-Headers} values joined, or null
     * @param privateNetworkAsked whether {@code Access-Control-Request-Private-Network: true} came
     * @param response        headers to add to
     * @return null when allowed, else the reason
     */
    Refusal preflight(String origin, String method, String requestHeaders, boolean privateNetworkAsked,
                      Headers response) {
        String allowOrigin = allowOrigin(origin);
        if (allowOrigin == null) {
            return Refusal.ORIGIN;
        }
        if (!Headers.isToken(method) || !(anyMethod || methods.contains(method) || safelisted(method))) {
            return Refusal.METHOD;
        }
        String requested = null;
        if (requestHeaders != null) {
            StringBuilder list = null;
            int length = requestHeaders.length();
            int start = 0;
            while (start <= length) {
                int comma = requestHeaders.indexOf(',', start);
                int end = comma < 0 ? length : comma;
                String name = requestHeaders.substring(start, end).strip();
                start = end + 1;
                if (name.isEmpty()) {
                    continue;
                }
                if (!Headers.isToken(name)) {
                    return Refusal.HEADERS;
                }
                String lower = name.toLowerCase(Locale.ROOT);
                if (!anyHeader && !headers.contains(lower)) {
                    return Refusal.HEADERS;
                }
                if (list == null) {
                    list = new StringBuilder(length);
                } else {
                    list.append(", ");
                }
                list.append(lower);
            }
            requested = list == null ? null : list.toString();
        }
        response.set(ALLOW_ORIGIN, allowOrigin);
        if (credentials) {
            response.set(ALLOW_CREDENTIALS, "true");
        }
        // with a wildcard, name what was asked: "*" means nothing to a browser when credentials are on
        if (anyMethod || !methodsValue.isEmpty()) {
            response.set(ALLOW_METHODS, anyMethod ? method : methodsValue);
        }
        if (requested != null) {
            response.set(ALLOW_HEADERS, anyHeader ? requested : headersValue);
        }
        if (maxAgeValue != null) {
            response.set(MAX_AGE, maxAgeValue);
        }
        if (privateNetworkAsked && privateNetwork) {
            response.set(ALLOW_PRIVATE_NETWORK, "true");
        }
        return null;
    }

    /** The CORS-safelisted methods, which a preflight never needs to list. */
    private static boolean safelisted(String method) {
        return method.equals(Method.GET) || method.equals(Method.HEAD) || method.equals(Method.POST);
    }

    /**
     * Adds {@code token} to the response's {@code Vary}, keeping one field and what was there, unless it
     * is there already or {@code Vary: *} makes it moot.
     */
    static void addVary(Headers headers, String token) {
        if (headers.containsToken("Vary", token) || headers.containsToken("Vary", "*")) {
            return;
        }
        List<String> present = headers.all("Vary");
        if (present.isEmpty()) {
            headers.add("Vary", token);
            return;
        }
        StringBuilder value = new StringBuilder();
        for (String v : present) {
            String stripped = v.strip();
            if (!stripped.isEmpty()) {
                value.append(stripped).append(", ");
            }
        }
        headers.set("Vary", value.append(token).toString());
    }

    /**
     * The settings of one level while they are read: a copy of the parent's, changed by what the level's
     * own {@code cors} section sets.
     */
    static final class Spec {
        private List<String> origins = List.of();
        private List<String> methods = List.of(Method.GET, Method.HEAD, Method.POST);
        private List<String> headers = List.of("Content-Type");
        private List<String> exposed = List.of();
        private boolean credentials;
        private Duration maxAge = Duration.ofMinutes(10);
        private boolean privateNetwork;

        /** {@return an independent copy} */
        Spec copy() {
            Spec copy = new Spec();
            copy.origins = origins;
            copy.methods = methods;
            copy.headers = headers;
            copy.exposed = exposed;
            copy.credentials = credentials;
            copy.maxAge = maxAge;
            copy.privateNetwork = privateNetwork;
            return copy;
        }

        /**
         * Applies a {@code cors} section, reading every key it accepts.
         *
         * @param section the section; empty when absent
         */
        void read(Config section) {
            origins = section.strings("allowedOrigins", origins);
            methods = section.strings("allowedMethods", methods);
            headers = section.strings("allowedHeaders", headers);
            exposed = section.strings("exposedHeaders", exposed);
            credentials = section.bool("allowCredentials", credentials);
            maxAge = section.duration("maxAge", maxAge);
            privateNetwork = section.bool("allowPrivateNetwork", privateNetwork);
        }

        /**
         * Resolves and checks the settings.
         *
         * @param section the section of the level, for the key paths in messages
         * @return the policy
         * @throws ConfigException when a value or a combination is wrong
         */
        CorsPolicy build(Config section) {
            Origins allowed;
            try {
                allowed = Origins.parse(origins);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(HeaderPolicy.key(section, "allowedOrigins"), e.getMessage());
            }
            if (!allowed.enabled()) {
                return OFF;
            }
            if (allowed.any() && credentials) {
                throw new ConfigException(HeaderPolicy.key(section, "allowCredentials"), "credentials cannot be "
                        + "allowed for every origin (\"*\"): any site could then read its visitors' data; list "
                        + "the origins in allowedOrigins, or patterns such as https://*.example.com");
            }
            boolean anyMethod = wildcard(section, "allowedMethods", methods);
            Set<String> methodSet = new LinkedHashSet<>();
            for (String method : methods) {
                String m = method.strip();
                if (m.equals("*")) {
                    continue;
                }
                if (!Headers.isToken(m)) {
                    throw new ConfigException(HeaderPolicy.key(section, "allowedMethods"), "not a method: \"" + m + "\"");
                }
                String upper = m.toUpperCase(Locale.ROOT);
                if (!upper.equals(m) && Method.isStandard(upper)) {
                    throw new ConfigException(HeaderPolicy.key(section, "allowedMethods"), "methods are case-sensitive; "
                            + "write " + upper + ", not " + m);
                }
                methodSet.add(m);
            }
            boolean anyHeader = wildcard(section, "allowedHeaders", headers);
            Set<String> headerSet = names(section, "allowedHeaders", headers);
            boolean anyExposed = wildcard(section, "exposedHeaders", exposed);
            if (anyExposed && credentials) {
                throw new ConfigException(HeaderPolicy.key(section, "exposedHeaders"), "browsers read \"*\" literally "
                        + "when credentials are allowed; list the response headers to expose");
            }
            Set<String> exposedSet = names(section, "exposedHeaders", exposed);
            if (maxAge.isNegative()) {
                throw new ConfigException(HeaderPolicy.key(section, "maxAge"), "expected a duration of 0 or more");
            }
            String headersValue = String.join(", ", spelled(headers));
            String exposeValue = anyExposed ? "*" : exposedSet.isEmpty() ? null : String.join(", ", spelled(exposed));
            return new CorsPolicy(allowed, credentials, Set.copyOf(methodSet), anyMethod, String.join(", ", methodSet),
                    Set.copyOf(headerSet), anyHeader, headersValue, exposeValue,
                    Long.toString(maxAge.toSeconds()), privateNetwork);
        }

        private static boolean wildcard(Config section, String key, List<String> values) {
            boolean any = values.stream().anyMatch(v -> v.strip().equals("*"));
            if (any && values.size() > 1) {
                throw new ConfigException(HeaderPolicy.key(section, key), "\"*\" must be the only entry");
            }
            return any;
        }

        /** Checks header names and returns them in lower case, for case-insensitive comparison. */
        private static Set<String> names(Config section, String key, List<String> values) {
            Set<String> set = new HashSet<>();
            for (String value : values) {
                String name = value.strip();
                if (name.equals("*")) {
                    continue;
                }
                if (!Headers.isToken(name)) {
                    throw new ConfigException(HeaderPolicy.key(section, key), "not a header name: \"" + name + "\"");
                }
                set.add(name.toLowerCase(Locale.ROOT));
            }
            return set;
        }

        private static List<String> spelled(List<String> values) {
            return values.stream().map(String::strip).filter(v -> !v.equals("*")).distinct().toList();
        }
    }
}
