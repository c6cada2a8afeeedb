package motor.bench.peers;

/**
 * The body of {@code GET /json}: {@code {"message":"Hello, World!"}}, serialized by Jackson per request.
 *
 * @param message the message
 */
public record Message(String message) {
}
