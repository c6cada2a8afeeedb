package motor.ext.json.test;

/**
 * A line of an order.
 *
 * @param name     what
 * @param price    for one
 * @param quantity how many
 */
public record Item(String name, double price, int quantity) {
}
