package motor.ext.staticfiles.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import motor.spi.Response;

/**
 * Files below a directory. Every lookup resolves the real path (following symbolic links) and refuses
 * one that leaves the root unless links out of the root are allowed, and one that passes through a
 * hidden name (a dot file or directory) unless those are allowed. Only regular files and directories
 * are served: a FIFO or device file is never opened.
 */
public final class DirectorySource implements Source {

    private static final int BUFFER = 16 * 1024;

    private final Path root;
    private final boolean dotfiles;
    private final boolean symlinksOutsideRoot;

    /**
     * Creates the source.
     *
     * @param root                the root directory, a real path
     * @param dotfiles            whether hidden names may be served
     * @param symlinksOutsideRoot whether symbolic links may lead out of the root
     */
    public DirectorySource(Path root, boolean dotfiles, boolean symlinksOutsideRoot) {
        this.root = root;
        this.dotfiles = dotfiles;
        this.symlinksOutsideRoot = symlinksOutsideRoot;
    }

    @Override
    public Resource lookup(List<String> names) throws IOException {
        Path path = root;
        try {
            for (String name : names) {
                path = path.resolve(name);
            }
        } catch (InvalidPathException e) {
            return null;
        }
        if (!path.normalize().startsWith(root)) {
            return null; // cannot happen with checked names; kept as the last line of defence
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile() && !attributes.isDirectory()) {
                return null;
            }
            Path real = path.toRealPath();
            if (real.startsWith(root)) {
                if (!dotfiles && hidden(root.relativize(real))) {
                    return null;
                }
            } else if (!symlinksOutsideRoot) {
                return null;
            }
            return new FileResource(real, attributes);
        } catch (FileSystemException e) {
            // absent, not a directory on the way, no permission: all look the same from outside
            return null;
        }
    }

    @Override
    public List<Listing.Entry> list(Resource directory, int max) throws IOException {
        Path dir = ((FileResource) directory).path;
        List<Listing.Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                if (!dotfiles && name.startsWith(".")) {
                    continue;
                }
                boolean link = Files.isSymbolicLink(child);
                if (link && lookup(names(child)) == null) {
                    continue; // a link that would not be served is not shown either
                }
                entries.add(new Listing.Entry(name, Files.isDirectory(child)));
                if (entries.size() > max) {
                    break;
                }
            }
        }
        entries.sort(Comparator.comparing(Listing.Entry::name));
        return entries;
    }

    private List<String> names(Path child) {
        List<String> names = new ArrayList<>();
        for (Path name : root.relativize(child)) {
            names.add(name.toString());
        }
        return names;
    }

    private static boolean hidden(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static final class FileResource implements Resource {
        private final Path path;
        private final BasicFileAttributes attributes;

        FileResource(Path path, BasicFileAttributes attributes) {
            this.path = path;
            this.attributes = attributes;
        }

        @Override
        public boolean directory() {
            return attributes.isDirectory();
        }

        @Override
        public long length() {
            return attributes.size();
        }

        @Override
        public Instant lastModified() {
            return attributes.lastModifiedTime().toInstant();
        }

        @Override
        public String etag(String marker) {
            // modification time to the nanosecond and size: changes whenever the content is rewritten
            long nanos = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            return "\"" + Long.toHexString(nanos) + "-" + Long.toHexString(attributes.size()) + marker + "\"";
        }

        @Override
        public Body open() throws IOException {
            return new FileBody(FileChannel.open(path, StandardOpenOption.READ));
        }
    }

    private record FileBody(FileChannel channel) implements Body {

        @Override
        public void send(Response response, long position, long count) throws IOException {
            response.send(channel, position, count);
        }

        @Override
        public void copy(OutputStream out, long position, long count) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(1, count)));
            long done = 0;
            while (done < count) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
                int n = channel.read(buffer, position + done);
                if (n < 0) {
                    throw new EOFException("the file became shorter while it was being sent");
                }
                out.write(buffer.array(), 0, n);
                done += n;
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
