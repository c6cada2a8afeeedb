package motor.ext.cookies;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import motor.spi.Headers;

/**
 * A cookie to send in a {@code Set-Cookie} response header (RFC 6265 section 4.1, with the
 * {@code SameSite}, {@code Partitioned} and name-prefix rules of RFC 6265bis and CHIPS), checked when it is
 * made so that the header a browser receives is one it will store.
 *
 * <pre>{@code
 * Cookies.set(response, SetCookie.builder("theme", "dark").maxAge(Duration.ofDays(30)).build());
 * // Set-Cookie: theme=dark; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax
 * }</pre>
 *
 * <p>The rules: the name is a token (RFC 9110 section 5.6.2); the value is cookie-octets (visible ASCII
 * other than {@code "}, {@code ,}, {@code ;} and {@code \}), optionally in double quotes; name and value
 * together at most 4096 characters; {@code Path} starts with {@code /} and, like every attribute value,
 * holds no control character, space, {@code ;} or non-ASCII character and has at most 1024 characters;
 * {@code Domain} is a host name (letters, digits, {@code -}, {@code _}, dot-separated, an optional
 * leading dot); {@code Max-Age} is not negative; {@code Expires} lies in the years 1970 to 9999;
 * {@code SameSite=None} and {@code Partitioned} need {@code Secure}; a name starting with
 * {@code __Secure-} needs {@code Secure}, one starting with {@code __Host-} needs {@code Secure},
 * {@code Path=/} and no {@code Domain} (prefixes compare ignoring case, as browsers do). Anything else
 * throws {@link IllegalArgumentException}.
 *
 * @param name        the name
 * @param value       the value, empty for none
 * @param path        the {@code Path} attribute, or {@code null} for none (the browser then uses the
 *                    directory of the request path)
 * @param domain      the {@code Domain} attribute, or {@code null} for a host-only cookie
 * @param maxAge      the {@code Max-Age} attribute, whole seconds are sent; {@code null} for none, zero to
 *                    delete the cookie
 * @param expires     the {@code Expires} attribute, or {@code null} for none
 * @param secure      whether to send {@code Secure}: the browser returns the cookie over https only
 * @param httpOnly    whether to send {@code HttpOnly}: scripts in the page cannot read the cookie
 * @param sameSite    the {@code SameSite} attribute, or {@code null} for none (browsers then assume
 *                    {@code Lax})
 * @param partitioned whether to send {@code Partitioned}: a third-party cookie kept per top-level site
 */
public record SetCookie(String name, String value, String path, String domain, Duration maxAge, Instant expires,
        boolean secure, boolean httpOnly, SameSite sameSite, boolean partitioned) {

    /** The most characters of name and value together that browsers accept (RFC 6265bis 5.7). */
    public static final int MAX_NAME_VALUE_LENGTH = 4096;
    /** The most characters of one attribute value that browsers accept (RFC 6265bis 5.7). */
    public static final int MAX_ATTRIBUTE_LENGTH = 1024;

    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    /**
     * Checks every rule in the class description.
     *
     * @param name        the name
     * @param value       the value
     * @param path        the path
     * @param domain      the domain
     * @param maxAge      the maximum age
     * @param expires     the expiry date
     * @param secure      the Secure flag
     * @param httpOnly    the HttpOnly flag
     * @param sameSite    the SameSite value
     * @param partitioned the Partitioned flag
     * @throws IllegalArgumentException if a rule is broken; the message says which
     */
    public SetCookie {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!Headers.isToken(name)) {
            throw new IllegalArgumentException("a cookie name must be a token (letters, digits and !#$%&'*+-.^_`|~)");
        }
        if (!isCookieValue(value)) {
            throw new IllegalArgumentException("cookie " + name + ": the value may hold only visible ASCII other "
                    + "than '\"', ',', ';' and '\\', optionally in double quotes");
        }
        if (name.length() + value.length() > MAX_NAME_VALUE_LENGTH) {
            throw new IllegalArgumentException("cookie " + name + ": name and value together exceed "
                    + MAX_NAME_VALUE_LENGTH + " characters, which browsers ignore");
        }
        if (path != null) {
            checkAttribute(name, "Path", path);
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("cookie " + name + ": Path must start with '/'");
            }
        }
        if (domain != null) {
            checkAttribute(name, "Domain", domain);
            if (!isDomain(domain)) {
                throw new IllegalArgumentException("cookie " + name + ": Domain must be a host name");
            }
        }
        if (maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException("cookie " + name + ": Max-Age must not be negative; zero deletes");
        }
        if (expires != null && (expires.isBefore(EARLIEST) || expires.isAfter(LATEST))) {
            throw new IllegalArgumentException("cookie " + name + ": Expires must lie in the years 1970 to 9999");
        }
        if (sameSite == SameSite.NONE && !secure) {
            throw new IllegalArgumentException("cookie " + name + ": SameSite=None needs Secure; browsers reject it");
        }
        if (partitioned && !secure) {
            throw new IllegalArgumentException("cookie " + name + ": Partitioned needs Secure; browsers reject it");
        }
        if (hasPrefix(name, "__Secure-") && !secure) {
            throw new IllegalArgumentException("cookie " + name + ": a __Secure- name needs Secure");
        }
        if (hasPrefix(name, "__Host-") && (!secure || !"/".equals(path) || domain != null)) {
            throw new IllegalArgumentException("cookie " + name + ": a __Host- name needs Secure, Path=/ and no Domain");
        }
    }

    /**
     * Starts a cookie with the defaults of {@link Builder}: {@code Path=/}, {@code HttpOnly},
     * {@code SameSite=Lax}, no {@code Secure}, no expiry (the browser keeps it until it closes).
     *
     * @param name  the name, a token
     * @param value the value, cookie-octets
     * @return a builder
     */
    public static Builder builder(String name, String value) {
        return new Builder(name, value);
    }

    /** {@return a builder holding this cookie's values, to make a changed copy} */
    public Builder toBuilder() {
        Builder builder = new Builder(name, value);
        builder.path = path;
        builder.domain = domain;
        builder.maxAge = maxAge;
        builder.expires = expires;
        builder.secure = secure;
        builder.httpOnly = httpOnly;
        builder.sameSite = sameSite;
        builder.partitioned = partitioned;
        return builder;
    }

    /**
     * {@return this cookie with another value, every attribute kept}
     *
     * @param newValue the value, cookie-octets
     */
    public SetCookie withValue(String newValue) {
        return new SetCookie(name, newValue, path, domain, maxAge, expires, secure, httpOnly, sameSite, partitioned);
    }

    /**
     * {@return the value of the {@code Set-Cookie} header}, such as
     * {@code id=a3f; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax}
     */
    public String headerValue() {
        StringBuilder sb = new StringBuilder(name.length() + value.length() + 64);
        sb.append(name).append('=').append(value);
        if (path != null) {
            sb.append("; Path=").append(path);
        }
        if (domain != null) {
            sb.append("; Domain=").append(domain);
        }
        if (maxAge != null) {
            sb.append("; Max-Age=").append(maxAge.getSeconds());
        }
        if (expires != null) {
            sb.append("; Expires=");
            imfFixdate(expires, sb);
        }
        if (secure) {
            sb.append("; Secure");
        }
        if (httpOnly) {
            sb.append("; HttpOnly");
        }
        if (sameSite != null) {
            sb.append("; SameSite=").append(sameSite.attribute());
        }
        if (partitioned) {
            sb.append("; Partitioned");
        }
        return sb.toString();
    }

    /** {@return the same as {@link #headerValue()}} */
    @Override
    public String toString() {
        return headerValue();
    }

    /**
     * Tells whether {@code value} may be sent as a cookie value: cookie-octets, optionally in double
     * quotes (RFC 6265 section 4.1.1).
     *
     * @param value the candidate
     * @return whether it is allowed
     */
    public static boolean isCookieValue(String value) {
        int from = 0;
        int to = value.length();
        if (to >= 2 && value.charAt(0) == '"' && value.charAt(to - 1) == '"') {
            from = 1;
            to--;
        }
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Appends a date in the IMF-fixdate form of RFC 9110 section 5.6.7: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static void imfFixdate(Instant instant, StringBuilder sb) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        sb.append(DAYS[t.getDayOfWeek().getValue() - 1]).append(", ");
        two(t.getDayOfMonth(), sb);
        sb.append(' ').append(MONTHS[t.getMonthValue() - 1]).append(' ');
        sb.append(t.getYear()); // four digits: the constructor keeps years within 1970..9999
        sb.append(' ');
        two(t.getHour(), sb);
        sb.append(':');
        two(t.getMinute(), sb);
        sb.append(':');
        two(t.getSecond(), sb);
        sb.append(" GMT");
    }

    private static void two(int n, StringBuilder sb) {
        sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    private static boolean hasPrefix(String name, String prefix) {
        return name.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static void checkAttribute(String cookie, String attribute, String value) {
        if (value.isEmpty() || value.length() > MAX_ATTRIBUTE_LENGTH) {
            throw new IllegalArgumentException("cookie " + cookie + ": " + attribute + " must have 1 to "
                    + MAX_ATTRIBUTE_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == ';') {
                throw new IllegalArgumentException("cookie " + cookie + ": " + attribute
                        + " may not hold control characters, spaces, ';' or non-ASCII characters");
            }
        }
    }

    /** A host name: dot-separated labels of letters, digits, '-' and '_', with an optional leading dot. */
    private static boolean isDomain(String domain) {
        int start = domain.charAt(0) == '.' ? 1 : 0;
        int labelLength = 0;
        for (int i = start; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labelLength = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_') {
                if (++labelLength > 63) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return labelLength > 0;
    }

    /**
     * Builds a {@link SetCookie}. The defaults lean safe: {@code Path=/} (so that the cookie reaches the
     * whole site, not only the directory of the page that set it), {@code HttpOnly} and
     * {@code SameSite=Lax}. {@code Secure} is off by default because it would keep the cookie from coming
     * back over plain http; turn it on for every site served over https.
     */
    public static final class Builder {

        private final String name;
        private final String value;
        private String path = "/";
        private String domain;
        private Duration maxAge;
        private Instant expires;
        private boolean secure;
        private boolean httpOnly = true;
        private SameSite sameSite = SameSite.LAX;
        private boolean partitioned;

        private Builder(String name, String value) {
            this.name = name;
            this.value = value;
        }

        /**
         * Sets the {@code Path} attribute.
         *
         * @param path a path starting with {@code /}, or {@code null} for none
         * @return this builder
         */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /**
         * Sets the {@code Domain} attribute; without one the cookie goes back to the host that set it only.
         *
         * @param domain a host name such as {@code example.com}, or {@code null} for none
         * @return this builder
         */
        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /**
         * Sets the {@code Max-Age} attribute.
         *
         * @param maxAge how long the browser keeps the cookie; zero deletes it; {@code null} for none
         * @return this builder
         */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        /**
         * Sets the {@code Expires} attribute, for old clients that ignore {@code Max-Age}.
         *
         * @param expires when the cookie expires, or {@code null} for none
         * @return this builder
         */
        public Builder expires(Instant expires) {
            this.expires = expires;
            return this;
        }

        /**
         * Makes the cookie one that deletes a stored cookie of the same name, path and domain:
         * {@code Max-Age=0} and {@code Expires} in 1970.
         *
         * @return this builder
         */
        public Builder expired() {
            this.maxAge = Duration.ZERO;
            this.expires = Instant.EPOCH;
            return this;
        }

        /**
         * Sets whether to send {@code Secure}.
         *
         * @param secure whether the browser may send the cookie back over https only
         * @return this builder
         */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /**
         * Sets whether to send {@code HttpOnly}; on by default.
         *
         * @param httpOnly whether scripts are kept from the cookie
         * @return this builder
         */
        public Builder httpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
            return this;
        }

        /**
         * Sets the {@code SameSite} attribute; {@code Lax} by default.
         *
         * @param sameSite the value, or {@code null} for none
         * @return this builder
         */
        public Builder sameSite(SameSite sameSite) {
            this.sameSite = sameSite;
            return this;
        }

        /**
         * Sets whether to send {@code Partitioned} (CHIPS); needs {@code Secure}.
         *
         * @param partitioned whether the cookie is kept per top-level site
         * @return this builder
         */
        public Builder partitioned(boolean partitioned) {
            this.partitioned = partitioned;
            return this;
        }

        /**
         * {@return the cookie}
         *
         * @throws IllegalArgumentException if a rule of {@link SetCookie} is broken
         */
        public SetCookie build() {
            return new SetCookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite, partitioned);
        }
    }
}
