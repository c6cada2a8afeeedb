package motor.ext.metrics;

import java.util.function.DoubleSupplier;
import motor.spi.Request;

/**
 * Registers an application's metrics with the {@code metrics} extension, which serves them at its
 * endpoint with the server's own. The extension provides this as a service: in a handler,
 * {@link #of(Request) Metrics.of(request)}; in another extension, {@code context.service(Metrics.class)}
 * (declare {@code after()} {@code "metrics"}, or look it up when first needed).
 *
 * <p>Names follow the Prometheus rules: a metric name matches {@code [a-zA-Z_][a-zA-Z0-9_]*} (colons are
 * reserved for recording rules and refused), a label name {@code [a-zA-Z_][a-zA-Z0-9_]*} and does not
 * start with {@code __}. By convention counters end in {@code _total} and values carry their unit
 * ({@code _seconds}, {@code _bytes}).
 *
 * <p>Labels are given as name/value pairs: {@code counter("orders_total", "Orders placed", "kind",
 * "gift")}. Every series of one metric has the same label names. Each distinct set of values is a series
 * kept for the life of the server, so never use unbounded values (user ids, paths) as labels.
 *
 * <p>Registering the same name and labels again returns the same counter or gauge, so a handler may
 * call these on every request, though keeping the returned object is cheaper. All methods are
 * thread-safe.
 */
public interface Metrics {

    /**
     * Registers a counter, or returns the one already registered under this name and labels.
     *
     * @param name   the metric name
     * @param help   one line saying what it counts
     * @param labels label names and values, alternating
     * @return the counter
     * @throws IllegalArgumentException if a name is invalid, the labels are not in pairs, the name is
     *                                  taken by a metric of another type or other label names
     */
    Counter counter(String name, String help, String... labels);

    /**
     * Registers a gauge that the application sets, or returns the one already registered under this
     * name and labels.
     *
     * @param name   the metric name
     * @param help   one line saying what it measures
     * @param labels label names and values, alternating
     * @return the gauge
     * @throws IllegalArgumentException as for {@link #counter}
     */
    Gauge gauge(String name, String help, String... labels);

    /**
     * Registers a gauge whose value is read from {@code value} each time the metrics are collected (the
     * size of a pool, say). It runs on the thread that serves the scrape: keep it fast and never let it
     * block. A supplier that throws makes the series report NaN for that scrape.
     *
     * @param name   the metric name
     * @param help   one line saying what it measures
     * @param value  where the value comes from
     * @param labels label names and values, alternating
     * @throws IllegalArgumentException as for {@link #counter}, or if this name and labels are already
     *                                  registered
     */
    void gauge(String name, String help, DoubleSupplier value, String... labels);

    /**
     * Finds the metrics of the server a request came to.
     *
     * @param request the request
     * @return its server's metrics
     * @throws IllegalStateException if the {@code metrics} extension is not installed
     */
    static Metrics of(Request request) {
        return request.service(Metrics.class)
                .orElseThrow(() -> new IllegalStateException("the metrics extension is not installed"));
    }

    /**
     * {@return whether {@code name} is a valid metric name here: {@code [a-zA-Z_][a-zA-Z0-9_]*}}
     *
     * @param name the candidate
     */
    static boolean isValidName(String name) {
        return isIdentifier(name);
    }

    /**
     * {@return whether {@code name} is a valid label name: {@code [a-zA-Z_][a-zA-Z0-9_]*}, not starting
     * with {@code __} (reserved for Prometheus itself)}
     *
     * @param name the candidate
     */
    static boolean isValidLabelName(String name) {
        return isIdentifier(name) && !name.startsWith("__");
    }

    private static boolean isIdentifier(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }
}
