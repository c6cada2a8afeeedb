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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import motor.spi.Response;

/**
 * Files below a directory. Every lookup resolves the real path (following symbolic links) and refuses
 * one that leaves the root unless links out of the root are allowed, and one that passes through a
 * hidden name (a dot file or directory) unless those are allowed: below the root, or anywhere in a real
 * path out of it. Only regular files and directories
 * are served: a FIFO or device file is never opened.
 *
 * <p>With a metadata cache, the outcome of a lookup is remembered and checked on each use with a single
 * stat: a found file by its identity (device and inode), modification time and size, an absent one by
 * the same of its directory, whose time changes when an entry is created, deleted or renamed in it. What
 * changed in the last two seconds is not remembered, since a second change within the same tick of the
 * file system's clock would leave the time as it was. The cache holds at most the given number of
 * entries and is emptied when full.
 */
public final class DirectorySource implements Source {

    private static final int BUFFER = 16 * 1024;

    private final Path root;
    private final boolean dotfiles;
    private final boolean symlinksOutsideRoot;
    private final int cacheEntries;
    private final ConcurrentHashMap<String, Cached> cache;

    /**
     * Creates the source.
     *
     * @param root                the root directory, a real path
     * @param dotfiles            whether hidden names may be served
     * @param symlinksOutsideRoot whether symbolic links may lead out of the root
     * @param cacheEntries        how many lookups the metadata cache remembers; 0 for no cache
     */
    public DirectorySource(Path root, boolean dotfiles, boolean symlinksOutsideRoot, int cacheEntries) {
        this.root = root;
        this.dotfiles = dotfiles;
        this.symlinksOutsideRoot = symlinksOutsideRoot;
        this.cacheEntries = cacheEntries;
        this.cache = cacheEntries > 0 ? new ConcurrentHashMap<>() : null;
    }

    @Override
    public Resource lookup(List<String> names) throws IOException {
        Path path = path(names);
        if (path == null) {
            return null;
        }
        if (cache == null) {
            return resolve(path);
        }
        String key = path.toString();
        Cached cached = cache.get(key);
        if (cached != null && cached.current()) {
            return cached.resource();
        }
        // the directory is read before the file, so that an entry created in between is not missed
        Path parent = path.getParent();
        BasicFileAttributes directory = parent == null ? null : attributesIfExists(parent);
        FileResource found = resolve(path);
        Cached entry = null;
        if (found != null) {
            entry = Cached.of(path, found.attributes, found);
        } else if (directory != null && directory.isDirectory()
                && attributesIfExists(path, LinkOption.NOFOLLOW_LINKS) == null) {
            entry = Cached.of(parent, directory, null); // absent, not refused: remembered by its directory
        }
        if (entry != null && entry.settled()) {
            if (cache.size() >= cacheEntries) {
                cache.clear();
            }
            cache.put(key, entry);
        } else {
            cache.remove(key);
        }
        return found;
    }

    /** {@return how many lookups the cache holds, for tests} */
    int cached() {
        return cache == null ? 0 : cache.size();
    }

    /** The path of the names below the root, or null if it would not stay below it. */
    private Path path(List<String> names) {
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
        return path;
    }

    private FileResource resolve(Path path) throws IOException {
        try {
            BasicFileAttributes attributes = attributesIfExists(path);
            if (attributes == null || !attributes.isRegularFile() && !attributes.isDirectory()) {
                return null;
            }
            Path real = path.toRealPath();
            if (real.startsWith(root)) {
                if (!dotfiles && hidden(root.relativize(real))) {
                    return null;
                }
            } else if (!symlinksOutsideRoot || !dotfiles && hidden(real)) {
                // out of the root, the whole real path counts: a link never leads into ~/.ssh or a .git
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

    /** Reads attributes without the cost of an exception when the file is absent, the common miss. */
    private static BasicFileAttributes attributesIfExists(Path path, LinkOption... options) throws IOException {
        try {
            return path.getFileSystem().provider().readAttributesIfExists(path, BasicFileAttributes.class, options);
        } catch (FileSystemException e) {
            return null; // not a directory on the way, no permission: absent as far as a client can tell
        }
    }

    /**
     * A remembered lookup and what it was checked against.
     *
     * @param checked  the file, or for an absence its directory
     * @param key      the file key (device and inode where the system has them)
     * @param time     the modification time
     * @param size     the size
     * @param resource the resource, or null for an absence
     */
    private record Cached(Path checked, Object key, FileTime time, long size, FileResource resource) {

        static Cached of(Path checked, BasicFileAttributes attributes, FileResource resource) {
            return new Cached(checked, attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(),
                    resource);
        }

        /**
         * Whether the checked time is old enough to be trusted: a change in the same tick of the file
         * system's clock as the remembered one would keep the time, so what changed in the last two
         * seconds is not remembered (git's "racily clean" rule).
         */
        boolean settled() {
            return time.toMillis() < System.currentTimeMillis() - 2000;
        }

        /** One stat: whether what was remembered still holds. */
        boolean current() throws IOException {
            BasicFileAttributes now = attributesIfExists(checked);
            return now != null && Objects.equals(now.fileKey(), key) && now.lastModifiedTime().equals(time)
                    && now.size() == size;
        }
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

    /** A file or directory by its real path; also what class-path resources in directories are. */
    static final class FileResource implements Resource {
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

        /**
         * Opens the file and checks that it is still the one looked up: same identity, time and size,
         * read again once it is open. A file replaced or rewritten in between, or deleted, gives null,
         * so that its new content is never sent under the old length and validators. The path is the
         * real one, without links; a link put in its place since the lookup is not followed (null too,
         * and the next lookup judges where it leads).
         */
        @Override
        public Body open() throws IOException {
            FileChannel channel;
            try {
                channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                // gone since the lookup, a link in its place (ELOOP), or not readable by this process
                return null;
            }
            try {
                BasicFileAttributes now = attributesIfExists(path);
                if (now != null && Objects.equals(now.fileKey(), attributes.fileKey())
                        && now.lastModifiedTime().equals(attributes.lastModifiedTime())
                        && now.size() == attributes.size() && channel.size() == attributes.size()) {
                    return new FileBody(channel);
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            channel.close();
            return null;
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
