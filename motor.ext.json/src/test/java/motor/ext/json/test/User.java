package motor.ext.json.test;

/**
 * A person.
 *
 * @param name the name
 * @param age  the age in years
 */
public record User(String name, int age) {
}
