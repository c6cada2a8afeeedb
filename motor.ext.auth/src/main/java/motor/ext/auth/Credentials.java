package motor.ext.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import motor.ext.auth.internal.AuthorizationParser;
import motor.ext.auth.internal.Syntax;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.spi.Status;

/**
 * The credentials a client sent in {@code Authorization} or {@code Proxy-Authorization}, parsed by the
 * grammar of RFC 9110 section 11.4: an authentication scheme followed by either a {@code token68} (as
 * Basic and Bearer use) or a list of parameters (as Digest uses), or by nothing.
 * <pre>{@code
 * Credentials c = Credentials.parse("Digest username=\"Mufasa\", realm=\"x\", nc=00000001");
 * c.is("digest");           // true: schemes compare without regard to case
 * c.param("USERNAME");      // "Mufasa": names compare without regard to case; quoted-pairs are undone
 * }</pre>
 *
 * <p>{@link #toString()} leaves out the token and the parameter values, so that credentials never reach a
 * log by accident.
 *
 * @param scheme  the authentication scheme as sent, such as {@code Basic}; compare it with {@link #is}
 * @param token68 the token68 after the scheme, padding included, or {@code null} if there is none
 * @param params  the parameters in the order sent, names in lower case, values with quoting undone;
 *                empty when there is a token68 or nothing after the scheme
 */
public record Credentials(String scheme, String token68, Map<String, String> params) {

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException if the scheme is not a token, the token68 not a token68, a parameter
     *                                  name not a token or repeated, or both a token68 and parameters are
     *                                  given
     */
    public Credentials {
        Syntax.checkSchemeAndToken68(scheme, token68, params);
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!Syntax.isToken(e.getKey())) {
                throw new IllegalArgumentException("a parameter name must be a token");
            }
            if (copy.put(Syntax.lower(e.getKey()), Objects.requireNonNull(e.getValue(), "parameter value")) != null) {
                throw new IllegalArgumentException("parameter names must be distinct regardless of case");
            }
        }
        params = copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy);
    }

    /**
     * Parses the value of an {@code Authorization} field.
     *
     * @param value the field value
     * @return the credentials
     * @throws HttpException 400 if the value does not follow RFC 9110 section 11.4 (the message says what
     *                       was wrong and never repeats the value), 431 if it is longer than 64 KiB
     */
    public static Credentials parse(String value) {
        return parse("Authorization", value);
    }

    /**
     * Parses the credentials of a request's {@code Authorization} field.
     *
     * @param request the request
     * @return the credentials, or empty if the request has no {@code Authorization} field
     * @throws HttpException 400 if the field is malformed or sent more than once
     */
    public static Optional<Credentials> authorization(Request request) {
        return of(request.headers(), "Authorization");
    }

    /**
     * Parses the credentials of a request's {@code Proxy-Authorization} field, for a proxy that
     * authenticates its clients (RFC 9110 section 11.7.2; it answers 407 with {@code Proxy-Authenticate}).
     *
     * @param request the request
     * @return the credentials, or empty if the request has no {@code Proxy-Authorization} field
     * @throws HttpException 400 if the field is malformed or sent more than once
     */
    public static Optional<Credentials> proxyAuthorization(Request request) {
        return of(request.headers(), "Proxy-Authorization");
    }

    private static Optional<Credentials> of(Headers headers, String field) {
        List<String> values = headers.all(field);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new HttpException(Status.BAD_REQUEST, "more than one " + field + " header");
        }
        return Optional.of(parse(field, values.get(0)));
    }

    private static Credentials parse(String field, String value) {
        AuthorizationParser.Parsed parsed = AuthorizationParser.parse(field, value);
        return new Credentials(parsed.scheme(), parsed.token68(), parsed.params());
    }

    /**
     * {@return whether these credentials use {@code scheme}, compared without regard to ASCII case}
     *
     * @param scheme a scheme name such as {@code Basic}
     */
    public boolean is(String scheme) {
        return Headers.equalsIgnoreCase(this.scheme, scheme);
    }

    /**
     * {@return the value of a parameter, or {@code null} if it is absent}
     *
     * @param name the parameter name, in any case
     */
    public String param(String name) {
        return params.get(Syntax.lower(name));
    }

    /** {@return the scheme and the parameter names; the token and the parameter values are left out} */
    @Override
    public String toString() {
        return "Credentials[scheme=" + scheme + (token68 != null ? ", token68=(hidden)" : "")
                + (params.isEmpty() ? "" : ", params=" + params.keySet()) + "]";
    }
}
