package motor.spi;

/**
 * Where handlers are registered by method and path template.
 *
 * <p>A template is a path whose segments are literals, captures or a final wildcard:
 * <ul>
 *   <li>{@code /users} matches exactly that path;</li>
 *   <li>{@code /users/{id}} captures one non-empty segment as the path parameter {@code id};</li>
 *   <li>{@code /files/{path...}} (last segment only) captures the rest of the path, zero or more segments,
 *       joined with {@code /}, as {@code path}.</li>
 * </ul>
 * Literals win over captures, and captures over wildcards, whatever the order of registration. Segments
 * are compared after percent-decoding. A {@code GET} route also answers {@code HEAD} unless a
 * {@code HEAD} route exists; {@code OPTIONS} is answered from the registered methods. A path that matches
 * no template gets 404, a path that matches one without the method gets 405 with {@code Allow}.
 */
public interface Routes {

    /**
     * Registers a handler.
     *
     * @param method  the method, case-sensitive; any token is allowed
     * @param pattern the path template
     * @param handler the handler
     * @return the route, for further settings
     * @throws IllegalArgumentException if the template is malformed, or the method and template are
     *                                  already registered
     */
    Route add(String method, String pattern, Handler handler);

    /**
     * Registers a {@code GET} handler (which also answers {@code HEAD}).
     *
     * @param pattern the path template
     * @param handler the handler
     * @return the route
     */
    default Route get(String pattern, Handler handler) {
        return add(Method.GET, pattern, handler);
    }

    /**
     * Registers a {@code POST} handler.
     *
     * @param pattern the path template
     * @param handler the handler
     * @return the route
     */
    default Route post(String pattern, Handler handler) {
        return add(Method.POST, pattern, handler);
    }

    /**
     * Registers a {@code PUT} handler.
     *
     * @param pattern the path template
     * @param handler the handler
     * @return the route
     */
    default Route put(String pattern, Handler handler) {
        return add(Method.PUT, pattern, handler);
    }

    /**
     * Registers a {@code PATCH} handler.
     *
     * @param pattern the path template
     * @param handler the handler
     * @return the route
     */
    default Route patch(String pattern, Handler handler) {
        return add(Method.PATCH, pattern, handler);
    }

    /**
     * Registers a {@code DELETE} handler.
     *
     * @param pattern the path template
     * @param handler the handler
     * @return the route
     */
    default Route delete(String pattern, Handler handler) {
        return add(Method.DELETE, pattern, handler);
    }
}
