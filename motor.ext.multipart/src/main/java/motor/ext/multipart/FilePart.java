package motor.ext.multipart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import motor.spi.Headers;

/**
 * A file uploaded with a form: a part whose {@code Content-Disposition} has a file name. Its content is
 * in memory when it was small ({@link FormOptions#fileThreshold()}), otherwise in a temporary file that
 * is deleted when the form is closed (by the extension at the end of the request, or by
 * {@link Form#close()}), unless {@link #transferTo} moved it away first.
 *
 * <p>Not thread-safe: use it on the handler's thread.
 */
public final class FilePart {

    private final String name;
    private final String filename;
    private final String rawFilename;
    private final String contentType;
    private final Headers headers;
    private final long size;
    private final byte[] content;
    private Path file;
    /** Whether {@link #file} is our temporary file, to delete on close. */
    private boolean temporary;
    private boolean deleted;

    FilePart(Part part, long size, byte[] content, Path file) {
        this.name = part.name();
        this.filename = part.filename();
        this.rawFilename = part.rawFilename();
        this.contentType = part.contentType();
        this.headers = part.headers();
        this.size = size;
        this.content = content;
        this.file = file;
        this.temporary = file != null;
    }

    /** {@return the form field's name} */
    public String name() {
        return name;
    }

    /**
     * {@return the file name made safe to use as a path element: no directories, no control, format or
     * reserved characters, no leading dots, at most 255 UTF-8 bytes, never empty (see
     * {@link Forms#safeFilename})} An empty file input of a browser form arrives as a part with an empty
     * raw name and no content; its safe name is {@code unnamed}.
     */
    public String filename() {
        return filename;
    }

    /**
     * {@return the file name as the client sent it, decoded but not sanitised; may be empty, may hold
     * directories, {@code ..} or control characters} For display or logs after encoding, never as a path.
     */
    public String rawFilename() {
        return rawFilename;
    }

    /**
     * {@return the part's {@code Content-Type}, {@code application/octet-stream} if it had none} The
     * client's claim, not a checked fact.
     */
    public String contentType() {
        return contentType;
    }

    /** {@return the part's header fields as received} */
    public Headers headers() {
        return headers;
    }

    /** {@return the size of the content in bytes} */
    public long size() {
        return size;
    }

    /** {@return whether the content is in memory rather than in a file} */
    public boolean inMemory() {
        return content != null;
    }

    /**
     * {@return the file that holds the content: the temporary file, or where {@link #transferTo} moved
     * it; empty when the content is in memory}
     */
    public Optional<Path> path() {
        return Optional.ofNullable(file);
    }

    /**
     * Opens the content for reading. Each call starts from the beginning.
     *
     * @return a new stream; close it
     * @throws IOException           if the file cannot be opened
     * @throws IllegalStateException if the form was closed and the content deleted
     */
    public InputStream open() throws IOException {
        if (content != null) {
            return new ByteArrayInputStream(content);
        }
        checkOpen();
        return Files.newInputStream(file);
    }

    /**
     * Reads the whole content into memory.
     *
     * @return the bytes
     * @throws IOException           if the file cannot be read
     * @throws IllegalStateException if the form was closed and the content deleted
     */
    public byte[] bytes() throws IOException {
        if (content != null) {
            return content.clone();
        }
        checkOpen();
        return Files.readAllBytes(file);
    }

    /**
     * Stores the content at {@code target}. Content in a temporary file is moved there (a rename on the
     * same file system), after which {@link #path()} is {@code target} and closing the form leaves it
     * alone; the file keeps its owner-only permissions. Content in memory is written.
     *
     * <p>Build {@code target} from {@link #filename()} or a name of your own, never from
     * {@link #rawFilename()}.
     *
     * @param target  where to put the content
     * @param options {@link StandardCopyOption#REPLACE_EXISTING} to overwrite an existing file,
     *                {@link StandardCopyOption#ATOMIC_MOVE} to insist on a rename (file content only)
     * @return {@code target}
     * @throws java.nio.file.FileAlreadyExistsException if {@code target} exists and
     *                                                  {@code REPLACE_EXISTING} was not given
     * @throws IOException                              if storing fails
     * @throws IllegalStateException                    if the form was closed and the content deleted
     */
    public Path transferTo(Path target, CopyOption... options) throws IOException {
        if (content != null) {
            boolean replace = false;
            for (CopyOption option : options) {
                replace |= option == StandardCopyOption.REPLACE_EXISTING;
            }
            OpenOption[] open = replace
                    ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE}
                    : new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
            Files.write(target, content, open);
            return target;
        }
        checkOpen();
        if (temporary) {
            Files.move(file, target, options);
            file = target;
            temporary = false;
        } else {
            Files.copy(file, target, options);
        }
        return target;
    }

    /** Deletes the temporary file, if it is still ours. */
    void delete() throws IOException {
        if (temporary) {
            temporary = false;
            deleted = true;
            Files.deleteIfExists(file);
        }
    }

    private void checkOpen() {
        if (deleted) {
            throw new IllegalStateException("the form was closed and this upload's temporary file deleted");
        }
    }

    @Override
    public String toString() {
        return "FilePart[name=" + name + ", filename=" + filename + ", contentType=" + contentType + ", size=" + size
                + (content != null ? ", in memory" : ", at " + file) + "]";
    }
}
