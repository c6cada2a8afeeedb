package motor.ext.json.test;

/**
 * A number its constructor checks with a plain exception whose message repeats the input.
 *
 * @param value an even number
 */
public record Even(int value) {

    /** Refuses odd numbers. */
    public Even {
        if (value % 2 != 0) {
            throw new IllegalArgumentException("odd: " + value);
        }
    }
}
