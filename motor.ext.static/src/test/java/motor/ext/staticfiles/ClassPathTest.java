package motor.ext.staticfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import motor.core.Server;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class-path resources from a jar, as an application packaged in one would serve them. */
class ClassPathTest {

    private static TestServer server;
    private static URLClassLoader loader;

    @BeforeAll
    static void start(@TempDir Path temp) throws Exception {
        Path jar = temp.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "web/", null);
            entry(out, "web/app.css", "body{margin:0}\n");
            entry(out, "web/docs/", null);
            entry(out, "web/docs/index.html", "<!DOCTYPE html><title>d</title>jar docs\n");
            entry(out, "web/.hidden", "hidden\n");
            entry(out, "secret.txt", "OUTSIDE-THE-BASE\n");
            entry(out, "motor/Secret.class", "not really a class\n");
        }
        loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        server = TestServer.start(Server.builder().discoverExtensions(false).routes(routes ->
                routes.get("/jar/{path...}", StaticFiles.classpath(loader, "/web/").build())));
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (loader != null) {
            loader.close();
        }
    }

    private static void entry(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        if (content != null) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
    }

    @Test
    void servesJarEntriesWithValidatorsAndRanges() throws Exception {
        HttpResponse<String> css = server.get("/jar/app.css");
        assertEquals(200, css.statusCode());
        assertEquals("body{margin:0}\n", css.body());
        assertEquals("text/css; charset=utf-8", css.headers().firstValue("Content-Type").orElseThrow());
        String etag = css.headers().firstValue("ETag").orElse(null);
        assertNotNull(etag, "jar entries carry a time, so a tag");
        assertEquals(304, server.get("/jar/app.css", "If-None-Match", etag).statusCode());
        HttpResponse<String> range = server.get("/jar/app.css", "Range", "bytes=0-3");
        assertEquals(206, range.statusCode());
        assertEquals("body", range.body());
    }

    @Test
    void directoriesInAJar() throws Exception {
        assertEquals("/jar/docs/", server.get("/jar/docs").headers().firstValue("Location").orElse(null));
        assertTrue(server.get("/jar/docs/").body().contains("jar docs"));
        assertEquals(404, server.get("/jar/").statusCode(), "no index, and resources are never listed");
    }

    @Test
    void nothingOutsideTheBaseOrHidden() throws Exception {
        for (String path : new String[] {"/jar/../secret.txt", "/jar/..%2fsecret.txt", "/jar/%2e%2e/secret.txt",
            "/jar/.hidden", "/jar/../motor/Secret.class", "/jar/missing.css"}) {
            HttpResponse<String> response = server.get(path);
            assertTrue(response.statusCode() == 404 || response.statusCode() == 400, path);
            assertFalse(response.body().contains("OUTSIDE"), path);
        }
    }

    @Test
    void baseMustBeAFolder() {
        ClassLoader any = ClassPathTest.class.getClassLoader();
        assertThrows(IllegalArgumentException.class, () -> StaticFiles.classpath(any, ""));
        assertThrows(IllegalArgumentException.class, () -> StaticFiles.classpath(any, "/"));
        assertThrows(IllegalArgumentException.class, () -> StaticFiles.classpath(any, "web/../.."));
    }
}
