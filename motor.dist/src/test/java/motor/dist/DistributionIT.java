package motor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built distribution, started the way an operator starts it: bin/motor in its own process. */
class DistributionIT {

    private static final Path HOME = Path.of(System.getProperty("motor.dist", "target/motor"));
    private static final Pattern LISTENING = Pattern.compile("listening on http://\\S+:(\\d+)");

    /** A running bin/motor with its output collected line by line. */
    private record Running(Process process, BlockingQueue<String> lines) {

        /** Consumes output until a line matches; null at the end of the output or of the time. */
        String awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line == END) {
                    lines.add(END);
                    return null;
                }
                if (line != null && pattern.matcher(line).find()) {
                    return line;
                }
            }
            return null;
        }

        /** Waits for the end of the output and returns all of it that was not consumed. */
        String rest() throws InterruptedException {
            StringBuilder sb = new StringBuilder();
            for (String line; (line = lines.poll(30, TimeUnit.SECONDS)) != END && line != null; ) {
                sb.append(line).append('\n');
            }
            return sb.toString();
        }
    }

    /** Marks the end of a process's output. */
    private static final String END = new String("<end of output>");

    private static final Path HELLO = Path.of(System.getProperty("hello.plugin",
            "../motor.example.hello/target/plugin/hello"));

    private static Running start(Path workingDirectory, String... args) throws IOException {
        return startIn(HOME, workingDirectory, args);
    }

    /** Starts bin/motor of the distribution at {@code home}. */
    private static Running startIn(Path home, Path workingDirectory, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(home.resolve("bin/motor").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<output failed: " + e + ">");
            }
            lines.add(END);
        });
        return new Running(process, lines);
    }

    /** A copy of the distribution that a test may change (add plugins to) without touching the build's. */
    private static Path copyOfDistribution(Path into) throws IOException {
        Path copy = into.resolve("motor");
        try (var files = Files.walk(HOME)) {
            for (Path source : files.toList()) {
                Path target = copy.resolve(HOME.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private static int port(Running running) throws InterruptedException {
        String line = running.awaitLine(LISTENING, Duration.ofSeconds(30));
        assertNotNull(line, "no 'listening on' line");
        Matcher m = LISTENING.matcher(line);
        assertTrue(m.find());
        return Integer.parseInt(m.group(1));
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String runIn(Path home, Path workingDirectory, String... args) throws Exception {
        Running running = startIn(home, workingDirectory, args);
        try {
            assertTrue(running.process().waitFor(30, TimeUnit.SECONDS), "bin/motor did not exit");
        } finally {
            running.process().destroyForcibly();
        }
        return running.rest() + "exit=" + running.process().exitValue();
    }

    private static String run(Path workingDirectory, String... args) throws Exception {
        return runIn(HOME, workingDirectory, args);
    }

    @Test
    void startsServesAndStopsOnSigterm(@TempDir Path elsewhere) throws Exception {
        Running running = start(elsewhere, "--port", "0");
        try {
            String line = running.awaitLine(LISTENING, Duration.ofSeconds(30));
            assertNotNull(line, "no 'listening on' line; output: " + running.lines());
            Matcher m = LISTENING.matcher(line);
            assertTrue(m.find());
            int port = Integer.parseInt(m.group(1));
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/plaintext")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals("Hello, World!", response.body());
            }
            // SIGTERM through the handle: Process.destroy() would also close our end of its output
            running.process().toHandle().destroy();
            assertTrue(running.process().waitFor(30, TimeUnit.SECONDS), "no exit after SIGTERM");
            String stopped = running.awaitLine(Pattern.compile("Motor stopped"), Duration.ofSeconds(5));
            String rest = stopped == null ? running.rest() : "";
            assertNotNull(stopped, () -> "no graceful stop in the log; exit " + running.process().exitValue() + ": " + rest);
        } finally {
            running.process().destroyForcibly();
        }
    }

    @Test
    void filesCacheAndEventsFromAnotherWorkingDirectory(@TempDir Path elsewhere) throws Exception {
        Running running = start(elsewhere, "--port", "0");
        try {
            int port = port(running);
            // public/ is found through the base directory (the distribution's folder), not the working one
            HttpResponse<String> file = get(port, "/static/hello.txt");
            assertEquals(200, file.statusCode(), file::body);
            assertEquals("Hello from a file of public/.\n", file.body());
            assertTrue(file.headers().firstValue("ETag").isPresent());
            assertTrue(get(port, "/static/").body().contains("Motor is running"));
            HttpResponse<String> made = get(port, "/cache/slow");
            HttpResponse<String> cached = get(port, "/cache/slow");
            assertEquals(made.body(), cached.body());
            assertEquals("HIT", cached.headers().firstValue("X-Cache").orElse(null), () -> cached.headers().map().toString());
            HttpResponse<String> events = get(port, "/sse/count?n=2&interval_ms=0");
            assertEquals("id: 1\ndata: 1\n\nid: 2\ndata: 2\n\n", events.body().replaceAll("(?m)^:.*\n\n?", ""));
            assertEquals(426, get(port, "/ws/echo").statusCode());
        } finally {
            running.process().destroyForcibly();
        }
    }

    @Test
    void operationsEndpointsRateLimitsAndTheAccessLog(@TempDir Path dir) throws Exception {
        Path home = copyOfDistribution(dir);
        Running running = startIn(home, dir, "--port", "0");
        try {
            int port = port(running);
            HttpResponse<String> live = get(port, "/health/live");
            assertEquals(200, live.statusCode(), live::body);
            HttpResponse<String> ready = get(port, "/health/ready");
            assertEquals(200, ready.statusCode(), ready::body);
            assertTrue(ready.body().contains("\"status\":\"UP\""), ready.body());
            HttpResponse<String> hello = get(port, "/plaintext");
            assertEquals("Hello, World!", hello.body());
            // the JDK client asks for HTTP/2 on http:// URIs (Upgrade: h2c): the http2 extension takes it
            assertEquals(HttpClient.Version.HTTP_2, hello.version());
            // the distribution's rate limit on /api/ advertises itself
            HttpResponse<String> item = get(port, "/api/items/1");
            assertEquals("\"api\";q=600;w=60", item.headers().firstValue("RateLimit-Policy").orElse(null),
                    () -> item.headers().map().toString());
            // metrics are served to local clients
            HttpResponse<String> metrics = get(port, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("http_requests_total{method=\"GET\",code=\"200\"}"), metrics.body());
            // the access log goes to logs/access.log of the distribution, one line per request
            Path log = home.resolve("logs/access.log");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Pattern plaintext = Pattern.compile("\"GET /plaintext HTTP/[12][.0-9]*\" 200 13 ");
            while (System.nanoTime() < deadline
                    && !(Files.exists(log) && plaintext.matcher(Files.readString(log)).find())) {
                Thread.sleep(50);
            }
            String lines = Files.exists(log) ? Files.readString(log) : "(no file)";
            assertTrue(plaintext.matcher(lines).find(), lines);
            assertTrue(!lines.contains("/health/"), "health probes are excluded: " + lines);
        } finally {
            running.process().destroyForcibly();
        }
    }

    @Test
    void showcaseShipsAsAPlugin() throws Exception {
        assertTrue(Files.isDirectory(HOME.resolve("plugins/showcase")), "plugins/showcase");
        try (var lib = Files.list(HOME.resolve("lib"))) {
            assertTrue(lib.noneMatch(p -> p.getFileName().toString().contains("showcase")), "not in lib/");
        }
        String table = run(HOME, "plugins");
        assertTrue(table.endsWith("exit=0"), table);
        assertTrue(Pattern.compile("(?m)^\\s*extension\\s+version\\s+layer\\s+jar$").matcher(table).find(), table);
        assertTrue(Pattern.compile("(?m)^\\s*showcase\\s+\\S+\\s+showcase\\s+motor-example-showcase-\\S+\\.jar$")
                .matcher(table).find(), table);
        for (String extension : new String[] {"gzip", "cookies", "json", "multipart", "auth", "security", "static",
            "cache", "websocket", "sse"}) {
            assertTrue(Pattern.compile("(?m)^\\s*" + extension + "\\s+\\S+\\s+boot\\s+motor-ext-" + extension
                    + "-\\S+\\.jar$").matcher(table).find(), () -> extension + " in lib/: " + table);
        }
    }

    @Test
    void thirdPartyPluginDroppedIntoPluginsServesItsRoute(@TempDir Path dir) throws Exception {
        Path home = copyOfDistribution(dir);
        copyFolder(HELLO, home.resolve("plugins/hello"));
        String check = runIn(home, dir, "check");
        assertTrue(check.contains("configuration and plugins are fine") && check.endsWith("exit=0"), check);
        Running running = startIn(home, dir, "--port", "0");
        try {
            int port = port(running);
            assertEquals("{\"greeting\":\"Hello, Motor!\"}", get(port, "/hello?name=Motor").body());
            assertEquals("Hello, World!", get(port, "/plaintext").body());
        } finally {
            running.process().toHandle().destroy();
            running.process().waitFor(30, TimeUnit.SECONDS);
            running.process().destroyForcibly();
        }
    }

    @Test
    void pluginMissingItsLibraryStopsTheStartWithWhatToDo(@TempDir Path dir) throws Exception {
        Path home = copyOfDistribution(dir);
        Path plugin = Files.createDirectories(home.resolve("plugins/hello"));
        try (var files = Files.list(HELLO)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("motor-example-hello")).toList()) {
                Files.copy(file, plugin.resolve(file.getFileName()));
            }
        }
        String out = runIn(home, dir, "--port", "0");
        assertTrue(out.endsWith("exit=1"), out);
        assertTrue(out.contains("motor: cannot load plugins:"), out);
        assertTrue(out.contains("plugin hello: motor-example-hello-") && out.contains("requires com.google.gson, which"
                + " is neither in the plugin nor in the server; put the missing jar in the plugin's folder"), out);
    }

    @Test
    void watchedPluginsArriveWithoutARestart(@TempDir Path dir) throws Exception {
        Path home = copyOfDistribution(dir);
        Running running = startIn(home, dir, "--port", "0", "--set", "plugins.watch=true");
        try {
            int port = port(running);
            assertEquals(404, get(port, "/hello").statusCode());
            Path staging = dir.resolve("staging");
            copyFolder(HELLO, staging);
            Files.move(staging, home.resolve("plugins/hello"));
            int status = 404;
            for (int i = 0; i < 150 && status != 200; i++) {
                Thread.sleep(100);
                status = get(port, "/hello").statusCode();
            }
            assertEquals(200, status, "the plugin did not arrive");
        } finally {
            running.process().toHandle().destroy();
            running.process().waitFor(30, TimeUnit.SECONDS);
            running.process().destroyForcibly();
        }
    }

    @Test
    void runsThroughASymlink(@TempDir Path dir) throws Exception {
        Path link = dir.resolve("motor");
        Files.createSymbolicLink(link, HOME.resolve("bin/motor").toAbsolutePath());
        Process process = new ProcessBuilder(link.toString(), "--version").redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.startsWith("motor 0."), out);
    }

    @Test
    void helpAndVersion(@TempDir Path dir) throws Exception {
        assertTrue(run(dir, "--help").contains("Usage: motor"));
        assertTrue(run(dir, "--version").endsWith("exit=0"));
    }

    @Test
    void badOptionsAndConfigurationExitWithTwo(@TempDir Path dir) throws Exception {
        String unknown = run(dir, "--frobnicate");
        assertTrue(unknown.contains("unknown option --frobnicate") && unknown.endsWith("exit=2"), unknown);
        Path config = dir.resolve("motor.json");
        Files.writeString(config, "{\"server\": {\"port\": 0, \"limits\": {\"maxBodySise\": \"1MiB\"}}}");
        String typo = run(dir, "--config", config.toString());
        assertTrue(typo.contains("server.limits.maxBodySise: unknown setting") && typo.endsWith("exit=2"), typo);
        String wrongType = run(dir, "--port", "eighty");
        assertTrue(wrongType.contains("server.port: expected an integer") && wrongType.endsWith("exit=2"), wrongType);
        Files.writeString(config, "{ not json");
        String notJson = run(dir, "--config", config.toString());
        assertTrue(notJson.contains("not valid JSON") && notJson.endsWith("exit=2"), notJson);
    }

    @Test
    void portInUseExitsWithOne(@TempDir Path dir) throws Exception {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            String out = run(dir, "--host", "127.0.0.1", "--port", String.valueOf(socket.getLocalPort()));
            assertTrue(out.contains("cannot listen on 127.0.0.1:" + socket.getLocalPort()) && out.endsWith("exit=1"),
                    out);
        }
    }

    @Test
    void refusesAJavaOlderThan21(@TempDir Path dir) throws Exception {
        Path old = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        Assumptions.assumeTrue(Files.isExecutable(old.resolve("bin/java")), "no JDK 17 on this machine");
        ProcessBuilder builder = new ProcessBuilder(HOME.resolve("bin/motor").toString()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", old.toString());
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, process.exitValue(), out);
        assertTrue(out.contains("needs Java 21 or newer"), out);
    }
}
