package motor.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code curl} binary, bounded in time, for tests that want a client the project did not
 * write. Each run is {@code curl -q --silent --show-error --noproxy * --max-time 30} followed by the test's
 * arguments: no {@code .curlrc} and no proxy from the environment get in the way, and a run that has not
 * ended 10 seconds after the time limit is killed and reported as an {@link IOException}. Output goes
 * through temporary files, so a large body can never stall curl on a full pipe, and standard input is
 * empty.
 *
 * <p>Tests that need curl skip when it is missing:
 * <pre>{@code
 * Assumptions.assumeTrue(Curl.available(), "curl is not installed");
 * Curl.Result result = Curl.run("--include", server.uri("/hello").toString());
 * assertEquals(200, result.status(), result.err());
 * }</pre>
 */
public final class Curl {

    /** The limit passed to curl's {@code --max-time}, in seconds. */
    static final int MAX_TIME_SECONDS = 30;
    /** How long past {@link #MAX_TIME_SECONDS} a run may take before it is killed. */
    private static final int KILL_AFTER_SECONDS = 10;

    private Curl() {
    }

    /**
     * What one run of curl did. {@link #status()}, {@link #header(String)} and {@link #body()} read
     * {@link #out()} as a response printed with {@code --include} ({@code -i}).
     *
     * @param exit curl's exit status: 0 when the transfer worked, whatever the HTTP status
     * @param out  standard output, decoded as UTF-8 (write binary bodies to a file with {@code -o})
     * @param err  standard error, decoded as UTF-8: curl's messages, and the trace of {@code -v}
     */
    public record Result(int exit, String out, String err) {

        /**
         * {@return the status of the final response} Interim ({@code 1xx}) responses are skipped.
         *
         * @throws IllegalStateException if the output does not start with a status line (curl ran without
         *                               {@code --include}, or failed)
         */
        public int status() {
            String line = finalHead().lines().findFirst().orElse("");
            int space = line.indexOf(' ');
            if (space < 0 || line.length() < space + 4) {
                throw new IllegalStateException("no status line in curl's output (was --include given?): " + out
                        + err);
            }
            return Integer.parseInt(line.substring(space + 1, space + 4));
        }

        /**
         * {@return the first value of a header field of the final response, without surrounding
         * whitespace, or {@code null} if it is absent}
         *
         * @param name the field name, in any case
         */
        public String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.get(0);
        }

        /**
         * {@return every value of a header field of the final response, in order}
         *
         * @param name the field name, in any case
         */
        public List<String> headers(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            List<String> values = new ArrayList<>();
            finalHead().lines().skip(1).forEach(line -> {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    values.add(line.substring(prefix.length()).strip());
                }
            });
            return values;
        }

        /** {@return what follows the final response's head; all of {@link #out()} if there is no head} */
        public String body() {
            int start = finalHeadStart();
            if (!out.startsWith("HTTP/", start)) {
                return out;
            }
            int end = out.indexOf("\r\n\r\n", start);
            return end < 0 ? "" : out.substring(end + 4);
        }

        /** The head of the final response, interim heads skipped; empty if the output has no head. */
        private String finalHead() {
            int start = finalHeadStart();
            if (!out.startsWith("HTTP/", start)) {
                return "";
            }
            int end = out.indexOf("\r\n\r\n", start);
            return end < 0 ? out.substring(start) : out.substring(start, end);
        }

        /** Where the first head that is not a 1xx starts. */
        private int finalHeadStart() {
            int start = 0;
            while (out.startsWith("HTTP/", start)) {
                int space = out.indexOf(' ', start);
                int end = out.indexOf("\r\n\r\n", start);
                if (space < 0 || end < 0 || space + 1 >= out.length() || out.charAt(space + 1) != '1') {
                    break;
                }
                start = end + 4;
            }
            return start;
        }
    }

    /** {@return whether curl can be run here} */
    public static boolean available() {
        try {
            return run("--version").exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs curl with these arguments after {@code -q --silent --show-error --noproxy * --max-time 30}.
     *
     * @param args the arguments, such as {@code "--include", "-H", "Accept: text/plain", url}
     * @return what curl did
     * @throws IOException if curl cannot be started, or has not ended in time (it is killed then)
     */
    public static Result run(String... args) throws IOException {
        // -q first: ignore the user's .curlrc; --noproxy: a test server is always reached directly
        List<String> command = new ArrayList<>(List.of("curl", "-q", "--silent", "--show-error", "--noproxy", "*",
                "--max-time", Integer.toString(MAX_TIME_SECONDS)));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("motor-curl", ".out");
        Path err = null;
        try {
            err = Files.createTempFile("motor-curl", ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(MAX_TIME_SECONDS + KILL_AFTER_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("curl did not end within " + (MAX_TIME_SECONDS + KILL_AFTER_SECONDS)
                        + " s: " + command);
            }
            // bytes that are not UTF-8 (a binary body) become U+FFFD instead of failing the run
            return new Result(process.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while curl ran: " + command, e);
        } finally {
            Files.deleteIfExists(out);
            if (err != null) {
                Files.deleteIfExists(err);
            }
        }
    }
}
