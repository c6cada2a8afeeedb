package motor.ext.metrics.internal;

/**
 * Writing the Prometheus text exposition format, version 0.0.4: {@code # HELP} and {@code # TYPE} lines,
 * then one {@code name{label="value"} number} line per series, each ending in {@code \n}.
 */
final class Exposition {

    /** The media type of the format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private Exposition() {
    }

    /** Appends the {@code HELP} and {@code TYPE} lines of a family. */
    static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ');
        escapeHelp(out, help);
        out.append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** Appends a help text: {@code \} and line feeds escaped; other line ends become spaces. */
    static void escapeHelp(StringBuilder out, String help) {
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
    }

    /** Appends a label value between its quotes: {@code \}, {@code "} and line feeds escaped. */
    static void escapeLabelValue(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /**
     * {@return label pairs as they appear between braces, {@code a="1",b="2"}, or an empty string}
     *
     * @param pairs names and values, alternating; the names already validated
     */
    static String labels(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append(pairs[i]).append("=\"");
            escapeLabelValue(out, pairs[i + 1]);
            out.append('"');
        }
        return out.toString();
    }

    /** Appends one sample line. {@code labels} is the text between braces, possibly empty. */
    static void sample(StringBuilder out, String name, String labels, long value) {
        name(out, name, labels).append(value).append('\n');
    }

    /** Appends one sample line with a floating-point value. */
    static void sample(StringBuilder out, String name, String labels, double value) {
        number(name(out, name, labels), value).append('\n');
    }

    private static StringBuilder name(StringBuilder out, String name, String labels) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        return out.append(' ');
    }

    /** Appends a number as Prometheus reads it: {@code +Inf}, {@code -Inf}, {@code NaN}, integers without a fraction. */
    static StringBuilder number(StringBuilder out, double value) {
        if (Double.isNaN(value)) {
            return out.append("NaN");
        }
        if (Double.isInfinite(value)) {
            return out.append(value > 0 ? "+Inf" : "-Inf");
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return out.append((long) value);
        }
        return out.append(value);
    }
}
