package motor.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the raw per-round figures of run.sh (a tab-separated file with a header line) into the Markdown
 * results: one row per server with the median of each metric over the rounds, a row with Motor's ratio
 * to the best peer of the same run for each metric, then every raw round.
 *
 * <pre>
 * java motor.bench.load.Report RAW_TSV "SERVER..." [HEADER_FILE]
 * </pre>
 * The Markdown goes to standard output; HEADER_FILE, if given, is copied in front of it (the run's
 * settings).
 */
public final class Report {

    /** A column of the table: its key in the raw file, its title, whether more is better. */
    private record Metric(String key, String title, boolean higherIsBetter, String format, boolean compared) {
        Metric(String key, String title, boolean higherIsBetter, String format) {
            this(key, title, higherIsBetter, format, true);
        }
    }

    private static final List<Metric> METRICS = List.of(
            new Metric("plain_rps", "plaintext req/s", true, "%,.0f"),
            new Metric("plain_p99_ms", "plaintext p99 ms", false, "%.2f"),
            new Metric("json_rps", "JSON req/s", true, "%,.0f"),
            new Metric("pipe_rps", "pipelined req/s", true, "%,.0f"),
            new Metric("plain_cpu_us", "CPU µs/req plaintext", false, "%.2f"),
            new Metric("json_cpu_us", "CPU µs/req JSON", false, "%.2f"),
            new Metric("pipe_cpu_us", "CPU µs/req pipelined", false, "%.2f"),
            new Metric("plain_sys_us", "of which kernel, plaintext", false, "%.2f", false),
            new Metric("h2_rps", "HTTP/2 req/s", true, "%,.0f"),
            new Metric("h2_cpu_us", "CPU µs/req HTTP/2", false, "%.2f"),
            new Metric("startup_ms", "start → 1st response ms", false, "%,.0f"),
            new Metric("rss_mib", "RSS after load MiB", false, "%,.0f"),
            new Metric("idle_bytes", "live heap B/idle conn", false, "%,.0f"),
            new Metric("cpu_other_pct", "other processes on the server CPU %", false, "%.1f", false));

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Report RAW_TSV \"SERVER...\" [HEADER_FILE]");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        List<String> servers = Arrays.asList(args[1].trim().split("\\s+"));
        String[] header = lines.get(0).split("\t");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < cells.length ? cells[i] : "NA");
            }
            rows.add(row);
        }

        StringBuilder out = new StringBuilder();
        if (args.length > 2) {
            out.append(Files.readString(Path.of(args[2])));
        }
        out.append("\n### Medians over the rounds\n\n");
        out.append("| server |");
        for (Metric m : METRICS) {
            out.append(' ').append(m.title()).append(" |");
        }
        out.append(" failed or wrong responses |\n|---|");
        out.append("---:|".repeat(METRICS.size())).append("---:|\n");

        Map<String, double[]> medians = new LinkedHashMap<>();
        for (String server : servers) {
            double[] values = new double[METRICS.size()];
            out.append("| ").append(server).append(" |");
            for (int i = 0; i < METRICS.size(); i++) {
                values[i] = median(rows, server, METRICS.get(i).key());
                out.append(' ').append(format(values[i], METRICS.get(i).format())).append(" |");
            }
            medians.put(server, values);
            out.append(' ').append(failures(rows, server)).append(" |\n");
        }

        if (servers.contains("motor") && servers.size() > 1) {
            out.append("| **motor / best peer** |");
            StringBuilder best = new StringBuilder("| *best peer* |");
            for (int i = 0; i < METRICS.size(); i++) {
                Metric m = METRICS.get(i);
                String bestName = null;
                double bestValue = Double.NaN;
                for (String server : servers) {
                    double v = medians.get(server)[i];
                    if (server.equals("motor") || Double.isNaN(v)) {
                        continue;
                    }
                    if (bestName == null || (m.higherIsBetter() ? v > bestValue : v < bestValue)) {
                        bestName = server;
                        bestValue = v;
                    }
                }
                double motor = medians.get("motor")[i];
                if (!m.compared() || bestName == null || Double.isNaN(motor) || bestValue == 0) {
                    out.append(" – |");
                    best.append(" – |");
                } else {
                    out.append(String.format(Locale.ROOT, " **%.2fx** |", motor / bestValue));
                    best.append(' ').append(bestName).append(' ').append(format(bestValue, m.format())).append(" |");
                }
            }
            out.append(" |\n");
            out.append(best).append(" |\n");
            out.append("\nRatios are Motor's median divided by the best peer's median for that column: above 1 "
                    + "is better for req/s, below 1 is better for every other column. The last column but one is "
                    + "not a result: it is the largest share of the server's CPU that other processes took during "
                    + "a measured run (a build, say); figures from rounds where it is high are suspect.\n");
        }

        out.append("\n### Raw figures, per round\n\n| ");
        out.append(String.join(" | ", header)).append(" |\n|");
        out.append("---|".repeat(header.length)).append('\n');
        for (Map<String, String> row : rows) {
            out.append("| ").append(String.join(" | ", row.values())).append(" |\n");
        }
        System.out.print(out);
    }

    private static double median(List<Map<String, String>> rows, String server, String key) {
        List<Double> values = new ArrayList<>();
        for (Map<String, String> row : rows) {
            if (server.equals(row.get("server"))) {
                try {
                    values.add(Double.parseDouble(row.getOrDefault(key, "NA")));
                } catch (NumberFormatException e) {
                    // NA: the measurement failed in that round
                }
            }
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        values.sort(null);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    /** Sums the error counts of every load run of a server, and names failed checks. */
    private static String failures(List<Map<String, String>> rows, String server) {
        long errors = 0;
        List<String> notes = new ArrayList<>();
        for (Map<String, String> row : rows) {
            if (!server.equals(row.get("server"))) {
                continue;
            }
            for (String key : List.of("plain_err", "json_err", "pipe_err", "h2_err", "idle_failed")) {
                try {
                    errors += Long.parseLong(row.getOrDefault(key, "0"));
                } catch (NumberFormatException e) {
                    // NA
                }
            }
            String check = row.getOrDefault("check", "ok");
            if (!check.equals("ok")) {
                notes.add("round " + row.get("round") + ": " + check);
            }
        }
        return errors + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
    }

    private static String format(double value, String format) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
    }
}
