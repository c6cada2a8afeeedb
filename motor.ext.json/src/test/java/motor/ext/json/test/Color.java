package motor.ext.json.test;

/** A choice of three. */
public enum Color {
    /** Red. */
    RED,
    /** Green. */
    GREEN,
    /** Blue. */
    BLUE
}
