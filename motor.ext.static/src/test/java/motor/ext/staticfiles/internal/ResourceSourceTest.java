package motor.ext.staticfiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validators of class-path resources in jars. */
class ResourceSourceTest {

    /** What reproducible builds (Maven's project.build.outputTimestamp) give every entry. */
    private static final long FIXED_TIME = 1_700_000_000_000L;

    @TempDir
    Path temp;

    private String etag(String jarName, String content) throws IOException {
        Path jar = temp.resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            JarEntry entry = new JarEntry("web/app.css");
            entry.setTime(FIXED_TIME);
            out.putNextEntry(entry);
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Source.Resource resource = new ResourceSource(name -> loader.getResource("web/" + name))
                    .lookup(List.of("app.css"));
            assertNotNull(resource);
            return resource.etag("");
        }
    }

    @Test
    void aJarEntryChangedWithoutChangingItsLengthOrTimeGetsAnotherTag() throws IOException {
        String before = etag("v1.jar", "body{color:#fff}");
        String after = etag("v2.jar", "body{color:#000}");
        assertNotEquals(before, after, "a reproducible build of changed content must not keep the tag");
        assertEquals(before, etag("v3.jar", "body{color:#fff}"), "the same content keeps its tag");
    }

    @Test
    void aResourceInADirectoryRewrittenAfterItsLookupIsLookedUpAgain() throws IOException {
        Path web = Files.createDirectories(temp.resolve("classes/web"));
        Files.writeString(web.resolve("app.css"), "body{}");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {temp.resolve("classes").toUri().toURL()}, null)) {
            ResourceSource source = new ResourceSource(name -> loader.getResource("web/" + name));
            Source.Resource looked = source.lookup(List.of("app.css"));
            assertEquals(6, looked.length());
            try (Source.Body body = looked.open()) {
                assertNotNull(body);
            }
            // an IDE copies the edited resource into the output folder
            Path next = web.resolve("app.css.tmp");
            Files.writeString(next, "body{margin:0}");
            Files.move(next, web.resolve("app.css"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            assertNull(looked.open(), "never the new content under the old length and tag");
            assertEquals(14, source.lookup(List.of("app.css")).length());
        }
    }
}
