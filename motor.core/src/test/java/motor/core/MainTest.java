package motor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, without serving: help, check, plugins, and how settings from each source combine. */
class MainTest {

    private record Result(int status, String out, String err) {
    }

    private static Result run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpAndUsageErrors() {
        Result help = run(Map.of(), "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("Usage: motor [run|check|plugins]"), help.out());
        Result unknown = run(Map.of(), "--nope");
        assertEquals(2, unknown.status());
        assertEquals("motor: unknown option --nope (see --help)\n", unknown.err());
        assertEquals(2, run(Map.of(), "--port").status());
        assertEquals(2, run(Map.of(), "--set", "novalue").status());
    }

    @Test
    void checkValidatesWithoutServing(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("motor.json");
        Files.writeString(config, "{\"server\": {\"port\": 1, \"timeouts\": {\"idle\": \"30s\"}}}");
        Result ok = run(Map.of(), "check", "--config", config.toString());
        assertEquals(0, ok.status(), ok.err());
        assertTrue(ok.out().startsWith("configuration and plugins are fine"), ok.out());
    }

    @Test
    void environmentOverridesTheFileAndTheCommandLineOverridesBoth(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("motor.json");
        Files.writeString(config, "{\"server\": {\"timeouts\": {\"idle\": \"30s\"}}}");
        Result fromEnvironment = run(Map.of("MOTOR_SERVER_TIMEOUTS_IDLE", "soon"), "check", "--config",
                config.toString());
        assertEquals(2, fromEnvironment.status());
        assertEquals("motor: configuration error: environment variable MOTOR_SERVER_TIMEOUTS_IDLE: "
                + "server.timeouts.idle: expected a duration such as 30s, 250ms or 5m, found \"soon\"\n",
                fromEnvironment.err());
        Result fromCommandLine = run(Map.of("MOTOR_SERVER_TIMEOUTS_IDLE", "soon"), "check", "--config",
                config.toString(), "--set", "server.timeouts.idle=5s");
        assertEquals(0, fromCommandLine.status(), fromCommandLine.err());
    }

    @Test
    void unknownCommandLineSettingIsAnError() {
        Result result = run(Map.of(), "check", "--set", "server.limits.maxBodySise=1MiB");
        assertEquals(2, result.status());
        assertTrue(result.err().contains("server.limits.maxBodySise: unknown setting"), result.err());
    }

    @Test
    void brokenPluginExitsWithOneAndNamesIt(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginJars.jar(plugins.resolve("empty.jar"), Map.of("test/e/Util.java",
                "package test.e; public final class Util { }"), Map.of());
        Result result = run(Map.of(), "check", "--plugins", plugins.toString());
        assertEquals(1, result.status());
        assertTrue(result.err().startsWith("motor: cannot load plugins:\n  plugin empty.jar: no extension found"),
                result.err());
    }

    @Test
    void pluginsListsTheExtensionTable(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginJars.modular(plugins.resolve("hello.jar"), "test.hello", "hello", "\"hi\"");
        Result result = run(Map.of(), "plugins", "--plugins", plugins.toString());
        assertEquals(0, result.status(), result.err());
        String[] lines = result.out().split("\n");
        assertTrue(lines[0].matches("\\s*extension\\s+version\\s+layer\\s+jar\\s*"), lines[0]);
        assertTrue(lines[1].matches("\\s*hello\\s+unversioned\\s+hello\\.jar\\s+hello\\.jar\\s*"), lines[1]);
    }

    @Test
    void environmentNames() {
        assertEquals("MOTOR_SERVER_LIMITS_MAXBODYSIZE",
                motor.core.internal.config.JsonConfig.Overrides.environmentName("server.limits.maxBodySize"));
        assertEquals("MOTOR_MY_EXT_KEY", motor.core.internal.config.JsonConfig.Overrides.environmentName("my-ext.key"));
    }
}
