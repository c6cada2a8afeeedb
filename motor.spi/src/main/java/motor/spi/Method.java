package motor.spi;

/**
 * The request methods of RFC 9110 section 9 and RFC 5789 ({@code PATCH}).
 *
 * <p>Methods are plain case-sensitive {@code String}s throughout the API. The core hands out these very
 * instances for the standard methods, so comparing with {@code equals} is cheap.
 */
public final class Method {

    /** GET. */
    public static final String GET = "GET";
    /** HEAD: GET without content. */
    public static final String HEAD = "HEAD";
    /** POST. */
    public static final String POST = "POST";
    /** PUT. */
    public static final String PUT = "PUT";
    /** DELETE. */
    public static final String DELETE = "DELETE";
    /** CONNECT: a tunnel, authority-form target. */
    public static final String CONNECT = "CONNECT";
    /** OPTIONS. */
    public static final String OPTIONS = "OPTIONS";
    /** TRACE. */
    public static final String TRACE = "TRACE";
    /** PATCH (RFC 5789). */
    public static final String PATCH = "PATCH";

    private Method() {
    }

    /**
     * {@return whether {@code method} is one of the methods named here}
     *
     * @param method a method, case-sensitive
     */
    public static boolean isStandard(String method) {
        return switch (method) {
            case GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH -> true;
            default -> false;
        };
    }
}
