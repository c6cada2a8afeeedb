package motor.spi;

/**
 * A registered route, returned by {@link Routes#add} for settings that apply to it alone.
 */
public interface Route {

    /** {@return the method} */
    String method();

    /** {@return the path template} */
    String pattern();

    /**
     * Sets the largest request body this route accepts, overriding the server's limit. A larger body
     * is answered with 413; a {@code Content-Length} above the limit is refused before the handler runs.
     *
     * @param bytes the limit, 0 or more
     * @return this route
     */
    Route maxBodySize(long bytes);

    /** {@return the body limit of this route, or -1 when the server's limit applies} */
    long maxBodySize();
}
