package motor.ext.staticfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import motor.core.Server;
import motor.ext.staticfiles.internal.StaticExtension;
import motor.test.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings are checked at startup, with messages that name the key. */
class ConfigTest {

    @TempDir
    static Path dir;

    private static RuntimeException refused(Map<String, Object> mount) {
        return assertThrows(RuntimeException.class, () -> {
            try (TestServer server = TestServer.start(Server.builder().discoverExtensions(false)
                    .extension(new StaticExtension())
                    .config(Map.of("static", Map.of("mounts", List.of(mount)))))) {
                server.port();
            }
        });
    }

    private static void assertNames(RuntimeException e, String key) {
        String message = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : e.getCause().getMessage());
        assertTrue(message.contains(key), message);
    }

    @Test
    void mountNeedsAnExistingDirectory() {
        assertNames(refused(Map.of("prefix", "/s")), "static.mounts[0].dir");
        assertNames(refused(Map.of("dir", dir.resolve("absent").toString())), "static.mounts[0].dir");
    }

    @Test
    void badValuesAreNamed() throws Exception {
        String d = dir.toString();
        assertNames(refused(Map.of("dir", d, "prefix", "static")), "static.mounts[0].prefix");
        assertNames(refused(Map.of("dir", d, "prefix", "/a/../b")), "static.mounts[0].prefix");
        assertNames(refused(Map.of("dir", d, "prefix", "/{x}")), "static.mounts[0].prefix");
        assertNames(refused(Map.of("dir", d, "precompressed", List.of("deflate"))), "static.mounts[0].precompressed");
        assertNames(refused(Map.of("dir", d, "maxRanges", 0)), "static.mounts[0].maxRanges");
        assertNames(refused(Map.of("dir", d, "index", List.of("../x.html"))), "static.mounts[0].index");
        assertNames(refused(Map.of("dir", d, "types", Map.of("js", "nonsense"))), "static.mounts[0].types.js");
        assertNames(refused(Map.of("dir", d, "cacheControl", List.of(Map.of("match", "*.js")))),
                "static.mounts[0].cacheControl[0].value");
        assertNames(refused(Map.of("dir", d, "listng", true)), "static.mounts[0].listng");
    }

    @Test
    void twoMountsCannotShareAPrefix() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> {
            try (TestServer server = TestServer.start(Server.builder().discoverExtensions(false)
                    .extension(new StaticExtension())
                    .config(Map.of("static", Map.of("mounts", List.of(
                            Map.of("dir", dir.toString(), "prefix", "/a"),
                            Map.of("dir", dir.toString(), "prefix", "/a/"))))))) {
                server.port();
            }
        });
        assertNames(e, "static.mounts[1].prefix");
    }

    @Test
    void aMountAtTheRootServesEverything() throws Exception {
        Files.writeString(dir.resolve("top.txt"), "top");
        try (TestServer server = TestServer.start(Server.builder().discoverExtensions(false)
                .extension(new StaticExtension())
                .config(Map.of("static", Map.of("mounts", List.of(Map.of("prefix", "/", "dir", dir.toString()))))))) {
            assertEquals("top", server.get("/top.txt").body());
            assertEquals(404, server.get("/absent").statusCode());
        }
    }

    @Test
    void aRelativeDirIsResolvedAgainstTheBaseDirectory() throws Exception {
        Files.createDirectories(dir.resolve("public"));
        Files.writeString(dir.resolve("public/page.txt"), "from the base directory");
        try (TestServer server = TestServer.start(Server.builder().discoverExtensions(false)
                .extension(new StaticExtension()).baseDirectory(dir)
                .config(Map.of("static", Map.of("mounts", List.of(Map.of("prefix", "/s", "dir", "public"))))))) {
            assertEquals("from the base directory", server.get("/s/page.txt").body());
        }
    }
}
