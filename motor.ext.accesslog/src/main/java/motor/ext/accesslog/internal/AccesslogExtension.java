package motor.ext.accesslog.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.time.InstantSource;
import motor.ext.accesslog.AccessLog;
import motor.spi.Middleware;
import motor.spi.event.ResponseCompleted;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * The {@code accesslog} extension: reads its section, starts the writer thread, installs the capturing
 * middleware outermost, listens to {@link ResponseCompleted} and provides {@link AccessLog}.
 */
public final class AccesslogExtension implements Extension {

    /** The slf4j logger lines go to. */
    public static final String LOGGER = "motor.access";

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public AccesslogExtension() {
    }

    @Override
    public String name() {
        return "accesslog";
    }

    @Override
    public void install(ExtensionContext context) {
        Settings settings = Settings.read(context.config(), context.baseDirectory());
        if (settings.file() != null) {
            if (Files.isDirectory(settings.file())) {
                throw new ConfigException(context.config().path() + ".file", "is a directory: " + settings.file());
            }
            if (settings.file().getParent() != null && !Files.isDirectory(settings.file().getParent())) {
                throw new ConfigException(context.config().path() + ".file",
                        "the directory does not exist: " + settings.file().getParent());
            }
        }
        LineWriter writer;
        try {
            writer = new LineWriter(settings.logger() ? LineWriter.Sink.of(LoggerFactory.getLogger(LOGGER)) : null,
                    settings.file(), settings.queueSize(), settings.flushInterval());
        } catch (IOException e) {
            // no write permission, a dangling link, a read-only file system: the setting is what to fix
            throw new ConfigException(context.config().path() + ".file",
                    "cannot be opened for appending: " + settings.file() + " (" + e.getMessage() + ")");
        }
        context.onStop(writer);
        AccessLogger logger = new AccessLogger(settings, writer, InstantSource.system());
        context.addMiddleware(Middleware.OUTERMOST, logger);
        context.onStop(context.events().subscribe(ResponseCompleted.class, logger::completed));
        context.provide(AccessLog.class, writer);
    }
}
