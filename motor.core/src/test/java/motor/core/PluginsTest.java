package motor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import motor.core.internal.extension.PluginException;
import motor.core.internal.extension.Plugins;
import motor.spi.extension.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins in their own module layers: loading, isolation, every refusal, and reloading. */
class PluginsTest {

    private static String get(Server server, String path) throws IOException {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response response = raw.read();
            return response.status() + " " + response.text();
        }
    }

    private static Server start(Path plugins) throws IOException {
        return Server.builder().listen("127.0.0.1", 0).discoverExtensions(false).plugins(plugins).build().start();
    }

    /** A library module whose one class says {@code word}; two plugins may carry different versions. */
    private static Path library(Path jar, String word) throws IOException {
        return PluginJars.jar(jar, Map.of(
                "module-info.java", "module test.lib { exports test.lib; }",
                "test/lib/Word.java", "package test.lib; public final class Word { public static String word() {"
                        + " return \"" + word + "\"; } }"), Map.of());
    }

    @Test
    void explicitModulePluginIsLoadedInItsOwnLayer(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginJars.modular(plugins.resolve("hello.jar"), "test.hello", "hello", "\"hello from a plugin\"");
        Server server = start(plugins);
        try {
            assertEquals("200 hello from a plugin", get(server, "/hello"));
            Extension extension = server.extensions().get(0);
            assertEquals("hello", extension.name());
            ModuleLayer layer = extension.getClass().getModule().getLayer();
            assertTrue(layer != null && layer != ModuleLayer.boot(), "a layer of its own");
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void serviceProvidersOfPluginLayersAreFoundForOtherExtensions(@TempDir Path dir) throws Exception {
        // a plugin providing an implementation of a JDK interface, and an application extension asking for them
        Path plugins = dir.resolve("plugins");
        PluginJars.jar(plugins.resolve("word.jar"), Map.of(
                "module-info.java", "module test.word { requires motor.spi; "
                        + "provides motor.spi.extension.Extension with test.word.Plugin; "
                        + "provides java.util.function.Supplier with test.word.Word; }",
                "test/word/Plugin.java", PluginJars.extension("test.word", "word", "\"word\""),
                "test/word/Word.java", "package test.word; public final class Word implements "
                        + "java.util.function.Supplier<String> { public String get() { return \"from a plugin\"; } }"),
                Map.of());
        java.util.List<Object> seen = new java.util.ArrayList<>();
        Server server = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false).plugins(plugins)
                .extension(new ExtensionContextTest.Ext("asker", ctx -> {
                    for (java.util.function.Supplier<?> s : ctx.serviceProviders(java.util.function.Supplier.class)) {
                        seen.add(s.get());
                    }
                }))
                .build().start();
        try {
            assertTrue(seen.contains("from a plugin"), seen.toString());
            assertEquals(1, seen.stream().filter("from a plugin"::equals).count(), "found once, not once per layer");
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void automaticModulePluginWorks(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginJars.jar(plugins.resolve("legacy-plugin.jar"),
                Map.of("test/legacy/Plugin.java", PluginJars.extension("test.legacy", "legacy", "\"automatic\"")),
                Map.of("META-INF/services/motor.spi.extension.Extension", "test.legacy.Plugin\n"));
        Server server = start(plugins);
        try {
            assertEquals("200 automatic", get(server, "/legacy"));
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void pluginsCarryTheirOwnVersionsOfALibrary(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        Path libraries = dir.resolve("libs");
        Path v1 = library(libraries.resolve("v1/test-lib-1.jar"), "one");
        Path v2 = library(libraries.resolve("v2/test-lib-2.jar"), "two");
        Files.createDirectories(plugins.resolve("first"));
        Files.copy(v1, plugins.resolve("first/test-lib-1.jar"));
        PluginJars.jar(plugins.resolve("first/first.jar"), Map.of(
                "module-info.java", "module test.first { requires motor.spi; requires test.lib;"
                        + " provides motor.spi.extension.Extension with test.first.Plugin; }",
                "test/first/Plugin.java", PluginJars.extension("test.first", "first", "test.lib.Word.word()")),
                Map.of(), v1);
        Files.createDirectories(plugins.resolve("second"));
        Files.copy(v2, plugins.resolve("second/test-lib-2.jar"));
        PluginJars.jar(plugins.resolve("second/second.jar"), Map.of(
                "module-info.java", "module test.second { requires motor.spi; requires test.lib;"
                        + " provides motor.spi.extension.Extension with test.second.Plugin; }",
                "test/second/Plugin.java", PluginJars.extension("test.second", "second", "test.lib.Word.word()")),
                Map.of(), v2);
        Server server = start(plugins);
        try {
            assertEquals("200 one", get(server, "/first"));
            assertEquals("200 two", get(server, "/second"));
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void missingDependencyStopsTheStartNamingJarModuleAndFix(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        Path lib = library(dir.resolve("libs/test-lib.jar"), "x");
        PluginJars.jar(plugins.resolve("needy.jar"), Map.of(
                "module-info.java", "module test.needy { requires motor.spi; requires test.lib;"
                        + " provides motor.spi.extension.Extension with test.needy.Plugin; }",
                "test/needy/Plugin.java", PluginJars.extension("test.needy", "needy", "test.lib.Word.word()")),
                Map.of(), lib);
        Server server = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false).plugins(plugins).build();
        PluginException e = assertThrows(PluginException.class, server::start);
        assertEquals("plugin needy.jar: needy.jar (module test.needy) requires test.lib, which is neither in the"
                + " plugin nor in the server; put the missing jar in the plugin's folder (for a JDK module, start the"
                + " server with it in --add-modules)", e.getMessage());
        assertThrows(IllegalStateException.class, server::port, "nothing was bound");
    }

    @Test
    void everyProblemIsReportedAtOnce(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginJars.jar(plugins.resolve("nothing.jar"), Map.of("test/none/Util.java",
                "package test.none; public final class Util { }"), Map.of());
        PluginJars.jar(plugins.resolve("split.jar"), Map.of("org/slf4j/Sneaky.java",
                "package org.slf4j; public final class Sneaky { }"), Map.of());
        Files.createDirectories(plugins.resolve("empty-folder"));
        PluginException e = assertThrows(PluginException.class, () -> Plugins.load(plugins, ModuleLayer.boot()));
        String[] lines = e.getMessage().split("\n");
        assertEquals(3, lines.length, e.getMessage());
        assertTrue(lines[0].startsWith("plugin empty-folder: the folder holds no jar"), lines[0]);
        assertTrue(lines[1].startsWith("plugin nothing.jar: no extension found in nothing.jar"), lines[1]);
        assertTrue(lines[1].contains("plain class-path jar"), lines[1]);
        assertTrue(lines[2].startsWith("plugin split.jar: split.jar holds package org.slf4j, which module "
                + "org.slf4j of the server already has (a split package)"), lines[2]);
    }

    @Test
    void jarThatCannotBeAModuleIsNamed(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginJars.jar(plugins.resolve("unnamed.jar"), Map.of("Loose.java", "public final class Loose { }"),
                Map.of());
        PluginException e = assertThrows(PluginException.class, () -> Plugins.load(plugins, ModuleLayer.boot()));
        assertTrue(e.getMessage().startsWith("plugin unnamed.jar: unnamed.jar is not a usable module"), e.getMessage());
    }

    @Test
    void moduleTheServerHasIsRefused(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginJars.jar(plugins.resolve("own-spi.jar"), Map.of("module-info.java", "module motor.spi { }",
                "motor/spi/Fake.java", "package motor.spi; public final class Fake { }"), Map.of());
        PluginException e = assertThrows(PluginException.class, () -> Plugins.load(plugins, ModuleLayer.boot()));
        assertTrue(e.getMessage().contains("holds module motor.spi, which the server already has"), e.getMessage());
    }

    @Test
    void duplicateExtensionNamesAcrossPluginsAreRefused(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginJars.modular(plugins.resolve("a.jar"), "test.a", "same", "\"a\"");
        PluginJars.modular(plugins.resolve("b.jar"), "test.b", "same", "\"b\"");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(plugins));
        assertTrue(e.getMessage().contains("two extensions are named 'same'") && e.getMessage().contains("a.jar")
                && e.getMessage().contains("b.jar"), e.getMessage());
    }

    @Test
    void pluginBuiltForAnotherSpiIsRefused(@TempDir Path dir) throws Exception {
        // a stand-in motor.spi 9.0, as a plugin built for a future server would have seen it
        Path futureSpi = PluginJars.jar(dir.resolve("future/motor-spi-9.0.jar"), Map.of(
                "module-info.java", "module motor.spi { exports motor.spi.extension; }",
                "motor/spi/extension/Extension.java", "package motor.spi.extension; public interface Extension {"
                        + " String name(); void install(ExtensionContext c) throws Exception; }",
                "motor/spi/extension/ExtensionContext.java",
                "package motor.spi.extension; public interface ExtensionContext { }"),
                Map.of(), List.of("--module-version", "9.0"), false);
        Path plugins = dir.resolve("plugins");
        PluginJars.jar(plugins.resolve("future.jar"), Map.of(
                "module-info.java", "module test.future { requires motor.spi;"
                        + " provides motor.spi.extension.Extension with test.future.Plugin; }",
                "test/future/Plugin.java", "package test.future; public final class Plugin implements"
                        + " motor.spi.extension.Extension { public String name() { return \"future\"; }"
                        + " public void install(motor.spi.extension.ExtensionContext c) { } }"),
                Map.of(), List.of(), false, futureSpi);
        ModuleLayer boot = Server.class.getModule().getLayer();
        PluginException e = assertThrows(PluginException.class, () -> Plugins.load(plugins, boot));
        assertTrue(e.getMessage().startsWith("plugin future.jar (future.jar): built against motor.spi 9.0, but this"
                + " server has motor.spi "), e.getMessage());
    }

    @Test
    void spiVersionCompatibility() {
        assertTrue(Plugins.compatible("1.2.0", "1.3.1"));
        assertTrue(Plugins.compatible("1.3.0", "1.3.0"));
        assertFalse(Plugins.compatible("1.4.0", "1.3.9"));
        assertFalse(Plugins.compatible("2.0.0", "1.9.0"));
        assertTrue(Plugins.compatible("0.1.0-SNAPSHOT", "0.1.5"));
        assertFalse(Plugins.compatible("0.1.0", "0.2.0"));
    }

    @Test
    void reloadAddsAndRemovesPluginsAndUnloadsTheOldLayer(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        Files.createDirectories(plugins);
        Server server = start(plugins);
        try {
            assertEquals(404, Integer.parseInt(get(server, "/hello").substring(0, 3)));
            PluginJars.modular(plugins.resolve("hello.jar"), "test.hello", "hello", "\"v1\"");
            assertTrue(server.reloadPlugins());
            assertEquals("200 v1", get(server, "/hello"));
            WeakReference<ClassLoader> loader = new WeakReference<>(
                    server.extensions().get(0).getClass().getClassLoader());

            Files.delete(plugins.resolve("hello.jar"));
            assertTrue(server.reloadPlugins());
            assertEquals(404, Integer.parseInt(get(server, "/hello").substring(0, 3)));
            for (int i = 0; i < 100 && loader.get() != null; i++) {
                System.gc();
                Thread.sleep(50);
            }
            assertNull(loader.get(), "the removed plugin's class loader is still reachable");
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void failedReloadKeepsTheRunningExtensions(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginJars.modular(plugins.resolve("hello.jar"), "test.hello", "hello", "\"still here\"");
        Server server = start(plugins);
        try {
            PluginJars.jar(plugins.resolve("broken.jar"), Map.of("test/none/Util.java",
                    "package test.none; public final class Util { }"), Map.of());
            assertFalse(server.reloadPlugins());
            assertEquals("200 still here", get(server, "/hello"));
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void watchedDirectoryIsReloadedWithoutARestart(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        Files.createDirectories(plugins);
        Server server = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false).plugins(plugins)
                .watchPlugins(true).build().start();
        try {
            Path built = PluginJars.modular(dir.resolve("build/hello.jar"), "test.hello", "hello", "\"watched\"");
            Files.copy(built, plugins.resolve("hello.jar"));
            String answer = "";
            for (int i = 0; i < 150 && !answer.startsWith("200"); i++) {
                Thread.sleep(100);
                answer = get(server, "/hello");
            }
            assertEquals("200 watched", answer);
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }
}
