package motor.ext.staticfiles.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.jar.JarEntry;
import motor.spi.Response;

/**
 * Resources found through a lookup function: the class path, or a module's own resources when the
 * application passes a lookup that runs in its module. Resources in class-path directories are served
 * as files (see {@link DirectorySource}); others stream through the response's {@code output()}.
 * Directories have no listing.
 */
public final class ResourceSource implements Source {

    private static final int BUFFER = 16 * 1024;

    private final Function<String, URL> lookup;

    /**
     * Creates the source.
     *
     * @param lookup finds the resource for a path such as {@code css/app.css}, or returns {@code null}
     */
    public ResourceSource(Function<String, URL> lookup) {
        this.lookup = lookup;
    }

    @Override
    public Resource lookup(List<String> names) throws IOException {
        String name = String.join("/", names);
        if (name.isEmpty()) {
            return new UrlResource(null, true, 0, null, -1);
        }
        URL url = lookup.apply(name);
        if (url == null) {
            return null;
        }
        if (url.getProtocol().equals("file")) {
            // a class-path directory, rewritten while the server runs in development (an IDE copying
            // resources): served as files are, checked once open against what was looked up
            try {
                Path path = Path.of(url.toURI()).toRealPath();
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (!attributes.isRegularFile() && !attributes.isDirectory()) {
                    return null;
                }
                return new DirectorySource.FileResource(path, attributes);
            } catch (URISyntaxException | IllegalArgumentException | IOException e) {
                return null;
            }
        }
        URLConnection connection = url.openConnection();
        if (connection instanceof JarURLConnection jar) {
            JarEntry entry = jar.getJarEntry();
            if (entry == null || (!entry.isDirectory() && entry.getSize() < 0)) {
                return null; // absent, or of unknown length: no honest Content-Length
            }
            long time = entry.getTime();
            // the checksum, from the jar's directory: reproducible builds give every entry the same time,
            // so a file changed without changing its length would otherwise keep its tag
            return new UrlResource(url, entry.isDirectory(), entry.getSize(), time > 0 ? Instant.ofEpochMilli(time) : null,
                    entry.getCrc());
        }
        long length = connection.getContentLengthLong();
        if (length < 0) {
            return null; // without a length there are no ranges and no honest Content-Length
        }
        long time = connection.getLastModified();
        return new UrlResource(url, false, length, time > 0 ? Instant.ofEpochMilli(time) : null, -1);
    }

    @Override
    public List<Listing.Entry> list(Resource directory, int max) {
        return null;
    }

    /**
     * A resource.
     *
     * @param crc the CRC-32 of a jar entry's content, or -1 if unknown
     */
    private record UrlResource(URL url, boolean directory, long length, Instant lastModified, long crc)
            implements Resource {

        @Override
        public String etag(String marker) {
            if (crc >= 0) {
                // from the content itself: changes with it, and stays across rebuilds that leave it as it was
                return "\"c" + Long.toHexString(crc) + "-" + Long.toHexString(length) + marker + "\"";
            }
            if (lastModified == null) {
                return null;
            }
            return "\"" + Long.toHexString(lastModified.toEpochMilli()) + "-" + Long.toHexString(length) + marker + "\"";
        }

        @Override
        public Body open() {
            return new UrlBody(url);
        }
    }

    /** Reads the resource once for ascending regions, opening the stream on first use. */
    private static final class UrlBody implements Body {
        private final URL url;
        private InputStream in;
        private long at;

        UrlBody(URL url) {
            this.url = url;
        }

        @Override
        public void send(Response response, long position, long count) throws IOException {
            response.headers().set("Content-Length", Long.toString(count));
            try (OutputStream out = response.output()) {
                copy(out, position, count);
            }
        }

        @Override
        public void copy(OutputStream out, long position, long count) throws IOException {
            if (in == null || position < at) {
                close();
                in = url.openStream();
                at = 0;
            }
            in.skipNBytes(position - at);
            at = position;
            byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(1, count))];
            long done = 0;
            while (done < count) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, count - done));
                if (n < 0) {
                    throw new EOFException("the resource ended before its length");
                }
                out.write(buffer, 0, n);
                done += n;
            }
            at += count;
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
                in = null;
            }
        }
    }
}
