package motor.ext.cookies.internal;

import java.time.Duration;
import java.util.Locale;
import motor.ext.cookies.SameSite;
import motor.ext.cookies.SetCookie;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;

/**
 * The {@code cookies.session} settings, read and checked once at install.
 *
 * @param enabled      whether the session middleware runs
 * @param cookieName   the session cookie's name
 * @param path         its {@code Path}
 * @param domain       its {@code Domain}, or {@code null}
 * @param secure       when it gets {@code Secure}
 * @param sameSite     its {@code SameSite}
 * @param idleTimeout  how long an unused session lives
 * @param maxAge       how long a session lives at most
 * @param maxSessions  the most sessions the in-memory store keeps
 */
public record SessionSettings(boolean enabled, String cookieName, String path, String domain, SecureMode secure,
        SameSite sameSite, Duration idleTimeout, Duration maxAge, int maxSessions) {

    /** When the session cookie is marked {@code Secure}. */
    public enum SecureMode {
        /** When the request came over https. */
        AUTO,
        /** Always: for servers behind a proxy that terminates TLS. */
        ALWAYS
    }

    /** The defaults, as documented in docs/cookies.md. */
    static final String DEFAULT_COOKIE_NAME = "motor_session";
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
    static final Duration DEFAULT_MAX_AGE = Duration.ofHours(12);
    static final int DEFAULT_MAX_SESSIONS = 10_000;

    /**
     * Reads the section, every key of it, whether sessions are enabled or not (so that none is reported
     * unknown).
     *
     * @param section the {@code cookies.session} section
     * @return the settings
     * @throws ConfigException if a value is wrong
     */
    public static SessionSettings read(Config section) {
        boolean enabled = section.bool("enabled", true);
        String cookieName = section.string("cookieName", DEFAULT_COOKIE_NAME);
        String path = section.string("path", "/");
        String domain = section.string("domain", null);
        String secureText = section.string("secure", "auto");
        String sameSiteText = section.string("sameSite", "Lax");
        Duration idleTimeout = section.duration("idleTimeout", DEFAULT_IDLE_TIMEOUT);
        Duration maxAge = section.duration("maxAge", DEFAULT_MAX_AGE);
        int maxSessions = section.integer("maxSessions", DEFAULT_MAX_SESSIONS);

        SecureMode secure = switch (secureText.toLowerCase(Locale.ROOT)) {
            case "auto" -> SecureMode.AUTO;
            case "always" -> SecureMode.ALWAYS;
            default -> throw new ConfigException(key(section, "secure"), "expected auto or always");
        };
        SameSite sameSite;
        try {
            sameSite = SameSite.parse(sameSiteText);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(section, "sameSite"), "expected Strict, Lax or None");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new ConfigException(key(section, "idleTimeout"), "expected a duration above zero");
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new ConfigException(key(section, "maxAge"), "expected a duration above zero");
        }
        if (maxSessions < 1) {
            throw new ConfigException(key(section, "maxSessions"), "expected a whole number of 1 or more");
        }
        SessionSettings settings = new SessionSettings(enabled, cookieName, path, domain, secure, sameSite,
                idleTimeout, maxAge, maxSessions);
        try {
            // the cookie as a plain-http request would get it: every rule of SetCookie checked once, here
            settings.cookie("x", secure == SecureMode.ALWAYS);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(section.path(), e.getMessage() + hint(settings));
        }
        return settings;
    }

    /**
     * Makes the session cookie.
     *
     * @param value  the signed id, or empty to delete the cookie
     * @param secure whether to mark it {@code Secure}
     * @return the cookie; it lives as long as the browser runs, or deletes the stored one
     */
    SetCookie cookie(String value, boolean secure) {
        SetCookie.Builder builder = SetCookie.builder(cookieName, value).path(path).domain(domain).secure(secure)
                .httpOnly(true).sameSite(sameSite);
        if (value.isEmpty()) {
            builder.expired();
        }
        return builder.build();
    }

    /** Suggests secure = always when that alone would make the cookie acceptable. */
    private static String hint(SessionSettings settings) {
        if (settings.secure() == SecureMode.AUTO) {
            try {
                settings.cookie("x", true);
                return " (with secure = auto the cookie lacks Secure over plain http; set secure to always)";
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
        return "";
    }

    private static String key(Config section, String key) {
        return section.path().isEmpty() ? key : section.path() + "." + key;
    }
}
