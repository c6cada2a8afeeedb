package motor.ext.staticfiles.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import motor.spi.Handler;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Method;
import motor.spi.Preconditions;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Status;

/**
 * Serves files from a {@link Source}. For each request, in this order:
 * <pre>
 *   path -> checked names (404 if refused) -> lookup (404 if absent)
 *        -> directory? no slash: 301 to the slash; slash: index file, else listing if on, else 404
 *        -> variant by Accept-Encoding (br, zstd, gzip siblings; Vary: Accept-Encoding when any exists)
 *        -> validators (ETag, Last-Modified) -> preconditions, RFC 9110 13.2.2 (304 / 412)
 *        -> Range (GET only, If-Range) -> 416
 *        -> open, and check the open file is the one looked up (else: lookup again, at most 3 times)
 *        -> 206 single / 206 multipart/byteranges / 200
 * </pre>
 * Nothing is cached between requests: a file changed on disk is served changed on the next request.
 * Bodies go out through {@link Response#send(java.nio.channels.FileChannel, long, long)} (zero-copy on
 * cleartext connections) or a small buffer, so memory stays bounded for any file size.
 */
public final class FileHandler implements Handler {

    /** How many times a file replaced between lookup and opening is looked up again. */
    private static final int ATTEMPTS = 3;
    /** The earliest time an HTTP-date can express. */
    private static final Instant FIRST_DATE = Instant.parse("0001-01-01T00:00:00Z");

    private final Source source;
    private final Options options;

    /**
     * Creates the handler.
     *
     * @param source  where files come from
     * @param options how to serve them
     */
    public FileHandler(Source source, Options options) {
        this.source = source;
        this.options = options;
    }

    @Override
    public void handle(Request request, Response response) throws IOException {
        String captured = options.parameter() == null ? null : request.pathParameter(options.parameter());
        RequestPath.Names path = RequestPath.of(request.pathSegments(), captured, options.dotfiles());
        if (path == null) {
            throw notFound();
        }
        // a file replaced between its lookup and its opening is looked up again, a few times at most; one
        // that cannot be opened at all (no permission) is as good as absent, as it is for the lookup
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt(request, response, path)) {
                return;
            }
        }
        throw notFound();
    }

    /** One lookup and answer; false if the file changed before it could be opened (nothing was sent). */
    private boolean attempt(Request request, Response response, RequestPath.Names path) throws IOException {
        Source.Resource resource = source.lookup(path.names());
        if (resource == null) {
            throw notFound();
        }
        List<String> names = path.names();
        if (resource.directory()) {
            if (!path.trailingSlash()) {
                redirectToSlash(request, response);
                return true;
            }
            for (String index : options.index()) {
                List<String> indexNames = new ArrayList<>(names);
                indexNames.add(index);
                Source.Resource file = source.lookup(indexNames);
                if (file != null && !file.directory()) {
                    return serve(request, response, indexNames, file);
                }
            }
            if (options.listing()) {
                List<Listing.Entry> entries = source.list(resource, options.maxListing());
                if (entries != null) {
                    sendListing(request, response, entries);
                    return true;
                }
            }
            throw notFound();
        }
        if (path.trailingSlash()) {
            throw notFound(); // a file is not a directory
        }
        return serve(request, response, names, resource);
    }

    /**
     * Answers with a file or one of its variants. Nothing is set on the response before the body is open
     * and known to be the file the validators and length describe, so that a file replaced in between
     * (a deployment renaming a new version into place) is never sent under the old {@code ETag} and
     * {@code Content-Length}: then this returns false and the caller looks it up again.
     */
    private boolean serve(Request request, Response response, List<String> names, Source.Resource file)
            throws IOException {
        String relative = String.join("/", names);
        String name = names.get(names.size() - 1);

        // precompressed siblings: looked up whenever enabled, so that Vary is right for every client
        Source.Resource selected = file;
        String coding = null;
        boolean vary = false;
        if (!options.precompressed().isEmpty()) {
            List<String> available = new ArrayList<>(3);
            List<Source.Resource> variants = new ArrayList<>(3);
            for (String candidate : options.precompressed()) {
                List<String> siblingNames = new ArrayList<>(names);
                siblingNames.set(siblingNames.size() - 1, name + Codings.suffix(candidate));
                Source.Resource variant = source.lookup(siblingNames);
                if (variant != null && !variant.directory() && !older(variant, file)) {
                    available.add(candidate);
                    variants.add(variant);
                }
            }
            if (!available.isEmpty()) {
                vary = true;
                coding = Codings.choose(request.headers(), available);
                if (coding != null) {
                    selected = variants.get(available.indexOf(coding));
                }
            }
        }

        String etag = selected.etag(coding == null ? "" : Codings.suffix(coding));
        Instant lastModified = selected.lastModified();
        if (lastModified != null && (lastModified.isAfter(Instant.now()) || lastModified.isBefore(FIRST_DATE))) {
            // a date in the future is no validator (RFC 9110 section 8.8.2.1); one before year 1, which
            // some file systems can hold, has no HTTP-date
            lastModified = null;
        }
        String cacheControl = options.cacheControl(relative);

        int precondition = Preconditions.evaluate(request, etag, lastModified);
        if (precondition == Status.PRECONDITION_FAILED) {
            throw new HttpException(Status.PRECONDITION_FAILED, "a precondition of the request does not hold");
        }
        long length = selected.length();
        long[] ranges = ByteRanges.IGNORE;
        if (precondition != Status.NOT_MODIFIED) {
            String range = request.header("Range");
            if (range != null && Method.GET.equals(request.method()) && length > 0
                    && request.headers().count("Range") == 1
                    && Preconditions.rangeApplies(request, etag, lastModified)) {
                ranges = ByteRanges.parse(range, length, options.maxRanges());
            }
            if (ranges == ByteRanges.UNSATISFIABLE) {
                throw new HttpException(Status.RANGE_NOT_SATISFIABLE, "no requested range lies within the file")
                        .header("Content-Range", "bytes */" + length);
            }
        }
        // a 304 sends no content: the metadata just read is what it speaks for
        try (Source.Body body = precondition == Status.NOT_MODIFIED ? null : selected.open()) {
            if (body == null && precondition != Status.NOT_MODIFIED) {
                return false;
            }
            Headers headers = response.headers();
            if (vary) {
                addVary(headers, "Accept-Encoding");
            }
            if (cacheControl != null) {
                headers.set("Cache-Control", cacheControl);
            }
            if (etag != null) {
                headers.set("ETag", etag);
            }
            if (precondition == Status.NOT_MODIFIED) {
                if (etag == null && lastModified != null) {
                    headers.set("Last-Modified", Preconditions.formatDate(lastModified));
                }
                response.status(Status.NOT_MODIFIED);
                response.send(new byte[0]);
                return true;
            }
            if (lastModified != null) {
                headers.set("Last-Modified", Preconditions.formatDate(lastModified));
            }
            if (coding != null) {
                headers.set("Content-Encoding", coding);
            }
            headers.set("Accept-Ranges", "bytes");
            // the type is the table's guess from the name: browsers must not second-guess it from the
            // content (an uploaded .txt holding HTML or script must not run as such)
            headers.set("X-Content-Type-Options", "nosniff");
            String type = options.types().forName(name);
            if (ranges == ByteRanges.IGNORE) {
                headers.set("Content-Type", type);
                body.send(response, 0, length);
            } else if (ranges.length == 2) {
                response.status(Status.PARTIAL_CONTENT);
                headers.set("Content-Type", type);
                headers.set("Content-Range", "bytes " + ranges[0] + "-" + ranges[1] + "/" + length);
                body.send(response, ranges[0], ranges[1] - ranges[0] + 1);
            } else {
                sendMultipart(response, body, ranges, type, length);
            }
            return true;
        }
    }

    /** Adds a token to {@code Vary}, keeping what middleware may have put there before. */
    private static void addVary(Headers headers, String token) {
        if (headers.containsToken("Vary", token) || headers.containsToken("Vary", "*")) {
            return;
        }
        String present = headers.first("Vary");
        if (present == null || present.isBlank() || headers.count("Vary") > 1) {
            headers.add("Vary", token);
        } else {
            headers.set("Vary", present + ", " + token);
        }
    }

    /** 206 with {@code multipart/byteranges} (RFC 9110 section 14.6), its length computed up front. */
    private static void sendMultipart(Response response, Source.Body body, long[] ranges, String type, long length)
            throws IOException {
        String boundary = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
                + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        byte[][] partHeads = new byte[ranges.length / 2][];
        long total = 0;
        for (int k = 0; k < partHeads.length; k++) {
            long first = ranges[2 * k];
            long last = ranges[2 * k + 1];
            partHeads[k] = ("\r\n--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: bytes " + first
                    + "-" + last + "/" + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            total += partHeads[k].length + (last - first + 1);
        }
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        total += end.length;
        response.status(Status.PARTIAL_CONTENT);
        Headers headers = response.headers();
        headers.set("Content-Type", "multipart/byteranges; boundary=" + boundary);
        headers.set("Content-Length", Long.toString(total));
        try (OutputStream out = response.output()) {
            for (int k = 0; k < partHeads.length; k++) {
                out.write(partHeads[k]);
                body.copy(out, ranges[2 * k], ranges[2 * k + 1] - ranges[2 * k] + 1);
            }
            out.write(end);
        }
    }

    private void sendListing(Request request, Response response, List<Listing.Entry> entries) throws IOException {
        boolean truncated = entries.size() > options.maxListing();
        List<Listing.Entry> shown = truncated ? entries.subList(0, options.maxListing()) : entries;
        String title = "/" + String.join("/", request.pathSegments());
        byte[] page = Listing.render(title, shown, truncated);
        response.headers().set("Content-Type", "text/html; charset=utf-8");
        response.headers().set("Cache-Control", "no-cache");
        response.headers().set("X-Content-Type-Options", "nosniff");
        response.send(page);
    }

    private static void redirectToSlash(Request request, Response response) throws IOException {
        String raw = request.path();
        if (raw.startsWith("//") || !raw.startsWith("/")) {
            throw notFound(); // never a protocol-relative Location
        }
        String query = request.rawQuery();
        response.status(Status.MOVED_PERMANENTLY);
        response.headers().set("Location", raw + "/" + (query == null ? "" : "?" + query));
        response.send("moved to the directory's address, which ends with a slash\n");
    }

    /** A sibling older than the file it was made from is stale, and not served in its place. */
    private static boolean older(Source.Resource variant, Source.Resource file) {
        Instant a = variant.lastModified();
        Instant b = file.lastModified();
        return a != null && b != null && a.isBefore(b);
    }

    private static HttpException notFound() {
        return new HttpException(Status.NOT_FOUND, "no such file");
    }
}
