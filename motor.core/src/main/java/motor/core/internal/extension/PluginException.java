package motor.core.internal.extension;

/**
 * A plugin cannot be loaded. The message names the plugin's jar, what is wrong and what to do about it;
 * several problems are reported one per line.
 */
public final class PluginException extends RuntimeException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message the problems, one per line
     */
    public PluginException(String message) {
        super(message);
    }
}
