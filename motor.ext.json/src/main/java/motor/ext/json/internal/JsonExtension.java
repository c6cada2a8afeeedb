package motor.ext.json.internal;

import java.util.concurrent.locks.ReentrantLock;
import motor.ext.json.JsonCodec;
import motor.ext.json.JsonCustomizer;
import motor.ext.json.JsonOptions;
import motor.spi.Middleware;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code json} extension: reads its settings, and registers middleware that makes its
 * {@link JsonCodec} the one {@code Json.read} and {@code Json.write} use.
 *
 * <p>The codec, and with it Jackson's data binding, is made when a handler first reads or writes JSON
 * rather than at install: a server that does not serve JSON never pays for it, a request that does not
 * use JSON never waits for it, and a {@link JsonCustomizer} service is found whichever extension
 * provides it and whenever that one installs. The settings are checked at install all the same, so a wrong one stops the start.
 */
public final class JsonExtension implements Extension {

    /** Where the middleware runs: early, so that other middleware may use {@code Json} too. */
    public static final int ORDER = Middleware.OUTERMOST + 100;

    /** Upper bounds that keep a setting from disabling its own protection. */
    static final long MAX_BODY_SIZE = 1L << 30;
    static final int MAX_DEPTH = 1000;

    @Override
    public String name() {
        return "json";
    }

    @Override
    public void install(ExtensionContext context) {
        JsonOptions options = options(context.config());
        Lazy codec = new Lazy(options, context);
        context.addMiddleware(ORDER, (request, response, next) -> Exchanges.handle(codec, request, response, next));
    }

    /**
     * Reads the settings; every key the section may hold is read here, so that a misspelt one is
     * reported as unknown.
     *
     * @param config the {@code json} section
     * @return the options
     * @throws ConfigException naming the key and what was expected
     */
    static JsonOptions options(Config config) {
        JsonOptions d = JsonOptions.defaults();
        long maxBodySize = config.size("maxBodySize", d.maxBodySize());
        check(config, "maxBodySize", maxBodySize, MAX_BODY_SIZE, "a size from 1 byte to 1GiB");
        int maxDepth = config.integer("maxDepth", d.maxDepth());
        check(config, "maxDepth", maxDepth, MAX_DEPTH, "a nesting depth from 1 to " + MAX_DEPTH);
        int maxStringLength = config.integer("maxStringLength", d.maxStringLength());
        check(config, "maxStringLength", maxStringLength, Integer.MAX_VALUE, "a number of characters, 1 or more");
        int maxNumberLength = config.integer("maxNumberLength", d.maxNumberLength());
        check(config, "maxNumberLength", maxNumberLength, Integer.MAX_VALUE, "a number of characters, 1 or more");
        int maxNameLength = config.integer("maxNameLength", d.maxNameLength());
        check(config, "maxNameLength", maxNameLength, Integer.MAX_VALUE, "a number of characters, 1 or more");
        return new JsonOptions(maxBodySize, maxDepth, maxStringLength, maxNumberLength, maxNameLength,
                config.bool("failOnUnknownProperties", d.failOnUnknownProperties()),
                config.bool("rejectDuplicateKeys", d.rejectDuplicateKeys()),
                config.bool("pretty", d.pretty()),
                config.bool("allowMissingContentType", d.allowMissingContentType()));
    }

    private static void check(Config config, String key, long value, long max, String expected) {
        if (value < 1 || value > max) {
            throw new ConfigException(config.path().isEmpty() ? key : config.path() + "." + key,
                    expected + " is expected, not " + value);
        }
    }

    /** The codec, made once on first use, with the customizer provided by then if any. */
    static final class Lazy implements CodecSource {
        private final JsonOptions options;
        private final ExtensionContext context;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile JsonCodec codec;

        Lazy(JsonOptions options, ExtensionContext context) {
            this.options = options;
            this.context = context;
        }

        @Override
        public JsonCodec codec() {
            JsonCodec made = codec;
            if (made == null) {
                lock.lock();
                try {
                    made = codec;
                    if (made == null) {
                        JsonCustomizer customizer = context.service(JsonCustomizer.class).orElse(mapper -> { });
                        codec = made = JsonCodec.create(options, customizer);
                    }
                } finally {
                    lock.unlock();
                }
            }
            return made;
        }
    }
}
