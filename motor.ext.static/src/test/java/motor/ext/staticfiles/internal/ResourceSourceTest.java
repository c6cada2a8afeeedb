package motor.ext.staticfiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
}
