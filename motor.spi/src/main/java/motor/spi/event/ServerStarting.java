package motor.spi.event;

/**
 * The server has installed its extensions and is about to bind its listeners.
 *
 * @param extensions the number of installed extensions
 */
public record ServerStarting(int extensions) {
}
