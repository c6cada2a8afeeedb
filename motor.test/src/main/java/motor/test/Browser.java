package motor.test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for tests: headless Chromium opening one page, for what only a browser does (its own
 * WebSocket and EventSource implementations, CORS, Content-Security-Policy). The page reports what it
 * saw to the server under test (a {@code fetch} to a route the test registers), since a headless browser
 * has no screen to read; the test waits, bounded, for that report.
 *
 * <pre>{@code
 * Assumptions.assumeTrue(Browser.available(), "chromium is not installed");
 * try (Browser browser = Browser.open(server.uri("/page?report=/report"))) {
 *     String report = reports.poll(60, TimeUnit.SECONDS);
 *     ...
 * }
 * }</pre>
 *
 * <p>Each browser gets a fresh profile in a temporary folder (no cache, no cookies, no first-run pages)
 * and runs without the sandbox, which needs privileges a build often lacks. Closing it kills the process
 * tree and deletes the profile.
 */
public final class Browser implements AutoCloseable {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable");

    private final Process process;
    private final Path profile;

    private Browser(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** {@return the Chromium executable found on the {@code PATH}, if any} */
    public static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** {@return whether a Chromium executable is on the {@code PATH}} */
    public static boolean available() {
        return executable().isPresent();
    }

    /**
     * Starts headless Chromium on {@code page}.
     *
     * @param page the page to open
     * @return the running browser; close it when done
     * @throws IOException           if Chromium cannot be started
     * @throws IllegalStateException if no Chromium is installed
     */
    public static Browser open(URI page) throws IOException {
        Path executable = executable().orElseThrow(() -> new IllegalStateException(
                "no Chromium on the PATH (looked for " + String.join(", ", NAMES) + ")"));
        Path profile = Files.createTempDirectory("motor-browser");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-sync", "--mute-audio",
                "--user-data-dir=" + profile, page.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process process = builder.start();
            process.getOutputStream().close(); // nothing to say on its standard input
            return new Browser(process, profile);
        } catch (IOException e) {
            deleteTree(profile);
            throw e;
        }
    }

    /** {@return whether the browser process is still running} */
    public boolean alive() {
        return process.isAlive();
    }

    /** Kills the browser and its helper processes, waits (bounded) for them to end, and deletes the profile. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a helper process may still hold a file for a moment; the temp folder is cleaned anyway
                }
            });
        } catch (IOException e) {
            // as above
        }
    }
}
