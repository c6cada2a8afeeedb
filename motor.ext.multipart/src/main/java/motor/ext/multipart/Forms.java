package motor.ext.multipart;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import motor.ext.multipart.internal.Filenames;
import motor.ext.multipart.internal.FormScope;
import motor.ext.multipart.internal.HeaderValue;
import motor.ext.multipart.internal.LimitedInputStream;
import motor.ext.multipart.internal.MultipartParser;
import motor.ext.multipart.internal.TempFiles;
import motor.ext.multipart.internal.UrlEncodedParser;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Parameters;
import motor.spi.Request;
import motor.spi.Status;

/**
 * Reads HTML form bodies: {@code application/x-www-form-urlencoded} and {@code multipart/form-data}
 * (RFC 7578).
 *
 * <pre>{@code
 * routes.post("/upload", (request, response) -> {
 *     Form form = Forms.read(request);              // closed by the extension when the request ends
 *     String title = form.field("title");
 *     FilePart photo = form.file("photo");
 *     if (photo != null) {
 *         photo.transferTo(uploads.resolve(UUID.randomUUID() + "-" + photo.filename()));
 *     }
 *     response.send("stored " + title);
 * }).maxBodySize(50L * 1024 * 1024);                // the route's body limit applies too
 * }</pre>
 *
 * <p>With the {@code multipart} extension installed, {@link #read(Request)} and {@link #parts(Request)}
 * use the limits of its configuration section, and every form read during a request is closed when the
 * request ends. Without it they use {@link FormOptions#defaults()}, and the caller closes the form:
 * {@code try (Form form = Forms.read(request)) { ... }}.
 *
 * <p>A request body can be read once: a second {@link #read} of the same request returns the same form;
 * mixing {@code read} and {@code parts}, or reading the body otherwise first, does not work.
 */
public final class Forms {

    /** The request attribute that records who reads the body: the {@link Form} or {@link PartReader}. */
    private static final String BODY = "motor.ext.multipart.body";

    private Forms() {
    }

    /**
     * Reads the request's form with the options in force: the extension's, or the defaults.
     *
     * @param request the request
     * @return the form; text fields in memory, file parts in memory or in temporary files
     * @throws IOException   if reading the body or writing a temporary file fails
     * @throws HttpException 415 if the body is not a form, 400 if it is malformed, 413 past a limit
     * @see #read(Request, FormOptions)
     */
    public static Form read(Request request) throws IOException {
        return read(request, options(request));
    }

    /**
     * Reads the request's form. A URL-encoded form has fields only; a multipart form has the parts
     * without a file name as fields (decoded in the charset of their {@code Content-Type}, else the one
     * named by a {@code _charset_} field, else UTF-8) and those with one as {@link FilePart}s. Files up to
     * {@code fileThreshold} stay in memory, larger ones go to a temporary file in {@code tempDirectory}.
     * If reading fails midway, the temporary files written so far are deleted before this throws.
     *
     * @param request the request
     * @param options the limits and storage settings
     * @return the form
     * @throws IOException           if reading the body or writing a temporary file fails
     * @throws HttpException         415 if the body is not a form (or names an unknown charset), 400 if it
     *                               is malformed, 413 past a limit
     * @throws IllegalStateException if {@link #parts} already reads the body
     */
    public static Form read(Request request, FormOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        Object reader = request.attributes().get(BODY);
        if (reader instanceof Form form) {
            return form;
        }
        if (reader != null) {
            throw new IllegalStateException("the request body has already been read part by part (or reading it failed)");
        }
        String contentType = request.header("Content-Type");
        int kind = FormScope.formType(contentType);
        if (kind == FormScope.NONE) {
            throw notAForm();
        }
        HeaderValue type = HeaderValue.parse(contentType, "Content-Type");
        Form form;
        if (kind == FormScope.URLENCODED) {
            String name = type.parameter("charset");
            Charset charset = name == null ? StandardCharsets.UTF_8
                    : PartReader.charset(name, "unsupported charset in Content-Type");
            InputStream body = body(request, options);
            request.attributes().put(BODY, Boolean.TRUE);
            form = urlencoded(body, charset, options);
        } else {
            String boundary = HeaderValue.boundary(type.parameter("boundary"));
            PartReader parts = new PartReader(new MultipartParser(body(request, options), boundary,
                    options.maxHeaderSize()), options);
            request.attributes().put(BODY, parts);
            form = collect(parts, options);
        }
        request.attributes().put(BODY, form);
        if (request.attributes().get(FormScope.ATTRIBUTE) instanceof FormScope scope) {
            scope.register(form);
        }
        return form;
    }

    /**
     * Starts reading the request's {@code multipart/form-data} body part by part, with the options in
     * force (the extension's, or the defaults). Nothing is read until {@link PartReader#next()}.
     *
     * @param request the request
     * @return the reader
     * @throws HttpException         415 if the body is not {@code multipart/form-data}, 400 if its boundary
     *                               is missing or invalid, 413 if its declared length is over a limit
     * @throws IllegalStateException if the body is already being read by {@link #read} or {@code parts}
     */
    public static PartReader parts(Request request) {
        return parts(request, options(request));
    }

    /**
     * Starts reading the request's {@code multipart/form-data} body part by part.
     *
     * @param request the request
     * @param options the limits; {@code fileThreshold}, {@code maxMemorySize} and {@code tempDirectory} do
     *                not apply
     * @return the reader
     * @throws HttpException         415 if the body is not {@code multipart/form-data}, 400 if its boundary
     *                               is missing or invalid, 413 if its declared length is over a limit
     * @throws IllegalStateException if the body is already being read by {@link #read} or {@code parts}
     */
    public static PartReader parts(Request request, FormOptions options) {
        Objects.requireNonNull(options, "options");
        if (request.attributes().get(BODY) != null) {
            throw new IllegalStateException("the request body has already been read");
        }
        String contentType = request.header("Content-Type");
        if (FormScope.formType(contentType) != FormScope.MULTIPART) {
            throw new HttpException(Status.UNSUPPORTED_MEDIA_TYPE, "expected a multipart/form-data body");
        }
        String boundary = HeaderValue.boundary(HeaderValue.parse(contentType, "Content-Type").parameter("boundary"));
        PartReader reader = new PartReader(new MultipartParser(body(request, options), boundary,
                options.maxHeaderSize()), options);
        request.attributes().put(BODY, reader);
        return reader;
    }

    /**
     * Makes a client's file name safe to use as the last element of a path: directories ({@code /} and
     * {@code \}), control and format characters (bidirectional overrides, zero-width characters), the
     * characters Windows reserves ({@code < > : " | ? *}), leading dots and spaces and trailing dots and
     * spaces are removed; Windows device names ({@code CON}, {@code NUL}, {@code COM1}...) get a {@code _}
     * in front; the result is in Unicode NFC and at most 255 UTF-8 bytes (the extension kept when
     * shortening). Nothing left gives {@code unnamed}. Sanitising a safe name returns it unchanged.
     *
     * @param name the name as the client sent it, or {@code null}
     * @return the safe name, never empty
     */
    public static String safeFilename(String name) {
        return Filenames.sanitize(name);
    }

    private static FormOptions options(Request request) {
        return request.attributes().get(FormScope.ATTRIBUTE) instanceof FormScope scope
                ? scope.options() : FormOptions.defaults();
    }

    private static HttpException notAForm() {
        return new HttpException(Status.UNSUPPORTED_MEDIA_TYPE,
                "expected a form: Content-Type multipart/form-data or application/x-www-form-urlencoded");
    }

    /** The body within {@code maxTotalSize}, refusing at once a declared length over it or the route's limit. */
    private static InputStream body(Request request, FormOptions options) {
        long length = request.contentLength();
        String overTotal = "the form is larger than multipart.maxTotalSize (" + options.maxTotalSize() + " bytes)";
        if (length > options.maxTotalSize()) {
            throw new HttpException(Status.CONTENT_TOO_LARGE, overTotal);
        }
        if (length > request.bodyLimit()) {
            throw new HttpException(Status.CONTENT_TOO_LARGE,
                    "the request body is larger than the route's limit (" + request.bodyLimit() + " bytes)");
        }
        return new LimitedInputStream(request.body(), options.maxTotalSize(), overTotal);
    }

    private static Form urlencoded(InputStream body, Charset charset, FormOptions options) throws IOException {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        new UrlEncodedParser(charset, options.maxParts(), options.maxFieldSize(), options.maxMemorySize(),
                (name, value) -> fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value)).parse(body);
        return new Form(Parameters.of(fields), new ArrayList<>(0));
    }

    private static void checkMemory(long used, FormOptions options) {
        if (used > options.maxMemorySize()) {
            throw new HttpException(Status.CONTENT_TOO_LARGE, "the form's text fields and file part headers are "
                    + "larger than multipart.maxMemorySize (" + options.maxMemorySize() + " bytes) together");
        }
    }

    /** Reads every part; on failure deletes the temporary files written so far. */
    private static Form collect(PartReader reader, FormOptions options) throws IOException {
        List<FilePart> files = new ArrayList<>();
        List<Path> created = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        List<Charset> charsets = new ArrayList<>();
        long fieldMemory = 0;
        long fileMemory = 0;
        boolean complete = false;
        try {
            for (Part part; (part = reader.next()) != null; ) {
                InputStream in = part.body();
                if (part.isFile()) {
                    // a file part keeps its headers: they count with the fields
                    Headers headers = part.headers();
                    for (int i = 0; i < headers.size(); i++) {
                        fieldMemory += headers.name(i).length() + headers.value(i).length();
                    }
                    checkMemory(fieldMemory, options);
                    long keep = Math.min(options.fileThreshold(), options.maxMemorySize() - fileMemory);
                    byte[] head = in.readNBytes(PartReader.atMostPlusOne(keep));
                    if (head.length <= keep) {
                        fileMemory += head.length;
                        files.add(new FilePart(part, head.length, head, null));
                        continue;
                    }
                    Path path = TempFiles.create(options.tempDirectory());
                    created.add(path);
                    long size;
                    try (OutputStream out = Files.newOutputStream(path)) {
                        out.write(head);
                        size = head.length + in.transferTo(out);
                    }
                    files.add(new FilePart(part, size, null, path));
                } else {
                    byte[] bytes = in.readAllBytes();
                    fieldMemory += bytes.length;
                    checkMemory(fieldMemory, options);
                    names.add(part.name());
                    values.add(bytes);
                    charsets.add(((PartReader.PartImpl) part).declaredCharset());
                }
            }
            Charset formCharset = reader.formCharset() != null ? reader.formCharset() : StandardCharsets.UTF_8;
            Map<String, List<String>> fields = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                Charset charset = charsets.get(i) != null ? charsets.get(i) : formCharset;
                fields.computeIfAbsent(names.get(i), k -> new ArrayList<>(1))
                        .add(PartReader.PartImpl.decode(values.get(i), charset));
            }
            Form form = new Form(Parameters.of(fields), files);
            complete = true;
            return form;
        } finally {
            if (!complete) {
                for (Path path : created) {
                    try {
                        Files.deleteIfExists(path);
                    } catch (IOException e) {
                        System.getLogger(Forms.class.getName()).log(System.Logger.Level.WARNING,
                                "could not delete an upload's temporary file", e);
                    }
                }
            }
        }
    }
}
