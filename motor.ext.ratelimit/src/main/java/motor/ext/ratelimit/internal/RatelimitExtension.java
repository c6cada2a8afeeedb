package motor.ext.ratelimit.internal;

import java.time.Duration;
import motor.spi.Middleware;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code ratelimit} extension: reads the rules and, when there are any, adds middleware in the
 * security band (after trusted proxy headers have named the client, before authentication, so that
 * password guessing is limited too) and a virtual thread that forgets idle clients every half minute.
 */
public final class RatelimitExtension implements Extension {

    /** Before authentication and CORS, after request ids and trusted proxy headers. */
    static final int ORDER = Middleware.SECURITY - 50;

    private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public RatelimitExtension() {
    }

    @Override
    public String name() {
        return "ratelimit";
    }

    @Override
    public void install(ExtensionContext context) {
        Settings settings = Settings.read(context.config(), System::nanoTime);
        if (settings.rules().isEmpty()) {
            return;
        }
        Enforcer enforcer = new Enforcer(settings.rules(), settings.headers());
        context.addMiddleware(ORDER, enforcer::run);
        Thread sweeper = Thread.ofVirtual().name("motor-ratelimit-sweeper").start(() -> {
            try {
                while (true) {
                    Thread.sleep(SWEEP_EVERY);
                    enforcer.sweep();
                }
            } catch (InterruptedException e) {
                // stopped
            }
        });
        context.onStop(sweeper::interrupt);
    }
}
