package motor.ext.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import motor.ext.auth.internal.Syntax;

/**
 * One challenge of a {@code WWW-Authenticate} (or {@code Proxy-Authenticate}) field, RFC 9110 section
 * 11.3: a scheme and either a token68 or parameters. {@link #toString()} gives the field value, with every
 * parameter value written as a quoted-string ({@code "} and {@code \} escaped), the form RFC 9110 requires
 * for {@code realm} and that every client reads for the others:
 * <pre>{@code
 * Challenge.basic("admin area")                       // Basic realm="admin area", charset="UTF-8"
 * Challenge.bearer("api").with("error", "invalid_token")  // Bearer realm="api", error="invalid_token"
 * }</pre>
 * A response that offers several schemes carries one {@code WWW-Authenticate} field per challenge.
 *
 * <p>Parameter values are limited to printable ASCII, spaces and tabs: a realm outside ASCII has no
 * encoding that clients agree on.
 *
 * @param scheme  the authentication scheme, such as {@code Basic}
 * @param token68 a token68 instead of parameters, or {@code null}
 * @param params  the parameters, in the order they are written; names are tokens
 */
public record Challenge(String scheme, String token68, Map<String, String> params) {

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException if the scheme or a parameter name is not a token, a name is repeated
     *                                  (ignoring case), a value holds a control character or a character
     *                                  outside ASCII, the token68 is not one, or both a token68 and
     *                                  parameters are given
     */
    public Challenge {
        Syntax.checkSchemeAndToken68(scheme, token68, params);
        Map<String, String> copy = new LinkedHashMap<>();
        StringBuilder check = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String name = e.getKey();
            if (!Syntax.isToken(name)) {
                throw new IllegalArgumentException("a parameter name must be a token: " + name);
            }
            for (String seen : copy.keySet()) {
                if (seen.equalsIgnoreCase(name)) {
                    throw new IllegalArgumentException("parameter " + name + " is repeated");
                }
            }
            String value = Objects.requireNonNull(e.getValue(), "parameter value");
            check.setLength(0);
            Syntax.quote(value, check);
            copy.put(name, value);
        }
        params = copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy);
    }

    /**
     * A challenge without parameters, such as {@code Negotiate}.
     *
     * @param scheme the scheme
     * @return the challenge
     */
    public static Challenge of(String scheme) {
        return new Challenge(scheme, null, Map.of());
    }

    /**
     * The Basic challenge of RFC 7617: {@code Basic realm="...", charset="UTF-8"}. The charset parameter
     * tells the client to send user names and passwords in UTF-8, which is what the Basic authenticator
     * expects.
     *
     * @param realm the protection space, shown to the user by browsers
     * @return the challenge
     */
    public static Challenge basic(String realm) {
        return of("Basic").with("realm", realm).with("charset", "UTF-8");
    }

    /**
     * The Bearer challenge of RFC 6750: {@code Bearer realm="..."}. Add {@code error},
     * {@code error_description} or {@code scope} with {@link #with}.
     *
     * @param realm the protection space
     * @return the challenge
     */
    public static Challenge bearer(String realm) {
        return of("Bearer").with("realm", realm);
    }

    /**
     * Returns this challenge with a parameter added, or replaced if a parameter of that name (ignoring
     * case) is present already, keeping its place.
     *
     * @param name  a token
     * @param value the value: printable ASCII, spaces and tabs
     * @return the new challenge
     * @throws IllegalArgumentException as the constructor does
     */
    public Challenge with(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>();
        boolean replaced = false;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                next.put(e.getKey(), value);
                replaced = true;
            } else {
                next.put(e.getKey(), e.getValue());
            }
        }
        if (!replaced) {
            next.put(name, value);
        }
        return new Challenge(scheme, token68, next);
    }

    /** {@return the value of the {@code realm} parameter, or {@code null}} */
    public String realm() {
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey().equalsIgnoreCase("realm")) {
                return e.getValue();
            }
        }
        return null;
    }

    /** {@return the challenge as a field value, such as {@code Basic realm="admin area", charset="UTF-8"}} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(scheme);
        if (token68 != null) {
            sb.append(' ').append(token68);
        }
        String separator = " ";
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(separator).append(e.getKey()).append('=');
            Syntax.quote(e.getValue(), sb);
            separator = ", ";
        }
        return sb.toString();
    }
}
