package motor.ext.multipart;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The limits and storage settings for reading one form. The extension builds them from its
 * {@code multipart} configuration section; code that reads forms without the extension gets
 * {@link #defaults()} or passes its own to {@link Forms#read(motor.spi.Request, FormOptions)}.
 *
 * <p>Exceeding a size or count limit is answered with 413, naming the limit. The request's own body
 * limit ({@link motor.spi.Request#bodyLimit()}, the route's {@code maxBodySize}) applies as well, and is
 * usually the lower one.
 *
 * @param fileThreshold the largest file part kept in memory; larger ones are written to a temporary file
 * @param maxParts      the most parts of a multipart form, or fields of a URL-encoded one
 * @param maxPartSize   the largest file part (a part with a file name), in bytes
 * @param maxFieldSize  the largest text field (a part without a file name, or a URL-encoded name and
 *                      value), in bytes
 * @param maxTotalSize  the largest request body, in bytes, preamble and epilogue included
 * @param maxHeaderSize the largest header section of one part, in bytes
 * @param maxMemorySize the most bytes of text fields one form may hold in memory together (413 beyond),
 *                      and separately the most bytes of small files it keeps in memory (files beyond go
 *                      to disk even below {@code fileThreshold})
 * @param tempDirectory where large file parts are written; created with owner-only permissions when
 *                      missing
 */
public record FormOptions(long fileThreshold, int maxParts, long maxPartSize, long maxFieldSize, long maxTotalSize,
                          int maxHeaderSize, long maxMemorySize, Path tempDirectory) {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if a size is negative, {@code maxParts} or {@code maxHeaderSize} is
     *                                  less than 1
     * @throws NullPointerException     if {@code tempDirectory} is {@code null}
     */
    public FormOptions {
        requireNonNegative(fileThreshold, "fileThreshold");
        requireNonNegative(maxPartSize, "maxPartSize");
        requireNonNegative(maxFieldSize, "maxFieldSize");
        requireNonNegative(maxTotalSize, "maxTotalSize");
        requireNonNegative(maxMemorySize, "maxMemorySize");
        if (maxParts < 1) {
            throw new IllegalArgumentException("maxParts must be at least 1, not " + maxParts);
        }
        if (maxHeaderSize < 1) {
            throw new IllegalArgumentException("maxHeaderSize must be at least 1, not " + maxHeaderSize);
        }
        Objects.requireNonNull(tempDirectory, "tempDirectory");
    }

    /**
     * {@return the defaults: {@code fileThreshold} 64 KiB, {@code maxParts} 1000, {@code maxPartSize}
     * 100 MiB, {@code maxFieldSize} 1 MiB, {@code maxTotalSize} 100 MiB, {@code maxHeaderSize} 8 KiB,
     * {@code maxMemorySize} 2 MiB, {@code tempDirectory} the JVM's {@code java.io.tmpdir}}
     */
    public static FormOptions defaults() {
        return new FormOptions(64 * KIB, 1000, 100 * MIB, MIB, 100 * MIB, (int) (8 * KIB), 2 * MIB,
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * {@return a copy with another {@code fileThreshold}}
     *
     * @param bytes the largest file part kept in memory
     */
    public FormOptions withFileThreshold(long bytes) {
        return new FormOptions(bytes, maxParts, maxPartSize, maxFieldSize, maxTotalSize, maxHeaderSize, maxMemorySize,
                tempDirectory);
    }

    /**
     * {@return a copy with another {@code maxParts}}
     *
     * @param count the most parts or fields
     */
    public FormOptions withMaxParts(int count) {
        return new FormOptions(fileThreshold, count, maxPartSize, maxFieldSize, maxTotalSize, maxHeaderSize,
                maxMemorySize, tempDirectory);
    }

    /**
     * {@return a copy with another {@code maxPartSize}}
     *
     * @param bytes the largest file part
     */
    public FormOptions withMaxPartSize(long bytes) {
        return new FormOptions(fileThreshold, maxParts, bytes, maxFieldSize, maxTotalSize, maxHeaderSize, maxMemorySize,
                tempDirectory);
    }

    /**
     * {@return a copy with another {@code maxFieldSize}}
     *
     * @param bytes the largest text field
     */
    public FormOptions withMaxFieldSize(long bytes) {
        return new FormOptions(fileThreshold, maxParts, maxPartSize, bytes, maxTotalSize, maxHeaderSize, maxMemorySize,
                tempDirectory);
    }

    /**
     * {@return a copy with another {@code maxTotalSize}}
     *
     * @param bytes the largest body
     */
    public FormOptions withMaxTotalSize(long bytes) {
        return new FormOptions(fileThreshold, maxParts, maxPartSize, maxFieldSize, bytes, maxHeaderSize, maxMemorySize,
                tempDirectory);
    }

    /**
     * {@return a copy with another {@code maxHeaderSize}}
     *
     * @param bytes the largest header section of a part
     */
    public FormOptions withMaxHeaderSize(int bytes) {
        return new FormOptions(fileThreshold, maxParts, maxPartSize, maxFieldSize, maxTotalSize, bytes, maxMemorySize,
                tempDirectory);
    }

    /**
     * {@return a copy with another {@code maxMemorySize}}
     *
     * @param bytes the most bytes of fields, and of small files, held in memory
     */
    public FormOptions withMaxMemorySize(long bytes) {
        return new FormOptions(fileThreshold, maxParts, maxPartSize, maxFieldSize, maxTotalSize, maxHeaderSize, bytes,
                tempDirectory);
    }

    /**
     * {@return a copy with another {@code tempDirectory}}
     *
     * @param directory where large file parts are written
     */
    public FormOptions withTempDirectory(Path directory) {
        return new FormOptions(fileThreshold, maxParts, maxPartSize, maxFieldSize, maxTotalSize, maxHeaderSize,
                maxMemorySize, directory);
    }

    private static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be 0 or more, not " + value);
        }
    }
}
