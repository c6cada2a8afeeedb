package motor.ext.cookies;

import java.util.Objects;

/**
 * One cookie a client sent in a {@code Cookie} header: a name and a value, nothing else (the client sends
 * no attributes back). Names are case-sensitive.
 *
 * @param name  the cookie's name, never empty
 * @param value the cookie's value, without surrounding double quotes; empty when the client sent none
 */
public record Cookie(String name, String value) {

    /**
     * Checks the components.
     *
     * @param name  the name
     * @param value the value
     */
    public Cookie {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
