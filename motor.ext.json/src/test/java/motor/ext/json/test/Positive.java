package motor.ext.json.test;

import motor.spi.HttpException;

/**
 * A number its constructor checks, choosing the answer itself.
 *
 * @param value more than 0
 */
public record Positive(int value) {

    /** Refuses 0 and less with a 422. */
    public Positive {
        if (value <= 0) {
            throw new HttpException(422, "value must be more than 0");
        }
    }
}
