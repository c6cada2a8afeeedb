package motor.ext.json.test.closed;

/**
 * A record in a package not opened to Jackson.
 *
 * @param name a name
 */
public record Hidden(String name) {
}
