package motor.ext.security.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import motor.spi.Headers;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;

/**
 * The security headers for one path prefix, resolved from configuration: name and value pairs for every
 * response, and the Strict-Transport-Security value for responses over TLS. Immutable.
 */
final class HeaderPolicy {

    /** One year, the least that HSTS preload lists accept and the usual recommendation. */
    static final long ONE_YEAR = 31_536_000;

    private final String[] names;
    private final String[] values;
    private final String strictTransportSecurity;

    private HeaderPolicy(String[] names, String[] values, String strictTransportSecurity) {
        this.names = names;
        this.values = values;
        this.strictTransportSecurity = strictTransportSecurity;
    }

    /**
     * Adds each header that {@code headers} does not hold yet, so that what a handler set stays.
     *
     * @param headers the response's (or an error's) headers
     * @param secure  whether the request came over TLS, for Strict-Transport-Security
     */
    void apply(Headers headers, boolean secure) {
        for (int i = 0; i < names.length; i++) {
            if (!headers.contains(names[i])) {
                headers.add(names[i], values[i]);
            }
        }
        if (secure && strictTransportSecurity != null && !headers.contains("Strict-Transport-Security")) {
            headers.add("Strict-Transport-Security", strictTransportSecurity);
        }
    }

    /** {@return the headers sent over plain HTTP, as name, value, name, value, ...; for tests and logs} */
    List<String> fields() {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            list.add(names[i]);
            list.add(values[i]);
        }
        return list;
    }

    /** {@return the Strict-Transport-Security value, or null if it is off} */
    String strictTransportSecurity() {
        return strictTransportSecurity;
    }

    /**
     * The settings of one level (the top level or a path prefix) while they are read: a copy of the
     * parent's, changed by what the level's own section sets.
     */
    static final class Spec {
        private boolean enabled = true;
        private final Map<SecurityHeader, String> known = new EnumMap<>(SecurityHeader.class);
        /** Extra headers by lower-case name, as {name, value}. */
        private final Map<String, String[]> extra = new LinkedHashMap<>();
        private boolean hsts = true;
        private long hstsMaxAge = ONE_YEAR;
        private boolean hstsIncludeSubDomains = true;
        private boolean hstsPreload;

        /** {@return the built-in defaults} */
        static Spec defaults() {
            Spec spec = new Spec();
            for (SecurityHeader header : SecurityHeader.values()) {
                if (header.defaultValue() != null) {
                    spec.known.put(header, header.defaultValue());
                }
            }
            return spec;
        }

        /** {@return an independent copy, for a longer prefix to change} */
        Spec copy() {
            Spec copy = new Spec();
            copy.enabled = enabled;
            copy.known.putAll(known);
            copy.extra.putAll(extra);
            copy.hsts = hsts;
            copy.hstsMaxAge = hstsMaxAge;
            copy.hstsIncludeSubDomains = hstsIncludeSubDomains;
            copy.hstsPreload = hstsPreload;
            return copy;
        }

        /**
         * Applies a {@code headers} section, reading every key it accepts.
         *
         * @param section the section; empty when absent
         * @throws ConfigException naming the key and what was expected
         */
        void read(Config section) {
            enabled = section.bool("enabled", enabled);
            for (SecurityHeader header : SecurityHeader.values()) {
                String value = section.string(header.key(), null);
                if (value == null) {
                    continue;
                }
                value = value.strip();
                if (off(value)) {
                    known.remove(header);
                    continue;
                }
                try {
                    known.put(header, checkValue(header.header(), header.check(value)));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(key(section, header.key()), e.getMessage());
                }
            }
            readStrictTransportSecurity(section.section("strictTransportSecurity"));
            Config extras = section.section("extra");
            for (String name : extras.keys()) {
                String value = extras.string(name, null);
                String key = key(extras, name);
                if (!Headers.isToken(name)) {
                    throw new ConfigException(key, "not a valid header field name");
                }
                String managed = managedBy(name);
                if (managed != null) {
                    throw new ConfigException(key, "this header is managed by the extension; " + managed);
                }
                if (value == null) {
                    continue;
                }
                value = value.strip();
                if (off(value)) {
                    extra.remove(name.toLowerCase(Locale.ROOT));
                    continue;
                }
                try {
                    extra.put(name.toLowerCase(Locale.ROOT), new String[] {name, checkValue(name, value)});
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(key, e.getMessage());
                }
            }
        }

        private void readStrictTransportSecurity(Config section) {
            hsts = section.bool("enabled", hsts);
            Duration maxAge = section.duration("maxAge", Duration.ofSeconds(hstsMaxAge));
            if (maxAge.isNegative()) {
                throw new ConfigException(key(section, "maxAge"), "expected a duration of 0 or more, such as 365d");
            }
            hstsMaxAge = maxAge.toSeconds();
            hstsIncludeSubDomains = section.bool("includeSubDomains", hstsIncludeSubDomains);
            hstsPreload = section.bool("preload", hstsPreload);
            if (hsts && hstsPreload && (!hstsIncludeSubDomains || hstsMaxAge < ONE_YEAR)) {
                throw new ConfigException(key(section, "preload"), "preload lists require includeSubDomains and a "
                        + "maxAge of at least 365d");
            }
        }

        /** {@return the policy these settings describe} */
        HeaderPolicy build() {
            if (!enabled) {
                return new HeaderPolicy(new String[0], new String[0], null);
            }
            List<String[]> fields = new ArrayList<>();
            known.forEach((header, value) -> fields.add(new String[] {header.header(), value}));
            fields.addAll(extra.values());
            String[] names = new String[fields.size()];
            String[] values = new String[fields.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = fields.get(i)[0];
                values[i] = fields.get(i)[1];
            }
            String sts = null;
            if (hsts) {
                sts = "max-age=" + hstsMaxAge + (hstsIncludeSubDomains ? "; includeSubDomains" : "")
                        + (hstsPreload ? "; preload" : "");
            }
            return new HeaderPolicy(names, values, sts);
        }
    }

    /** A setting turns a header off with {@code false} or an empty string. */
    static boolean off(String value) {
        return value.isEmpty() || value.equalsIgnoreCase("false");
    }

    static String key(Config section, String key) {
        return section.path().isEmpty() ? key : section.path() + "." + key;
    }

    private static String checkValue(String name, String value) {
        // Headers refuses line breaks and other control characters; ask it, so the rule lives in one place
        new Headers(1).add(name, value);
        return value;
    }

    /** {@return advice when {@code name} is a header the extension or the server sets itself, else null} */
    private static String managedBy(String name) {
        SecurityHeader header = SecurityHeader.byHeader(name);
        if (header != null) {
            return "set it with headers." + header.key();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("strict-transport-security")) {
            return "set it with headers.strictTransportSecurity";
        }
        if (lower.startsWith("access-control-") || lower.equals("vary")) {
            return "CORS sets it; configure the cors section";
        }
        return switch (lower) {
            case "connection", "content-length", "transfer-encoding", "keep-alive", "upgrade", "te", "trailer",
                 "date", "server" -> "the server sets it";
            default -> null;
        };
    }
}
