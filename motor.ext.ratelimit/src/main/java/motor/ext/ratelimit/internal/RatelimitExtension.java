package motor.ext.ratelimit.internal;

import java.time.Duration;
import java.util.List;
import motor.spi.Middleware;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code ratelimit} extension: reads the rules and, when there are any, adds middleware in the
 * security band (after trusted proxy headers have named the client, before authentication, so that
 * password guessing is limited too; rules keyed by user just after authentication) and a virtual thread
 * that forgets idle clients every half minute.
 */
public final class RatelimitExtension implements Extension {

    /** Before authentication and CORS, after request ids and trusted proxy headers. */
    static final int ORDER = Middleware.SECURITY - 50;

    /** For rules keyed by user: after authentication middleware, which runs at {@link Middleware#SECURITY}. */
    static final int USER_ORDER = Middleware.SECURITY + 50;

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
        // rules keyed by user run after authentication middleware has named the user; the others before it
        List<Rule> byUser = settings.rules().stream().filter(r -> r.key() == Rule.Key.USER).toList();
        List<Rule> others = settings.rules().stream().filter(r -> r.key() != Rule.Key.USER).toList();
        Enforcer enforcer = new Enforcer(others, settings.headers());
        Enforcer userEnforcer = new Enforcer(byUser, settings.headers());
        if (!others.isEmpty()) {
            context.addMiddleware(ORDER, enforcer::run);
        }
        if (!byUser.isEmpty()) {
            context.addMiddleware(USER_ORDER, userEnforcer::run);
        }
        Thread sweeper = Thread.ofVirtual().name("motor-ratelimit-sweeper").start(() -> {
            try {
                while (true) {
                    Thread.sleep(SWEEP_EVERY);
                    enforcer.sweep();
                    userEnforcer.sweep();
                }
            } catch (InterruptedException e) {
                // stopped
            }
        });
        context.onStop(sweeper::interrupt);
    }
}
