package motor.ext.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The curl binary, run with a time limit; its output goes through temporary files so that a full pipe
 * can never stall it. Tests that need it skip when it is not installed (.ci/run installs it).
 */
final class CurlRunner {

    /**
     * What curl did.
     *
     * @param exit   its exit status
     * @param stdout standard output, as UTF-8
     * @param stderr standard error, as UTF-8
     */
    record Run(int exit, String stdout, String stderr) {
    }

    private CurlRunner() {
    }

    /** {@return whether curl can be run} */
    static boolean installed() {
        try {
            return run("--version").exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs curl quietly with these arguments.
     *
     * @param args the arguments after {@code curl -sS --max-time 20}
     * @return the outcome
     * @throws IOException if curl cannot be started or overruns its time
     */
    static Run run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile("auth-curl", ".out");
        Path stderr = Files.createTempFile("auth-curl", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("curl overran 30 s: " + command);
            }
            return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while curl ran", e);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
