package motor.ext.multipart.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import motor.ext.multipart.FormOptions;
import motor.spi.Handler;
import motor.spi.Middleware;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code multipart} extension: reads its settings into {@link FormOptions} and adds middleware that,
 * for requests that carry a form, makes those options the ones {@link motor.ext.multipart.Forms} uses and
 * closes every form read during the request once the rest of the chain has returned or thrown, so that
 * temporary files never outlive their request.
 */
public final class MultipartExtension implements Extension {

    /**
     * Where the middleware runs: outside security middleware (an authenticator may read a login form)
     * and content codings, inside only the outermost layer (access logs, request ids).
     */
    public static final int ORDER = Middleware.OUTERMOST + 100;

    /** The largest {@code maxHeaderSize} accepted. */
    static final long MAX_HEADER_SIZE = 1024 * 1024;

    /** Creates the extension; ServiceLoader calls this. */
    public MultipartExtension() {
    }

    @Override
    public String name() {
        return "multipart";
    }

    @Override
    public void install(ExtensionContext context) throws IOException {
        FormOptions options = options(context.config());
        context.addMiddleware(ORDER, new ScopeMiddleware(options));
    }

    /**
     * Reads the settings, every one of them, and validates them.
     *
     * @param config the {@code multipart} section
     * @return the options
     * @throws ConfigException naming the key of a wrong value
     */
    static FormOptions options(Config config) {
        FormOptions d = FormOptions.defaults();
        long fileThreshold = nonNegative(config, "fileThreshold", config.size("fileThreshold", d.fileThreshold()));
        int maxParts = config.integer("maxParts", d.maxParts());
        if (maxParts < 1) {
            throw new ConfigException(key(config, "maxParts"), "expected a whole number of at least 1");
        }
        long maxPartSize = nonNegative(config, "maxPartSize", config.size("maxPartSize", d.maxPartSize()));
        long maxFieldSize = nonNegative(config, "maxFieldSize", config.size("maxFieldSize", d.maxFieldSize()));
        long maxTotalSize = nonNegative(config, "maxTotalSize", config.size("maxTotalSize", d.maxTotalSize()));
        long maxHeaderSize = config.size("maxHeaderSize", d.maxHeaderSize());
        if (maxHeaderSize < 1 || maxHeaderSize > MAX_HEADER_SIZE) {
            throw new ConfigException(key(config, "maxHeaderSize"), "expected a size from 1 byte to 1MiB");
        }
        long maxMemorySize = nonNegative(config, "maxMemorySize", config.size("maxMemorySize", d.maxMemorySize()));
        String directory = config.string("tempDirectory", null);
        Path tempDirectory = d.tempDirectory();
        if (directory != null) {
            tempDirectory = tempDirectory(config, directory);
        }
        return new FormOptions(fileThreshold, maxParts, maxPartSize, maxFieldSize, maxTotalSize, (int) maxHeaderSize,
                maxMemorySize, tempDirectory);
    }

    /** Resolves the temporary directory, creating it (owner-only) if missing; it must be writable. */
    private static Path tempDirectory(Config config, String value) {
        Path path;
        try {
            path = Path.of(value).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new ConfigException(key(config, "tempDirectory"), "not a valid path: " + e.getReason());
        }
        try {
            TempFiles.createDirectory(path);
        } catch (IOException e) {
            throw new ConfigException(key(config, "tempDirectory"), "cannot create the directory " + path + ": " + e);
        }
        if (!Files.isDirectory(path) || !Files.isWritable(path)) {
            throw new ConfigException(key(config, "tempDirectory"), "expected a writable directory, " + path + " is not");
        }
        return path;
    }

    private static long nonNegative(Config config, String key, long value) {
        if (value < 0) {
            throw new ConfigException(key(config, key), "expected a size of 0 or more");
        }
        return value;
    }

    private static String key(Config config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }

    /** Installs a {@link FormScope} on requests with a form and closes it when the rest of the chain is done. */
    private record ScopeMiddleware(FormOptions options) implements Middleware {

        @Override
        public void handle(Request request, Response response, Handler next) throws Exception {
            if (FormScope.formType(request.header("Content-Type")) == FormScope.NONE) {
                next.handle(request, response);
                return;
            }
            FormScope scope = new FormScope(options);
            request.attributes().put(FormScope.ATTRIBUTE, scope);
            try {
                next.handle(request, response);
            } finally {
                scope.close();
            }
        }
    }
}
