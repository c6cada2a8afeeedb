package motor.ext.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the text exposition format 0.0.4, for tests: every line must be a {@code HELP},
 * a {@code TYPE} or a sample of the family last typed; samples are kept by their full series text
 * ({@code name{labels}}).
 */
final class Scrape {

    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_][a-zA-Z0-9_]*) ((?:[^\\\\\\n]|\\\\\\\\|\\\\n)*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_][a-zA-Z0-9_]*) (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_][a-zA-Z0-9_]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*\\})? "
                    + "(-?[0-9.]+(?:[eE][-+]?[0-9]+)?|[+-]Inf|NaN)");

    final Map<String, Double> samples = new LinkedHashMap<>();
    final Map<String, String> types = new HashMap<>();
    final Map<String, String> helps = new HashMap<>();

    static Scrape parse(String text) {
        Scrape scrape = new Scrape();
        assertTrue(text.isEmpty() || text.endsWith("\n"), "ends with a line feed");
        // a carriage return may appear raw inside a label value (the format escapes only \\, \" and \n there)
        String family = null;
        String type = null;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue; // only the split after the last line feed
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                assertFalse(scrape.helps.containsKey(m.group(1)), "one HELP per family: " + line);
                scrape.helps.put(m.group(1), m.group(2));
            } else if ((m = TYPE.matcher(line)).matches()) {
                assertFalse(scrape.types.containsKey(m.group(1)), "one TYPE per family: " + line);
                family = m.group(1);
                type = m.group(2);
                scrape.types.put(family, type);
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                assertNotNull(family, "a sample after its TYPE: " + line);
                String name = m.group(1);
                boolean belongs = name.equals(family) || (type.equals("histogram")
                        && (name.equals(family + "_bucket") || name.equals(family + "_sum")
                        || name.equals(family + "_count")));
                assertTrue(belongs, "sample " + name + " in family " + family);
                String series = name + (m.group(2) == null ? "" : m.group(2));
                assertFalse(scrape.samples.containsKey(series), "series once: " + series);
                String value = m.group(3);
                scrape.samples.put(series, value.equals("+Inf") ? Double.POSITIVE_INFINITY
                        : value.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(value));
            } else {
                throw new AssertionError("not a line of the exposition format: " + line);
            }
        }
        for (String name : scrape.types.keySet()) {
            assertTrue(scrape.helps.containsKey(name), "HELP for " + name);
        }
        return scrape;
    }

    double value(String series) {
        Double value = samples.get(series);
        assertNotNull(value, "series " + series + " in " + samples.keySet());
        return value;
    }

    double valueOr(String series, double absent) {
        return samples.getOrDefault(series, absent);
    }

    /** Checks a histogram: buckets cumulative and ending in +Inf equal to the count. */
    void assertHistogram(String name) {
        assertEquals("histogram", types.get(name));
        double previous = 0;
        double last = -1;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            if (e.getKey().startsWith(name + "_bucket{")) {
                assertTrue(e.getValue() >= previous, "cumulative: " + e.getKey());
                previous = e.getValue();
                last = e.getKey().endsWith("le=\"+Inf\"}") ? e.getValue() : last;
            }
        }
        assertEquals(value(name + "_count"), last, "+Inf bucket is the count");
    }
}
