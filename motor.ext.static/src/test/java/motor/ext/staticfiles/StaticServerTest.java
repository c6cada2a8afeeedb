package motor.ext.staticfiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import motor.core.Server;
import motor.ext.staticfiles.internal.StaticExtension;
import motor.spi.Preconditions;
import motor.test.Curl;
import motor.test.RawClient;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The extension and the embedded API in a real server, called with the JDK client, curl and raw bytes. */
class StaticServerTest {

    private static final String HELLO = "hello world\n";
    private static final String SECRET = "TOP-SECRET-OUTSIDE-THE-ROOT";
    private static final int BIG = 20 * 1024 * 1024;
    private static final Instant PAST = Instant.parse("2024-01-02T03:04:05Z");

    private static TestServer server;
    private static Path root;
    private static Path outside;
    private static String bigSha;
    private static byte[] jsGzip;

    @BeforeAll
    static void start(@TempDir Path temp) throws Exception {
        root = Files.createDirectories(temp.resolve("root"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.writeString(temp.resolve("secret.txt"), SECRET);
        write("hello.txt", HELLO);
        write("index.html", "<!DOCTYPE html><title>home</title>root index\n");
        write("docs/index.html", "<!DOCTYPE html><title>docs</title>docs index\n");
        write("empty-dir/.keep", "");
        write("empty.txt", "");
        write("a b.txt", "spaced\n");
        write("\u00e9t\u00e9.txt", "summer\n");
        write(".env", "PASSWORD=" + SECRET);
        write(".git/config", SECRET);
        write("assets/app.0123abcd.js", "fingerprinted();\n");
        write("page.html", "<!DOCTYPE html><title>page</title>\n");
        write("robots.txt", "User-agent: *\n");
        write("digits.txt", "0123456789abcdefghij");

        String js = "console.log('precompressed');\n".repeat(50);
        write("app.js", js);
        jsGzip = gzip(js.getBytes(StandardCharsets.UTF_8));
        Files.write(root.resolve("app.js.gz"), jsGzip);
        Files.write(root.resolve("app.js.br"), "pretend-brotli".getBytes(StandardCharsets.US_ASCII));
        // a sibling older than its file is stale and never served
        write("old.css", "body{color:red}\n");
        Files.write(root.resolve("old.css.gz"), gzip("body{color:blue}\n".getBytes(StandardCharsets.UTF_8)));
        Files.setLastModifiedTime(root.resolve("old.css.gz"), FileTime.from(PAST));

        Files.createSymbolicLink(root.resolve("inside-link.txt"), root.resolve("hello.txt"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("escape.txt"), outside.resolve("secret.txt"));

        byte[] big = new byte[BIG];
        new Random(42).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        bigSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big));

        Path listed = Files.createDirectories(temp.resolve("listed"));
        Files.writeString(listed.resolve("<img src=x onerror=alert(1)>.txt"), "x");
        Files.writeString(listed.resolve("plain.txt"), "x");
        Files.writeString(listed.resolve(".hidden"), "x");
        Files.createDirectories(listed.resolve("sub dir"));
        Files.createSymbolicLink(listed.resolve("out-link"), outside);
        Files.createSymbolicLink(root.resolve("visible-link"), root.resolve(".env"));
        if (new java.io.File("/usr/bin/mkfifo").canExecute()) {
            Process mkfifo = new ProcessBuilder("/usr/bin/mkfifo", root.resolve("pipe").toString()).start();
            assertTrue(mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        }

        Map<String, Object> config = Map.of("mounts", List.of(
                Map.of("prefix", "/static", "dir", root.toString(),
                        "cacheControl", List.of(
                                Map.of("match", "assets/**", "value", "public, max-age=31536000, immutable"),
                                Map.of("match", "*.html", "value", "no-cache")),
                        "types", Map.of("txt", "text/plain; charset=utf-8", "env", "text/plain")),
                Map.of("prefix", "/browse/", "dir", listed.toString(), "listing", true),
                Map.of("prefix", "/cached", "dir", root.toString(), "metadataCache", 1000),
                Map.of("prefix", "/followed", "dir", root.toString(), "symlinksOutsideRoot", true,
                        "precompressed", List.of(), "index", List.of())));
        server = TestServer.start(Server.builder()
                .discoverExtensions(false)
                .extension(new StaticExtension())
                .config(Map.of("static", config))
                .routes(routes -> {
                    routes.get("/res/{path...}",
                            StaticFiles.resources(name -> StaticServerTest.class.getResource("/web/" + name)).build());
                    routes.get("/robots.txt", StaticFiles.directory(root).build());
                    routes.get("/ranges/{file...}", StaticFiles.directory(root).parameter("file").maxRanges(2).build());
                }));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void write(String name, String content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        return server.get(path, headers);
    }

    private static HttpResponse<byte[]> bytes(String path, String... headers) throws Exception {
        HttpRequest.Builder request = server.request(path);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return server.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    // ---- plain serving

    @Test
    void servesAFileWithValidators() throws Exception {
        HttpResponse<String> response = get("/static/hello.txt");
        assertEquals(200, response.statusCode());
        assertEquals(HELLO, response.body());
        assertEquals("text/plain; charset=utf-8", header(response, "Content-Type"));
        assertEquals(String.valueOf(HELLO.length()), header(response, "Content-Length"));
        assertEquals("bytes", header(response, "Accept-Ranges"));
        String etag = header(response, "ETag");
        assertTrue(Preconditions.isEntityTag(etag) && !etag.startsWith("W/"), etag);
        Instant modified = Files.getLastModifiedTime(root.resolve("hello.txt")).toInstant();
        assertEquals(Preconditions.formatDate(modified), header(response, "Last-Modified"));
        assertNull(header(response, "Vary"));
        assertNull(header(response, "Cache-Control"));
    }

    @Test
    void headHasTheHeadersOfGetWithoutBody() throws Exception {
        HttpResponse<String> get = get("/static/hello.txt");
        HttpResponse<String> head = server.send(server.request("/static/hello.txt")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        for (String name : List.of("Content-Length", "Content-Type", "ETag", "Last-Modified", "Accept-Ranges")) {
            assertEquals(header(get, name), header(head, name), name);
        }
        try (RawClient raw = server.raw()) {
            RawClient.Response response = raw.send("HEAD /static/big.bin HTTP/1.1\r\nHost: x\r\n\r\n").read("HEAD");
            assertEquals(200, response.status());
            assertEquals(String.valueOf(BIG), response.header("Content-Length"));
            assertEquals(0, response.body().length);
        }
    }

    @Test
    void contentTypesFromTableAndOverrides() throws Exception {
        assertEquals("text/html; charset=utf-8", header(get("/static/page.html"), "Content-Type"));
        assertEquals("text/javascript; charset=utf-8", header(get("/static/assets/app.0123abcd.js"), "Content-Type"));
        assertEquals("application/octet-stream", header(get("/static/big.bin", "Range", "bytes=0-0"), "Content-Type"));
        assertEquals("text/plain; charset=utf-8", header(get("/static/a%20b.txt"), "Content-Type"));
        assertEquals("summer\n", get("/static/%C3%A9t%C3%A9.txt").body());
        assertEquals("", get("/static/empty.txt").body());
    }

    @Test
    void cacheControlByPattern() throws Exception {
        assertEquals("public, max-age=31536000, immutable", header(get("/static/assets/app.0123abcd.js"), "Cache-Control"));
        assertEquals("no-cache", header(get("/static/page.html"), "Cache-Control"));
        assertEquals("no-cache", header(get("/static/docs/"), "Cache-Control"));
        assertNull(header(get("/static/hello.txt"), "Cache-Control"));
        HttpResponse<String> notModified = get("/static/page.html", "If-None-Match", header(get("/static/page.html"), "ETag"));
        assertEquals(304, notModified.statusCode());
        assertEquals("no-cache", header(notModified, "Cache-Control"));
    }

    @Test
    void directoriesIndexesAndRedirects() throws Exception {
        HttpResponse<String> redirect = get("/static/docs?x=1");
        assertEquals(301, redirect.statusCode());
        assertEquals("/static/docs/?x=1", header(redirect, "Location"));
        assertTrue(get("/static/docs/").body().contains("docs index"));
        assertTrue(get("/static/").body().contains("root index"));
        assertEquals("/static/", header(get("/static"), "Location"));
        assertEquals(404, get("/static/empty-dir/").statusCode());
        assertEquals(404, get("/static/hello.txt/").statusCode());
        assertEquals(404, get("/static/missing.txt").statusCode());
        assertEquals(404, get("/static/docs/missing/deeper.txt").statusCode());
        // a mount without index files does not serve them for a directory
        assertEquals(404, get("/followed/docs/").statusCode());
        // a route without a wildcard serves its whole path from the root
        assertEquals("User-agent: *\n", get("/robots.txt").body());
    }

    @Test
    void listingIsOffByDefaultAndEscapedWhenOn() throws Exception {
        assertEquals(404, get("/static/empty-dir/").statusCode());
        HttpResponse<String> listing = get("/browse/");
        assertEquals(200, listing.statusCode());
        assertEquals("text/html; charset=utf-8", header(listing, "Content-Type"));
        String page = listing.body();
        assertFalse(page.contains("<img"), page);
        assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;.txt"), page);
        assertTrue(page.contains("href=\"./sub%20dir/\""), page);
        assertTrue(page.contains("plain.txt"), page);
        assertFalse(page.contains(".hidden"), page);
        assertFalse(page.contains("out-link"), page);
        assertEquals(200, get("/browse/sub%20dir/").statusCode());
    }

    @Test
    void classPathResources() throws Exception {
        assertEquals("from the class path\n", get("/res/hello.txt").body());
        assertEquals("text/plain; charset=utf-8", header(get("/res/hello.txt"), "Content-Type"));
        assertTrue(get("/res/").body().contains("resource index"));
        assertEquals("body{}\n", get("/res/sub/style.css").body());
        assertEquals("/res/sub/", header(get("/res/sub"), "Location"));
        assertEquals(404, get("/res/missing.txt").statusCode());
        assertEquals(404, get("/res/..%2fmotor").statusCode());
        HttpResponse<String> range = get("/res/hello.txt", "Range", "bytes=5-8");
        assertEquals(206, range.statusCode());
        assertEquals("the ", range.body());
        assertEquals("bytes 5-8/20", header(range, "Content-Range"));
        String etag = header(get("/res/hello.txt"), "ETag");
        assertNotNull(etag, "a file: resource has a modification time, so a tag");
        assertEquals(304, get("/res/hello.txt", "If-None-Match", etag).statusCode());
        HttpResponse<String> multi = get("/res/hello.txt", "Range", "bytes=0-3,10-13");
        assertEquals(206, multi.statusCode());
        assertTrue(multi.body().contains("from") && multi.body().contains("lass"), multi.body());
    }

    // ---- conditionals

    @Test
    void ifNoneMatch() throws Exception {
        String etag = header(get("/static/hello.txt"), "ETag");
        HttpResponse<String> notModified = get("/static/hello.txt", "If-None-Match", etag);
        assertEquals(304, notModified.statusCode());
        assertEquals("", notModified.body());
        assertEquals(etag, header(notModified, "ETag"));
        assertEquals(304, get("/static/hello.txt", "If-None-Match", "W/" + etag).statusCode());
        assertEquals(304, get("/static/hello.txt", "If-None-Match", "\"nope\", " + etag).statusCode());
        assertEquals(304, get("/static/hello.txt", "If-None-Match", "*").statusCode());
        assertEquals(200, get("/static/hello.txt", "If-None-Match", "\"nope\"").statusCode());
        assertEquals(200, get("/static/hello.txt", "If-None-Match", "garbage").statusCode());
    }

    @Test
    void ifModifiedSince() throws Exception {
        String lastModified = header(get("/static/hello.txt"), "Last-Modified");
        assertEquals(304, get("/static/hello.txt", "If-Modified-Since", lastModified).statusCode());
        assertEquals(304, get("/static/hello.txt", "If-Modified-Since", Preconditions.formatDate(Instant.now())).statusCode());
        assertEquals(200, get("/static/hello.txt", "If-Modified-Since", Preconditions.formatDate(PAST)).statusCode());
        assertEquals(200, get("/static/hello.txt", "If-Modified-Since", "not a date").statusCode());
        // If-None-Match wins over If-Modified-Since
        assertEquals(200, get("/static/hello.txt", "If-None-Match", "\"old\"", "If-Modified-Since", lastModified).statusCode());
    }

    @Test
    void ifMatchAndIfUnmodifiedSince() throws Exception {
        HttpResponse<String> plain = get("/static/hello.txt");
        String etag = header(plain, "ETag");
        assertEquals(200, get("/static/hello.txt", "If-Match", etag).statusCode());
        assertEquals(200, get("/static/hello.txt", "If-Match", "*").statusCode());
        assertEquals(412, get("/static/hello.txt", "If-Match", "\"other\"").statusCode());
        assertEquals(412, get("/static/hello.txt", "If-Match", "W/" + etag).statusCode());
        assertEquals(412, get("/static/hello.txt", "If-Unmodified-Since", Preconditions.formatDate(PAST)).statusCode());
        assertEquals(200, get("/static/hello.txt", "If-Unmodified-Since", header(plain, "Last-Modified")).statusCode());
        // If-Match wins over If-Unmodified-Since
        assertEquals(200, get("/static/hello.txt", "If-Match", etag, "If-Unmodified-Since", Preconditions.formatDate(PAST)).statusCode());
        // a failed If-Match comes before a matching If-None-Match
        assertEquals(412, get("/static/hello.txt", "If-Match", "\"x\"", "If-None-Match", etag).statusCode());
    }

    // ---- ranges

    @Test
    void singleSuffixAndOpenRanges() throws Exception {
        HttpResponse<String> first = get("/static/digits.txt", "Range", "bytes=0-4");
        assertEquals(206, first.statusCode());
        assertEquals("01234", first.body());
        assertEquals("bytes 0-4/20", header(first, "Content-Range"));
        assertEquals("5", header(first, "Content-Length"));
        assertEquals("text/plain; charset=utf-8", header(first, "Content-Type"));
        assertNotNull(header(first, "ETag"));
        HttpResponse<String> suffix = get("/static/digits.txt", "Range", "bytes=-3");
        assertEquals("hij", suffix.body());
        assertEquals("bytes 17-19/20", header(suffix, "Content-Range"));
        HttpResponse<String> open = get("/static/digits.txt", "Range", "bytes=15-");
        assertEquals("fghij", open.body());
        assertEquals("bytes 15-19/20", header(open, "Content-Range"));
        assertEquals("0123456789abcdefghij", get("/static/digits.txt", "Range", "bytes=0-999").body());
    }

    @Test
    void overlappingRangesMergeIntoOne() throws Exception {
        HttpResponse<String> merged = get("/static/digits.txt", "Range", "bytes=0-4,3-7,8-9");
        assertEquals(206, merged.statusCode());
        assertEquals("bytes 0-9/20", header(merged, "Content-Range"));
        assertEquals("0123456789", merged.body());
    }

    @Test
    void severalRangesAsMultipart() throws Exception {
        HttpResponse<String> response = get("/static/digits.txt", "Range", "bytes=10-12,0-1");
        assertEquals(206, response.statusCode());
        String type = header(response, "Content-Type");
        assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
        String boundary = type.substring(type.indexOf('=') + 1);
        String expected = "\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-1/20\r\n\r\n01"
                + "\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 10-12/20\r\n\r\nabc"
                + "\r\n--" + boundary + "--\r\n";
        assertEquals(expected, response.body());
        assertEquals(String.valueOf(expected.length()), header(response, "Content-Length"));
        assertNull(header(response, "Content-Range"));
    }

    @Test
    void unsatisfiableRangeIs416WithTheLength() throws Exception {
        HttpResponse<String> response = get("/static/digits.txt", "Range", "bytes=20-");
        assertEquals(416, response.statusCode());
        assertEquals("bytes */20", header(response, "Content-Range"));
        assertEquals(416, get("/static/digits.txt", "Range", "bytes=-0").statusCode());
    }

    @Test
    void rangesThatAreIgnored() throws Exception {
        // malformed, another unit, too many specs, empty file, HEAD: the whole representation
        assertEquals(200, get("/static/digits.txt", "Range", "bytes=5-1").statusCode());
        assertEquals(200, get("/static/digits.txt", "Range", "lines=1-2").statusCode());
        assertEquals(200, get("/ranges/digits.txt", "Range", "bytes=0-0,2-2,4-4").statusCode());
        assertEquals(206, get("/ranges/digits.txt", "Range", "bytes=0-0,2-2").statusCode());
        assertEquals(200, get("/static/empty.txt", "Range", "bytes=0-").statusCode());
    }

    @Test
    void ifRange() throws Exception {
        HttpResponse<String> plain = get("/static/digits.txt");
        String etag = header(plain, "ETag");
        assertEquals(206, get("/static/digits.txt", "Range", "bytes=0-1", "If-Range", etag).statusCode());
        assertEquals(200, get("/static/digits.txt", "Range", "bytes=0-1", "If-Range", "\"stale\"").statusCode());
        assertEquals(200, get("/static/digits.txt", "Range", "bytes=0-1", "If-Range", "W/" + etag).statusCode());
        assertEquals(206, get("/static/digits.txt", "Range", "bytes=0-1", "If-Range", header(plain, "Last-Modified")).statusCode());
        assertEquals(200, get("/static/digits.txt", "Range", "bytes=0-1", "If-Range", Preconditions.formatDate(PAST)).statusCode());
        // If-Range does not turn an unsatisfiable range into a 416 when it fails
        assertEquals(200, get("/static/digits.txt", "Range", "bytes=99-", "If-Range", "\"stale\"").statusCode());
    }

    // ---- precompressed variants

    @Test
    void precompressedVariantsByAcceptEncoding() throws Exception {
        HttpResponse<byte[]> gz = bytes("/static/app.js", "Accept-Encoding", "gzip");
        assertEquals(200, gz.statusCode());
        assertEquals("gzip", header(gz, "Content-Encoding"));
        assertArrayEquals(jsGzip, gz.body());
        assertEquals("Accept-Encoding", header(gz, "Vary"));
        assertEquals("text/javascript; charset=utf-8", header(gz, "Content-Type"));

        HttpResponse<String> br = get("/static/app.js", "Accept-Encoding", "gzip, br");
        assertEquals("br", header(br, "Content-Encoding"));
        assertEquals("pretend-brotli", br.body());
        assertEquals("gzip", header(get("/static/app.js", "Accept-Encoding", "gzip, br;q=0.5"), "Content-Encoding"));

        HttpResponse<String> identity = get("/static/app.js");
        assertNull(header(identity, "Content-Encoding"));
        assertEquals("Accept-Encoding", header(identity, "Vary"));
        assertTrue(identity.body().startsWith("console.log"));
        assertNull(header(get("/static/app.js", "Accept-Encoding", "gzip;q=0, br;q=0"), "Content-Encoding"));

        // each variant has its own tag, and conditionals use the selected one
        String gzTag = header(gz, "ETag");
        String plainTag = header(identity, "ETag");
        assertNotEquals(gzTag, plainTag);
        HttpResponse<String> notModified = get("/static/app.js", "Accept-Encoding", "gzip", "If-None-Match", gzTag);
        assertEquals(304, notModified.statusCode());
        assertEquals("Accept-Encoding", header(notModified, "Vary"));
        assertEquals(200, get("/static/app.js", "Accept-Encoding", "gzip", "If-None-Match", plainTag).statusCode());
    }

    @Test
    void rangesOfAVariantAreOfItsEncodedBytes() throws Exception {
        HttpResponse<byte[]> part = bytes("/static/app.js", "Accept-Encoding", "gzip", "Range", "bytes=0-9");
        assertEquals(206, part.statusCode());
        assertEquals("gzip", header(part, "Content-Encoding"));
        assertArrayEquals(java.util.Arrays.copyOf(jsGzip, 10), part.body());
        assertEquals("bytes 0-9/" + jsGzip.length, header(part, "Content-Range"));
    }

    @Test
    void staleSiblingIsNotServed() throws Exception {
        HttpResponse<String> response = get("/static/old.css", "Accept-Encoding", "gzip");
        assertNull(header(response, "Content-Encoding"));
        assertEquals("body{color:red}\n", response.body());
    }

    @Test
    void precompressedCanBeTurnedOff() throws Exception {
        HttpResponse<String> response = get("/followed/app.js", "Accept-Encoding", "gzip, br");
        assertNull(header(response, "Content-Encoding"));
        assertNull(header(response, "Vary"));
    }

    // ---- path safety

    @ParameterizedTest
    @ValueSource(strings = {"/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/%2E%2E/%2e%2e/secret.txt",
        "/static/..%2fsecret.txt", "/static/..%2Fsecret.txt", "/static/%2e%2e%2fsecret.txt", "/static/..%5csecret.txt",
        "/static/..%5Csecret.txt", "/static/hello.txt%00.png", "/static/%00", "/static/%252e%252e/secret.txt",
        "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/./../secret.txt", "/static/docs/../../secret.txt",
        "/static/../../../../../../etc/passwd", "/static/escape/secret.txt", "/static/escape.txt",
        "/static/.env", "/static/.git/config", "/static/%2eenv", "/static/.%2e/secret.txt", "/static/%2e./secret.txt",
        "/static/docs/..;/..;/secret.txt", "/static/.git%2fconfig", "/static/hello.txt%2f", "/static/%c0%ae%c0%ae/secret.txt",
        "/static/..%c0%afsecret.txt", "/static/%u002e%u002e/secret.txt", "/static/\\..\\secret.txt",
        "/static/hello.txt%0d%0aSet-Cookie:x=1", "/static/..%00/secret.txt", "/static/escape%2fsecret.txt"})
    void traversalAndHiddenFilesAreRefused(String target) throws Exception {
        try (RawClient raw = server.raw()) {
            RawClient.Response response = raw.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertTrue(response.status() == 404 || response.status() == 400, target + " -> " + response.statusLine());
            String body = response.text();
            assertFalse(body.contains(SECRET), target);
            assertFalse(body.contains("root:"), target);
            assertFalse(body.contains(".."), target + " echoed: " + body);
        }
    }

    @Test
    void symlinksInsideTheRootAreFollowedAndOutsideOnlyWhenAllowed() throws Exception {
        assertEquals(HELLO, get("/static/inside-link.txt").body());
        assertEquals(404, get("/static/escape.txt").statusCode());
        assertEquals(404, get("/static/escape/secret.txt").statusCode());
        assertEquals(SECRET, get("/followed/escape.txt").body());
        assertEquals(SECRET, get("/followed/escape/secret.txt").body());
        assertEquals(404, get("/followed/.env").statusCode());
        // a link inside the root that leads to a hidden file is hidden too
        assertEquals(404, get("/static/visible-link").statusCode());
        assertEquals(404, get("/followed/visible-link").statusCode());
    }

    @Test
    void specialFilesAreNeverOpened() throws Exception {
        Assumptions.assumeTrue(Files.exists(root.resolve("pipe")), "mkfifo is not available");
        // opening a FIFO would block until a writer came; it must answer at once instead
        assertEquals(404, get("/static/pipe").statusCode());
    }

    @Test
    void onlyGetAndHead() throws Exception {
        HttpResponse<String> post = server.send(server.request("/static/hello.txt")
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(405, post.statusCode());
    }

    // ---- large and changing files

    @Test
    void twentyMegabytesArriveIntact() throws Exception {
        HttpResponse<InputStream> response = server.send(server.request("/static/big.bin"),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(BIG), header(response, "Content-Length"));
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(response.body(), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        assertEquals(bigSha, HexFormat.of().formatHex(digest.digest()));
    }

    @Test
    void rangeDeepInsideALargeFile() throws Exception {
        long start = BIG - 1_000_000L;
        HttpResponse<byte[]> response = bytes("/static/big.bin", "Range", "bytes=" + start + "-" + (start + 99_999));
        assertEquals(206, response.statusCode());
        byte[] expected = new byte[100_000];
        try (var channel = java.nio.channels.FileChannel.open(root.resolve("big.bin"))) {
            channel.read(java.nio.ByteBuffer.wrap(expected), start);
        }
        assertArrayEquals(expected, response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static", "/cached"})
    void aFileChangedWhileTheServerRunsIsServedChanged(String prefix) throws Exception {
        write("changing.txt", "version one\n");
        Files.setLastModifiedTime(root.resolve("changing.txt"), FileTime.from(PAST));
        HttpResponse<String> before = get(prefix + "/changing.txt");
        assertEquals(before.headers().firstValue("ETag"), get(prefix + "/changing.txt").headers().firstValue("ETag"));
        assertEquals("version one\n", before.body());
        String oldTag = header(before, "ETag");

        write("changing.txt", "version two, longer\n");
        HttpResponse<String> after = get(prefix + "/changing.txt", "If-None-Match", oldTag);
        assertEquals(200, after.statusCode());
        assertEquals("version two, longer\n", after.body());
        assertNotEquals(oldTag, header(after, "ETag"));
        assertEquals(304, get(prefix + "/changing.txt", "If-None-Match", header(after, "ETag")).statusCode());

        Files.delete(root.resolve("changing.txt"));
        assertEquals(404, get(prefix + "/changing.txt").statusCode());
        write("changing.txt", "version three\n");
        assertEquals("version three\n", get(prefix + "/changing.txt").body());
        Files.delete(root.resolve("changing.txt"));
    }

    @Test
    void clientsLeavingMidDownloadLeaveNoOpenFile() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        Assumptions.assumeTrue(Files.isDirectory(fds), "no /proc to count open files");
        for (int i = 0; i < 5; i++) {
            try (RawClient raw = server.raw()) {
                raw.send("GET /static/big.bin HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(raw.socket().getInputStream().readNBytes(1024).length > 0);
            } // closed with most of the 20 MB unsent
        }
        try (RawClient raw = server.raw()) {
            raw.send("GET /static/digits.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1,4-5\r\n\r\n");
            assertEquals(206, raw.read().status());
        }
        // the server notices each broken connection on its next write; wait for that, bounded
        long deadline = System.nanoTime() + 20_000_000_000L;
        long open;
        do {
            open = openFiles(fds, root.resolve("big.bin").toRealPath()) + openFiles(fds, root.resolve("digits.txt").toRealPath());
            if (open > 0) {
                Thread.sleep(50);
            }
        } while (open > 0 && System.nanoTime() < deadline);
        assertEquals(0, open, "file channels left open");
    }

    private static long openFiles(Path fds, Path file) throws IOException {
        long count = 0;
        try (var stream = Files.newDirectoryStream(fds)) {
            for (Path fd : stream) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file)) {
                        count++;
                    }
                } catch (IOException e) {
                    // closed while we looked
                }
            }
        }
        return count;
    }

    // ---- curl

    @Test
    void curlRangesConditionalsAndCompression() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        String uri = server.uri("/static/digits.txt").toString();
        Curl.Result range = Curl.run("--include", "-r", "2-5", uri);
        assertEquals(206, range.status(), range.err());
        assertEquals("2345", range.body());
        assertEquals("bytes 2-5/20", range.header("Content-Range"));

        Curl.Result multi = Curl.run("--include", "-r", "0-0,-1", uri);
        assertEquals(206, multi.status(), multi.err());
        assertTrue(multi.header("Content-Type").startsWith("multipart/byteranges"));

        Curl.Result beyond = Curl.run("--include", "-r", "50-60", uri);
        assertEquals(416, beyond.status(), beyond.err());
        assertEquals("bytes */20", beyond.header("Content-Range"));

        Curl.Result first = Curl.run("--include", uri);
        String etag = first.header("ETag");
        Curl.Result notModified = Curl.run("--include", "-H", "If-None-Match: " + etag, uri);
        assertEquals(304, notModified.status(), notModified.err());
        assertEquals("", notModified.body());

        Curl.Result since = Curl.run("--include", "-z", first.header("Last-Modified"), uri);
        assertEquals(304, since.status(), since.err());
        Curl.Result older = Curl.run("--include", "-z", Preconditions.formatDate(PAST), uri);
        assertEquals(200, older.status(), older.err());

        Curl.Result resumed = Curl.run("--include", "-r", "10-", "-H", "If-Range: " + etag, uri);
        assertEquals(206, resumed.status(), resumed.err());
        assertEquals("abcdefghij", resumed.body());

        Curl.Result compressed = Curl.run("--include", "--compressed", "-H", "Accept-Encoding: gzip",
                server.uri("/static/app.js").toString());
        assertEquals(200, compressed.status(), compressed.err());
        assertEquals("gzip", compressed.header("Content-Encoding"));
        assertEquals(Files.readString(root.resolve("app.js")), compressed.body());

        Curl.Result traversal = Curl.run("--include", "--path-as-is", server.uri("/static/").toString() + "../secret.txt");
        assertFalse(traversal.out().contains(SECRET));
        Curl.Result head = Curl.run("--head", server.uri("/static/big.bin").toString());
        assertEquals(200, head.status(), head.err());
        assertEquals(String.valueOf(BIG), head.header("Content-Length"));
    }

    @Test
    void curlDownloadsTheLargeFileIntact(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Path out = dir.resolve("big.bin");
        Curl.Result result = Curl.run("-o", out.toString(), "-w", "%{http_code}", server.uri("/static/big.bin").toString());
        assertEquals("200", result.out(), result.err());
        assertEquals(bigSha, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out))));
    }
}
