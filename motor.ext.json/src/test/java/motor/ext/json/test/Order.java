package motor.ext.json.test;

import java.util.List;

/**
 * An order: a customer, items, a colour.
 *
 * @param customer who
 * @param items    what
 * @param color    in which colour
 * @param express  whether fast
 */
public record Order(User customer, List<Item> items, Color color, boolean express) {
}
