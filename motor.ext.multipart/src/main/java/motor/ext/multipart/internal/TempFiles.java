package motor.ext.multipart.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

/** Temporary files for uploads, readable and writable by the server's user alone where the OS can say so. */
public final class TempFiles {

    /** The prefix of every upload's temporary file name. */
    public static final String PREFIX = "motor-upload-";

    private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];

    private TempFiles() {
    }

    /**
     * Creates an empty temporary file, and its directory if missing.
     *
     * @param directory where
     * @return the new file, mode 600 on POSIX file systems
     * @throws IOException if it cannot be created
     */
    public static Path create(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            createDirectory(directory);
        }
        return Files.createTempFile(directory, PREFIX, ".tmp", attributes(directory, false));
    }

    /**
     * Creates a directory and its parents if missing; the directory itself gets mode 700 on POSIX file
     * systems.
     *
     * @param directory the directory
     * @throws IOException if it cannot be created
     */
    public static void createDirectory(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(absolute, attributes(parent == null ? absolute : parent, true));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
        }
    }

    private static FileAttribute<?>[] attributes(Path near, boolean directory) {
        if (!near.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return NONE;
        }
        EnumSet<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        if (directory) {
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
    }
}
