package motor.ext.gzip.internal;

import motor.spi.Middleware;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code gzip} extension: registers the {@code gzip} and {@code deflate} content codings (unless a
 * plugin installed earlier registered its own under those names) and the middleware that compresses
 * responses and decodes request bodies, at {@link Middleware#CODING}.
 */
public final class GzipExtension implements Extension {

    /** Creates the extension; ServiceLoader calls this. */
    public GzipExtension() {
    }

    @Override
    public String name() {
        return "gzip";
    }

    @Override
    public void install(ExtensionContext context) {
        Settings settings = Settings.from(context.config());
        for (DeflateCoding coding : new DeflateCoding[] {
            DeflateCoding.gzip(settings.level(), settings.bufferSize()),
            DeflateCoding.deflate(settings.level(), settings.bufferSize())}) {
            if (!context.contentCodings().containsKey(coding.name())) {
                context.addContentCoding(coding);
                context.onStop(coding);
            }
        }
        if (settings.compress() || settings.decompress()) {
            context.addMiddleware(Middleware.CODING, new CodingMiddleware(settings, context.contentCodings()));
        }
    }
}
