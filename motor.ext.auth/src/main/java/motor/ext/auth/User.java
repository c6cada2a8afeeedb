package motor.ext.auth;

import java.security.Principal;
import java.util.Objects;

/**
 * A principal the built-in authenticators establish: a name and the scheme that proved it. Handlers find
 * it with {@code request.principal()}.
 *
 * @param name   the user name (Basic) or token name (Bearer)
 * @param scheme the scheme that authenticated it, {@code Basic} or {@code Bearer}
 */
public record User(String name, String scheme) implements Principal {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if either is null
     */
    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scheme, "scheme");
    }

    /** {@return the name, as {@link Principal} asks} */
    @Override
    public String getName() {
        return name;
    }
}
