package motor.ext.staticfiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import motor.test.TestRequest;
import motor.test.TestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handler against sources that change under it, without a server. */
class FileHandlerTest {

    @TempDir
    Path temp;

    private static Options options() {
        return new Options(List.of("index.html"), false, 10, false, List.of(), 16, List.of(), new MediaTypes(Map.of()),
                null);
    }

    @Test
    void aFileReplacedBetweenLookupAndOpenIsServedWholeWithItsOwnLengthAndTag() throws Exception {
        Path root = temp.toRealPath();
        Path file = root.resolve("app.js");
        Files.writeString(file, "old();");
        String fresh = "a new and longer version();";
        DirectorySource files = new DirectorySource(root, false, false, 0);
        // the first opening finds the file renamed over by a deployment since its lookup
        Source racing = new Source() {
            private boolean replaced;

            @Override
            public Resource lookup(List<String> names) throws IOException {
                Resource found = files.lookup(names);
                if (found == null || found.directory()) {
                    return found;
                }
                return new Resource() {
                    @Override
                    public boolean directory() {
                        return false;
                    }

                    @Override
                    public long length() {
                        return found.length();
                    }

                    @Override
                    public java.time.Instant lastModified() {
                        return found.lastModified();
                    }

                    @Override
                    public String etag(String marker) {
                        return found.etag(marker);
                    }

                    @Override
                    public Body open() throws IOException {
                        if (!replaced) {
                            replaced = true;
                            Path next = root.resolve("app.js.tmp");
                            Files.writeString(next, fresh);
                            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        }
                        return found.open();
                    }
                };
            }

            @Override
            public List<Listing.Entry> list(Resource directory, int max) {
                return null;
            }
        };
        TestResponse response = new TestResponse();
        new FileHandler(racing, options()).handle(TestRequest.builder("GET", "/app.js").build(), response);

        assertEquals(200, response.status());
        assertEquals(fresh, new String(response.body(), StandardCharsets.UTF_8));
        assertEquals(files.lookup(List.of("app.js")).etag(""), response.headers().first("ETag"));
    }

    @Test
    void varyOfEarlierMiddlewareIsKept() throws Exception {
        Path root = temp.toRealPath();
        Files.writeString(root.resolve("app.js"), "app();");
        Files.writeString(root.resolve("app.js.gz"), "pretend-gzip");
        Options options = new Options(List.of(), false, 10, false, List.of("gzip"), 16, List.of(),
                new MediaTypes(Map.of()), null);
        TestResponse response = new TestResponse();
        response.headers().set("Vary", "Origin");
        new FileHandler(new DirectorySource(root, false, false, 0), options)
                .handle(TestRequest.builder("GET", "/app.js").header("Accept-Encoding", "gzip").build(), response);

        assertEquals("gzip", response.headers().first("Content-Encoding"));
        assertEquals(List.of("Origin, Accept-Encoding"), response.headers().all("Vary"));
    }

    @Test
    void contentIsNeverSniffed() throws Exception {
        Path root = temp.toRealPath();
        Files.writeString(root.resolve("notes.txt"), "<script>alert(1)</script>");
        Files.writeString(root.resolve("upload"), "<html><script>alert(1)</script>");
        Files.createDirectories(root.resolve("dir"));
        Options listing = new Options(List.of(), true, 10, false, List.of(), 16, List.of(), new MediaTypes(Map.of()),
                null);
        FileHandler handler = new FileHandler(new DirectorySource(root, false, false, 0), listing);
        for (String target : List.of("/notes.txt", "/upload", "/dir/")) {
            TestResponse response = new TestResponse();
            handler.handle(TestRequest.builder("GET", target).build(), response);
            assertEquals(200, response.status(), target);
            assertEquals("nosniff", response.headers().first("X-Content-Type-Options"), target);
        }
        TestResponse range = new TestResponse();
        handler.handle(TestRequest.builder("GET", "/notes.txt").header("Range", "bytes=0-7").build(), range);
        assertEquals(206, range.status());
        assertEquals("nosniff", range.headers().first("X-Content-Type-Options"));
    }

    @Test
    void aTimeBeforeYearOneIsNoValidatorRatherThanAnError() throws Exception {
        // tmpfs and btrfs keep such times (touch -d @-70000000000); ext4 clamps them, so a source stands in
        Instant ancient = Instant.parse("-0249-10-15T19:33:20Z");
        Source source = new Source() {
            @Override
            public Resource lookup(List<String> names) {
                return new Resource() {
                    @Override
                    public boolean directory() {
                        return names.isEmpty();
                    }

                    @Override
                    public long length() {
                        return 2;
                    }

                    @Override
                    public Instant lastModified() {
                        return ancient;
                    }

                    @Override
                    public String etag(String marker) {
                        return "\"old\"";
                    }

                    @Override
                    public Body open() {
                        return new Body() {
                            @Override
                            public void send(motor.spi.Response response, long position, long count) throws IOException {
                                response.send("ok".getBytes(StandardCharsets.US_ASCII));
                            }

                            @Override
                            public void copy(java.io.OutputStream out, long position, long count) {
                            }

                            @Override
                            public void close() {
                            }
                        };
                    }
                };
            }

            @Override
            public List<Listing.Entry> list(Resource directory, int max) {
                return null;
            }
        };
        TestResponse response = new TestResponse();
        new FileHandler(source, options()).handle(TestRequest.builder("GET", "/old.txt")
                .header("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT").build(), response);
        assertEquals(200, response.status());
        assertEquals("ok", response.text());
        assertEquals("\"old\"", response.headers().first("ETag"));
        assertNull(response.headers().first("Last-Modified"));
    }

    @Test
    void aFileThatCannotBeOpenedIsAbsent() throws Exception {
        Path root = temp.toRealPath();
        Files.writeString(root.resolve("locked.txt"), "secret");
        DirectorySource files = new DirectorySource(root, false, false, 0);
        // as a file without read permission behaves for a process not running as root
        Source unreadable = new Source() {
            @Override
            public Resource lookup(List<String> names) throws IOException {
                Resource found = files.lookup(names);
                return found == null || found.directory() ? found : new Resource() {
                    @Override
                    public boolean directory() {
                        return false;
                    }

                    @Override
                    public long length() {
                        return found.length();
                    }

                    @Override
                    public Instant lastModified() {
                        return found.lastModified();
                    }

                    @Override
                    public String etag(String marker) {
                        return found.etag(marker);
                    }

                    @Override
                    public Body open() {
                        return null;
                    }
                };
            }

            @Override
            public List<Listing.Entry> list(Resource directory, int max) {
                return null;
            }
        };
        motor.spi.HttpException e = org.junit.jupiter.api.Assertions.assertThrows(motor.spi.HttpException.class,
                () -> new FileHandler(unreadable, options()).handle(TestRequest.builder("GET", "/locked.txt").build(),
                        new TestResponse()));
        assertEquals(404, e.status());
    }
}
