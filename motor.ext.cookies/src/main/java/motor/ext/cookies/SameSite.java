package motor.ext.cookies;

/**
 * The {@code SameSite} attribute of a cookie (RFC 6265bis section 4.1.2.7): whether the browser sends the
 * cookie with requests that another site started.
 */
public enum SameSite {

    /** Only with requests that start on the cookie's own site. */
    STRICT("Strict"),
    /** Also with top-level navigations from other sites (following a link), not with their subrequests. */
    LAX("Lax"),
    /** With every request, cross-site ones included; browsers require {@code Secure} with it. */
    NONE("None");

    private final String attribute;

    SameSite(String attribute) {
        this.attribute = attribute;
    }

    /** {@return the attribute value as it is written: {@code Strict}, {@code Lax} or {@code None}} */
    public String attribute() {
        return attribute;
    }

    /**
     * Reads an attribute value, ignoring case.
     *
     * @param text {@code Strict}, {@code Lax} or {@code None} in any case
     * @return the value
     * @throws IllegalArgumentException if the text is none of them
     */
    public static SameSite parse(String text) {
        for (SameSite value : values()) {
            if (value.attribute.equalsIgnoreCase(text)) {
                return value;
            }
        }
        throw new IllegalArgumentException("SameSite must be Strict, Lax or None");
    }
}
