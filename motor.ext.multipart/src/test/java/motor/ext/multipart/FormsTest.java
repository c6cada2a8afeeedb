package motor.ext.multipart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import motor.ext.multipart.internal.FormScope;
import motor.spi.HttpException;
import motor.test.TestRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The form API on requests whose bodies come from memory. */
class FormsTest {

    @TempDir
    Path temp;

    private FormOptions options() {
        return FormOptions.defaults().withTempDirectory(temp).withFileThreshold(16);
    }

    private static byte[] bytes(int size, int seed) {
        byte[] data = new byte[size];
        new java.util.Random(seed).nextBytes(data);
        return data;
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            return files.toList();
        }
    }

    /** A POST of this body with this {@code Content-Type} (none when null), in memory. */
    private static TestRequest request(String contentType, byte[] body) {
        return request(contentType, new ByteArrayInputStream(body), body.length);
    }

    /** The same with the body from a stream: {@code length} -1 for one of unknown length (chunked). */
    private static TestRequest request(String contentType, InputStream body, long length) {
        TestRequest.Builder request = TestRequest.builder("POST", "/form").body(body, length);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return request.build();
    }

    private static HttpException failure(TestRequest request, FormOptions options) {
        return assertThrows(HttpException.class, () -> Forms.read(request, options));
    }

    @Test
    void fieldsAreOrderedAndMultiValued() throws IOException {
        byte[] body = new Multipart().field("b", "2").field("a", "1").field("b", "3 \u00e9\u20ac").build();
        try (Form form = Forms.read(request(Multipart.TYPE, body), options())) {
            assertEquals(List.of("b", "a"), List.copyOf(form.fields().names()));
            assertEquals(List.of("2", "3 \u00e9\u20ac"), form.fields().all("b"));
            assertEquals("1", form.field("a"));
            assertNull(form.field("c"));
            assertTrue(form.files().isEmpty());
        }
    }

    @Test
    void smallFilesStayInMemory() throws IOException {
        byte[] body = new Multipart().file("doc", "../../notes.txt", "text/plain", "hello".getBytes(StandardCharsets.US_ASCII))
                .build();
        try (Form form = Forms.read(request(Multipart.TYPE, body), options())) {
            FilePart file = form.file("doc");
            assertEquals("doc", file.name());
            assertEquals("notes.txt", file.filename());
            assertEquals("../../notes.txt", file.rawFilename());
            assertEquals("text/plain", file.contentType());
            assertEquals(5, file.size());
            assertTrue(file.inMemory());
            assertTrue(file.path().isEmpty());
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), file.bytes());
            try (InputStream in = file.open()) {
                assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
            }
            assertEquals(List.of(), tempFiles());
        }
    }

    @Test
    void largeFilesGoToAnOwnerOnlyTempFileThatCloseDeletes() throws IOException {
        byte[] content = bytes(100_000, 1);
        byte[] body = new Multipart().field("t", "x").file("f", "big.bin", "application/octet-stream", content).build();
        Form form = Forms.read(request(Multipart.TYPE, body), options());
        FilePart file = form.file("f");
        assertFalse(file.inMemory());
        Path path = file.path().orElseThrow();
        assertEquals(List.of(path), tempFiles());
        assertTrue(path.getFileName().toString().startsWith("motor-upload-"));
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        }
        assertEquals(content.length, file.size());
        try (InputStream in = file.open()) {
            assertArrayEquals(content, in.readAllBytes());
        }
        form.close();
        assertEquals(List.of(), tempFiles());
        assertThrows(IllegalStateException.class, file::open);
        form.close(); // twice is harmless
        assertEquals("x", form.field("t"), "fields stay readable");
    }

    @Test
    void failureMidwayDeletesWhatWasWritten() throws IOException {
        byte[] unfinished = new Multipart().file("a", "a.bin", "application/octet-stream", bytes(5000, 2))
                .file("b", "b.bin", "application/octet-stream", bytes(5000, 3)).unfinished();
        HttpException e = failure(request(Multipart.TYPE, unfinished), options());
        assertEquals(400, e.status());
        assertEquals("the multipart body ended before its close delimiter", e.getMessage());
        assertEquals(List.of(), tempFiles());

        byte[] tooBig = new Multipart().file("a", "a.bin", "application/octet-stream", bytes(5000, 2))
                .file("b", "b.bin", "application/octet-stream", bytes(9000, 3)).build();
        e = failure(request(Multipart.TYPE, tooBig), options().withMaxPartSize(8000));
        assertEquals(413, e.status());
        assertEquals("a file part is larger than multipart.maxPartSize (8000 bytes)", e.getMessage());
        assertEquals(List.of(), tempFiles());

        // a body that breaks off (the client went away) is an IOException; files go all the same
        InputStream broken = new java.io.SequenceInputStream(new ByteArrayInputStream(unfinished), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        });
        assertThrows(IOException.class, () -> Forms.read(request(Multipart.TYPE, broken, -1), options()));
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void transferToMovesTheTempFileAndCloseLeavesItAlone(@TempDir Path storage) throws IOException {
        byte[] big = bytes(50_000, 4);
        byte[] small = "tiny".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new Multipart().file("big", "big.bin", "application/octet-stream", big)
                .file("small", "small.txt", "text/plain", small).build();
        Form form = Forms.read(request(Multipart.TYPE, body), options());
        FilePart file = form.file("big");
        Path target = storage.resolve(file.filename());
        assertEquals(target, file.transferTo(target));
        assertEquals(target, file.path().orElseThrow());
        assertEquals(List.of(), tempFiles());
        assertArrayEquals(big, file.bytes(), "reads from where it went");

        Path copy = storage.resolve("copy.bin");
        file.transferTo(copy);
        assertArrayEquals(big, Files.readAllBytes(copy));

        FilePart tiny = form.file("small");
        Path tinyTarget = storage.resolve("small.txt");
        tiny.transferTo(tinyTarget);
        assertThrows(FileAlreadyExistsException.class, () -> tiny.transferTo(tinyTarget));
        tiny.transferTo(tinyTarget, StandardCopyOption.REPLACE_EXISTING);
        assertArrayEquals(small, Files.readAllBytes(tinyTarget));

        form.close();
        assertArrayEquals(big, Files.readAllBytes(target), "moved files are the application's");
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void filesBeyondTheMemoryBudgetGoToDiskEvenWhenSmall() throws IOException {
        byte[] body = new Multipart().file("a", "a", "x/y", bytes(150, 5)).file("b", "b", "x/y", bytes(150, 6))
                .file("c", "c", "x/y", bytes(150, 7)).build();
        try (Form form = Forms.read(request(Multipart.TYPE, body),
                options().withFileThreshold(200).withMaxMemorySize(400))) {
            assertTrue(form.file("a").inMemory());
            assertTrue(form.file("b").inMemory());
            assertFalse(form.file("c").inMemory());
            assertEquals(1, tempFiles().size());
        }
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void emptyFileInputAsBrowsersSendIt() throws IOException {
        byte[] body = new Multipart().file("photo", "", "application/octet-stream", new byte[0]).build();
        try (Form form = Forms.read(request(Multipart.TYPE, body), options().withFileThreshold(0))) {
            FilePart file = form.file("photo");
            assertEquals("", file.rawFilename());
            assertEquals("unnamed", file.filename());
            assertEquals(0, file.size());
            assertTrue(file.inMemory(), "an empty file needs no temp file");
        }
    }

    @Test
    void namesAndFilenamesAsClientsEncodeThem() throws IOException {
        byte[] body = new Multipart()
                .part("Content-Disposition: form-data; name=\"q%22uote\"\r\n", "v".getBytes(StandardCharsets.US_ASCII))
                .part("Content-Disposition: form-data; name=\"f1\"; filename=\"caf\u00e9 \u65e5.txt\"\r\n", new byte[1])
                .part("Content-Disposition: form-data; name=\"f2\"; filename=\"fallback.txt\"; "
                        + "filename*=UTF-8''%E2%82%AC%20rates.txt\r\n", new byte[1])
                .part("Content-Disposition: form-data; name=\"f3\"; filename=\"fallback.txt\"; filename*=bogus\r\n", new byte[1])
                .part("Content-Disposition: form-data; name=\"f4\"; filename*=bogus\r\n", new byte[1])
                .part("Content-Disposition: form-data; name=\"f5\"; filename=\"C:\\Users\\me\\a%22b.txt\"\r\n", new byte[1])
                .build();
        try (Form form = Forms.read(request(Multipart.TYPE, body), options())) {
            assertEquals("v", form.field("q\"uote"));
            assertEquals("caf\u00e9 \u65e5.txt", form.file("f1").filename());
            assertEquals("\u20ac rates.txt", form.file("f2").rawFilename());
            assertEquals("fallback.txt", form.file("f3").rawFilename());
            assertEquals("", form.file("f4").rawFilename());
            assertEquals("C:\\Users\\me\\a\"b.txt", form.file("f5").rawFilename());
            assertEquals("ab.txt", form.file("f5").filename());
            assertEquals("application/octet-stream", form.file("f4").contentType());
        }
    }

    /**
     * A body that Chromium 150 sent for a {@code FormData} with awkward names (captured from a headless
     * run against a Motor server): UTF-8 header bytes, {@code "} CR LF escaped as {@code %22 %0D %0A},
     * a backslash left as it is, an empty file input.
     */
    @Test
    void bodyAsChromiumSendsIt() throws IOException {
        byte[] body;
        try (InputStream in = FormsTest.class.getResourceAsStream("chromium-formdata.bin")) {
            body = in.readAllBytes();
        }
        String type = "multipart/form-data; boundary=----WebKitFormBoundaryhs1yenTC2tBAv5f3";
        try (Form form = Forms.read(request(type, body), options())) {
            assertEquals("\u00e9t\u00e9 \u20ac \"quoted\"\r\nline", form.field("title"));
            assertEquals("v", form.field("na\"me\r\nx"));
            FilePart file = form.file("file");
            assertEquals("..\\dir/\u00e9vil \"name\"\r\n.png", file.rawFilename());
            assertEquals("\u00e9vil name.png", file.filename());
            assertEquals("image/png", file.contentType());
            byte[] expected = new byte[300];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (byte) (i % 251);
            }
            assertArrayEquals(expected, file.bytes());
            FilePart empty = form.file("empty");
            assertEquals("", empty.rawFilename());
            assertEquals(0, empty.size());
        }
    }

    @Test
    void charsetFieldAndPartCharsets() throws IOException {
        byte[] latin1 = "\u00e9t\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new Multipart()
                .part("Content-Disposition: form-data; name=\"before\"\r\n", latin1)
                .field("_charset_", "iso-8859-1")
                .part("Content-Disposition: form-data; name=\"utf\"\r\nContent-Type: text/plain; charset=UTF-8\r\n",
                        "\u20ac".getBytes(StandardCharsets.UTF_8))
                .build();
        try (Form form = Forms.read(request(Multipart.TYPE, body), options())) {
            assertEquals("\u00e9t\u00e9", form.field("before"), "_charset_ applies to every field without a charset");
            assertEquals("\u20ac", form.field("utf"));
            assertEquals("iso-8859-1", form.field("_charset_"));
        }
    }

    @Test
    void nestedMultipartIsAnOpaqueValue() throws IOException {
        String nested = "--inner\r\nContent-Disposition: attachment; filename=\"x\"\r\n\r\ndata\r\n--inner--";
        byte[] body = new Multipart().part("Content-Disposition: form-data; name=\"n\"\r\n"
                + "Content-Type: multipart/mixed; boundary=inner\r\n", nested.getBytes(StandardCharsets.US_ASCII)).build();
        try (Form form = Forms.read(request(Multipart.TYPE, body), options())) {
            assertEquals(nested, form.field("n"));
        }
    }

    @Test
    void malformedFormsAre400() {
        Map<String, byte[]> cases = Map.of(
                "a part has no Content-Disposition", new Multipart().part("Content-Type: text/plain\r\n", new byte[0]).build(),
                "a part has two Content-Disposition fields", new Multipart().part(
                        "Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b\r\n", new byte[0]).build(),
                "a part's Content-Disposition must be form-data", new Multipart().part(
                        "Content-Disposition: attachment; name=a\r\n", new byte[0]).build(),
                "a part's Content-Disposition has no name parameter", new Multipart().part(
                        "Content-Disposition: form-data; filename=a\r\n", new byte[0]).build(),
                "a part has two Content-Type fields", new Multipart().part(
                        "Content-Disposition: form-data; name=a\r\nContent-Type: a/b\r\nContent-Type: c/d\r\n", new byte[0]).build(),
                "a form field is not valid UTF-8", new Multipart().part(
                        "Content-Disposition: form-data; name=a\r\n", new byte[] {(byte) 0xff}).build(),
                "a part's Content-Disposition repeats the parameter name", new Multipart().part(
                        "Content-Disposition: form-data; name=a; name=b\r\n", new byte[0]).build());
        cases.forEach((message, body) -> {
            HttpException e = failure(request(Multipart.TYPE, body), options());
            assertEquals(400, e.status(), message);
            assertEquals(message, e.getMessage());
        });
    }

    @Test
    void contentTypes() {
        byte[] body = new Multipart().field("a", "1").build();
        assertEquals(415, failure(request("application/json", body), options()).status());
        assertEquals(415, failure(request(null, body), options()).status());
        assertEquals(415, failure(request("multipart/mixed; boundary=" + Multipart.BOUNDARY, body), options()).status());
        HttpException noBoundary = failure(request("multipart/form-data", body), options());
        assertEquals(400, noBoundary.status());
        assertEquals("multipart/form-data without a boundary parameter in Content-Type", noBoundary.getMessage());
        assertEquals(400, failure(request("multipart/form-data; boundary=\"a{b\"", body), options()).status());
        assertEquals(415, failure(request("application/x-www-form-urlencoded; charset=nope", body), options()).status());
        byte[] unknown = new Multipart().part("Content-Disposition: form-data; name=a\r\nContent-Type: text/plain; charset=x-nope\r\n",
                new byte[] {'a'}).build();
        assertEquals(415, failure(request(Multipart.TYPE, unknown), options()).status());
        byte[] badCharsetField = new Multipart().field("_charset_", "x-nope").build();
        HttpException e = failure(request(Multipart.TYPE, badCharsetField), options());
        assertEquals(415, e.status());
        assertEquals("unsupported charset in the _charset_ field", e.getMessage());
    }

    @Test
    void typeMatchingIgnoresCaseAndParametersButNotOtherTypes() throws IOException {
        byte[] body = new Multipart().field("a", "1").build();
        try (Form form = Forms.read(request("Multipart/Form-Data ; Boundary=\"" + Multipart.BOUNDARY + "\"", body),
                options())) {
            assertEquals("1", form.field("a"));
        }
        assertEquals(415, failure(request("multipart/form-datax; boundary=x", body), options()).status());
    }

    @Test
    void limits() {
        byte[] three = new Multipart().field("a", "1").field("b", "2").field("c", "3").build();
        HttpException e = failure(request(Multipart.TYPE, three), options().withMaxParts(2));
        assertEquals(413, e.status());
        assertEquals("the form has more than multipart.maxParts (2) parts", e.getMessage());

        byte[] longField = new Multipart().field("a", "x".repeat(101)).build();
        e = failure(request(Multipart.TYPE, longField), options().withMaxFieldSize(100));
        assertEquals(413, e.status());
        assertEquals("a form field is larger than multipart.maxFieldSize (100 bytes)", e.getMessage());

        byte[] fields = new Multipart().field("a", "x".repeat(60)).field("b", "y".repeat(60)).build();
        e = failure(request(Multipart.TYPE, fields), options().withMaxMemorySize(100));
        assertEquals(413, e.status());
        assertEquals("the form's text fields and file part headers are larger than multipart.maxMemorySize (100 bytes) "
                + "together", e.getMessage());
        Multipart manyFiles = new Multipart();
        for (int i = 0; i < 20; i++) {
            manyFiles.part("Content-Disposition: form-data; name=f; filename=x\r\nX-Padding: " + "p".repeat(100) + "\r\n",
                    new byte[0]);
        }
        e = failure(request(Multipart.TYPE, manyFiles.build()), options().withMaxMemorySize(1000));
        assertEquals(413, e.status(), "headers kept with file parts count too");

        // a declared length over the limit is refused before reading; a chunked body when it passes it
        e = failure(request(Multipart.TYPE, three), options().withMaxTotalSize(100));
        assertEquals(413, e.status());
        assertEquals("the form is larger than multipart.maxTotalSize (100 bytes)", e.getMessage());
        e = failure(request(Multipart.TYPE, new ByteArrayInputStream(three), -1), options().withMaxTotalSize(100));
        assertEquals(413, e.status());
        assertEquals("the form is larger than multipart.maxTotalSize (100 bytes)", e.getMessage());
        TestRequest limited = request(Multipart.TYPE, three);
        limited.bodyLimit(50);
        e = failure(limited, options());
        assertEquals(413, e.status());
        assertEquals("the request body is larger than the route's limit (50 bytes)", e.getMessage());

        byte[] headers = new Multipart().part("Content-Disposition: form-data; name=a\r\nX: " + "h".repeat(200) + "\r\n",
                new byte[0]).build();
        e = failure(request(Multipart.TYPE, headers), options().withMaxHeaderSize(100));
        assertEquals(413, e.status());
        assertEquals("a part's header section is larger than multipart.maxHeaderSize (100 bytes)", e.getMessage());
    }

    @Test
    void urlEncodedForms() throws IOException {
        byte[] body = "name=J%C3%BCrgen+K&tags=a&tags=b&empty=".getBytes(StandardCharsets.US_ASCII);
        try (Form form = Forms.read(request("application/x-www-form-urlencoded", body), options())) {
            assertEquals("J\u00fcrgen K", form.field("name"));
            assertEquals(List.of("a", "b"), form.fields().all("tags"));
            assertEquals("", form.field("empty"));
            assertTrue(form.files().isEmpty());
        }
        byte[] latin1 = "a=%E9".getBytes(StandardCharsets.US_ASCII);
        try (Form form = Forms.read(request("application/x-www-form-urlencoded; charset=ISO-8859-1", latin1),
                options())) {
            assertEquals("\u00e9", form.field("a"));
        }
        HttpException e = failure(request("application/x-www-form-urlencoded", "a=%zz".getBytes(StandardCharsets.US_ASCII)),
                options());
        assertEquals(400, e.status());
    }

    @Test
    void theBodyIsReadOnce() throws IOException {
        byte[] body = new Multipart().field("a", "1").build();
        TestRequest request = request(Multipart.TYPE, body);
        try (Form form = Forms.read(request, options())) {
            assertSame(form, Forms.read(request));
            assertThrows(IllegalStateException.class, () -> Forms.parts(request));
        }
        TestRequest streamed = request(Multipart.TYPE, body);
        Forms.parts(streamed, options());
        assertThrows(IllegalStateException.class, () -> Forms.read(streamed));
        assertThrows(IllegalStateException.class, () -> Forms.parts(streamed));
    }

    @Test
    void withoutTheExtensionTheDefaultsApply() throws IOException {
        byte[] body = new Multipart().file("f", "f.bin", "application/octet-stream", bytes(70 * 1024, 9)).build();
        try (Form form = Forms.read(request(Multipart.TYPE, body))) {
            FilePart file = form.file("f");
            assertFalse(file.inMemory(), "over the default threshold of 64 KiB");
            assertEquals(Path.of(System.getProperty("java.io.tmpdir")), file.path().orElseThrow().getParent());
            assertTrue(Files.exists(file.path().orElseThrow()));
            form.close();
            assertFalse(Files.exists(file.path().orElseThrow()));
        }
    }

    @Test
    void theExtensionsScopeSetsOptionsAndClosesForms() throws IOException {
        byte[] body = new Multipart().file("f", "f.bin", "application/octet-stream", bytes(100, 10)).build();
        TestRequest request = request(Multipart.TYPE, body);
        FormScope scope = new FormScope(options());
        request.attributes().put(FormScope.ATTRIBUTE, scope);
        Form form = Forms.read(request);
        assertFalse(form.file("f").inMemory(), "the scope's threshold of 16 bytes applies");
        assertEquals(1, tempFiles().size());
        scope.close();
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void partsStreamOneByOne() throws IOException {
        byte[] content = bytes(200_000, 11);
        byte[] body = new Multipart().field("title", "Holiday").file("photo", "a/b.jpg", "image/jpeg", content)
                .file("skipped", "s.bin", "application/octet-stream", bytes(50_000, 12)).field("after", "end").build();
        PartReader reader = Forms.parts(request(Multipart.TYPE, body), options());
        Part title = reader.next();
        assertFalse(title.isFile());
        assertNull(title.filename());
        assertNull(title.rawFilename());
        assertEquals("text/plain", title.contentType());
        assertEquals("Holiday", title.text());

        Part photo = reader.next();
        assertTrue(photo.isFile());
        assertEquals("photo", photo.name());
        assertEquals("b.jpg", photo.filename());
        assertEquals("a/b.jpg", photo.rawFilename());
        assertEquals("image/jpeg", photo.contentType());
        assertEquals("image/jpeg", photo.headers().first("content-type"));
        InputStream in = photo.body();
        assertArrayEquals(content, in.readAllBytes());
        assertEquals(-1, in.read());

        Part skipped = reader.next();
        byte[] start = skipped.body().readNBytes(10);
        assertEquals(10, start.length);
        Part after = reader.next();
        assertThrows(IOException.class, () -> skipped.body().read(), "a passed part's stream is over");
        assertEquals("end", after.text());
        assertNull(reader.next());
        assertNull(reader.next());
        assertEquals(List.of(), tempFiles(), "streaming writes nothing");
    }

    @Test
    void partsEnforceLimitsOnSkippedPartsToo() throws IOException {
        byte[] body = new Multipart().file("a", "a", "x/y", bytes(3000, 13)).field("b", "1").build();
        PartReader reader = Forms.parts(request(Multipart.TYPE, body), options().withMaxPartSize(2000));
        assertNotNull(reader.next());
        HttpException e = assertThrows(HttpException.class, reader::next);
        assertEquals(413, e.status());
        assertEquals("a file part is larger than multipart.maxPartSize (2000 bytes)", e.getMessage());
    }

    @Test
    void partsCharsetFieldAppliesToLaterText() throws IOException {
        byte[] body = new Multipart().field("_charset_", "ISO-8859-1")
                .part("Content-Disposition: form-data; name=a\r\n", "\u00e9".getBytes(StandardCharsets.ISO_8859_1)).build();
        PartReader reader = Forms.parts(request(Multipart.TYPE, body), options());
        assertEquals("ISO-8859-1", reader.next().text(), "the _charset_ field itself is still handed out");
        assertEquals("\u00e9", reader.next().text());
    }

    @Test
    void partTextIsBoundedByMaxFieldSize() throws IOException {
        byte[] body = new Multipart().file("f", "f.txt", "text/plain", "x".repeat(300).getBytes(StandardCharsets.US_ASCII))
                .build();
        PartReader reader = Forms.parts(request(Multipart.TYPE, body), options().withMaxFieldSize(100));
        Part part = reader.next();
        HttpException e = assertThrows(HttpException.class, part::text);
        assertEquals(413, e.status());
        assertEquals("a form field is larger than multipart.maxFieldSize (100 bytes)", e.getMessage());
    }

    @Test
    void partsNeedMultipart() {
        HttpException e = assertThrows(HttpException.class, () -> Forms.parts(
                request("application/x-www-form-urlencoded", new byte[0]), options()));
        assertEquals(415, e.status());
    }

    @Test
    void corruptedBodiesNeverLeaveTempFiles() throws IOException {
        // g goes to disk first; f then stays under maxPartSize unless a corruption merges parts
        byte[] valid = new Multipart().field("a", "1").file("g", "g.bin", "application/octet-stream", bytes(2000, 21))
                .file("f", "f.bin", "application/octet-stream", bytes(2400, 20)).field("b", "2").build();
        java.util.Random random = new java.util.Random(42);
        int failures = 0;
        int successes = 0;
        for (int round = 0; round < 400; round++) {
            byte[] body = valid.clone();
            int edits = 1 + random.nextInt(4);
            for (int i = 0; i < edits; i++) {
                int at = random.nextInt(body.length);
                switch (random.nextInt(3)) {
                    case 0 -> body[at] = (byte) random.nextInt(256);
                    case 1 -> body = java.util.Arrays.copyOf(body, at);
                    default -> body[at] = (byte) "\r\n-".charAt(random.nextInt(3));
                }
                if (body.length == 0) {
                    break;
                }
            }
            try (Form form = Forms.read(request(Multipart.TYPE, body), options().withMaxPartSize(2500))) {
                assertTrue(form.files().size() <= 2);
                successes++;
            } catch (HttpException e) {
                failures++;
                assertTrue(Set.of(400, 413, 415).contains(e.status()), e.status() + " " + e.getMessage());
            }
            assertEquals(List.of(), tempFiles(), "round " + round);
        }
        // a corrupted byte inside file content is still a valid form; most other damage is caught
        assertTrue(failures > 100 && successes > 20, failures + " failures, " + successes + " successes");
    }

    @Test
    void safeFilename() {
        assertEquals("passwd", Forms.safeFilename("../../etc/passwd"));
        assertEquals("unnamed", Forms.safeFilename(".."));
    }

    @Test
    void limitsWithoutBounds() throws IOException {
        FormOptions unbounded = new FormOptions(Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE,
                Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, temp);
        byte[] content = bytes(100_000, 30);
        byte[] body = new Multipart().field("a", "1").file("f", "f", "x/y; long=" + "l".repeat(5000), content).build();
        try (Form form = Forms.read(request(Multipart.TYPE, new ByteArrayInputStream(body), -1), unbounded)) {
            assertArrayEquals(content, form.file("f").bytes());
            assertTrue(form.file("f").inMemory());
        }
        PartReader reader = Forms.parts(request(Multipart.TYPE, body), unbounded);
        assertEquals("1", reader.next().text());
    }

    @Test
    void optionsAreValidated() {
        FormOptions d = FormOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withMaxParts(0));
        assertThrows(IllegalArgumentException.class, () -> d.withFileThreshold(-1));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxHeaderSize(0));
        assertThrows(NullPointerException.class, () -> d.withTempDirectory(null));
        assertEquals(64 * 1024, d.fileThreshold());
        assertEquals(1000, d.maxParts());
    }
}
