package motor.ext.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The curl binary, run with a time limit; its output is the response head ({@code -i}) and body. Tests
 * that need it skip when it is not installed (.ci/run installs it).
 */
final class Curl {

    /**
     * What curl did.
     *
     * @param exit its exit status
     * @param out  the head and body it printed
     */
    record Result(int exit, String out) {
        int status() {
            // the first line is "HTTP/1.1 201 Created"
            return Integer.parseInt(out.substring(out.indexOf(' ') + 1, out.indexOf(' ') + 4));
        }

        String body() {
            int end = out.indexOf("\r\n\r\n");
            return end < 0 ? "" : out.substring(end + 4);
        }

        boolean hasHeader(String line) {
            return out.substring(0, Math.max(0, out.indexOf("\r\n\r\n"))).toLowerCase(java.util.Locale.ROOT)
                    .contains("\r\n" + line.toLowerCase(java.util.Locale.ROOT) + "\r\n");
        }
    }

    private Curl() {
    }

    static boolean installed() {
        try {
            return run("--version").exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static Result run(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-S", "--max-time", "20"));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("curl-json", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("curl took longer than 30 s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
