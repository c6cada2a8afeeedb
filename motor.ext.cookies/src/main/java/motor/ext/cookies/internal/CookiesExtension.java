package motor.ext.cookies.internal;

import java.time.InstantSource;
import java.util.List;
import motor.ext.cookies.CookieSigner;
import motor.ext.cookies.SessionStore;
import motor.ext.cookies.Sessions;
import motor.spi.extension.Config;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cookies extension: reads the {@code cookies} section, makes the {@link CookieSigner} from its
 * {@code keys} (a random per-process key when there are none), offers the signer to other extensions,
 * and installs the middleware that carries the signer and the sessions, at
 * {@link Sessions#MIDDLEWARE_ORDER}.
 */
public final class CookiesExtension implements Extension {

    private static final Logger LOG = LoggerFactory.getLogger(CookiesExtension.class);

    private final InstantSource clock;

    /** Creates the extension with the system clock, as ServiceLoader does. */
    public CookiesExtension() {
        this(InstantSource.system());
    }

    /**
     * Creates the extension with another clock, for tests.
     *
     * @param clock the time sessions expire by
     */
    CookiesExtension(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "cookies";
    }

    @Override
    public void install(ExtensionContext context) {
        Config config = context.config();
        String keysKey = config.path().isEmpty() ? "keys" : config.path() + ".keys";
        List<byte[]> keys = Keys.parse(config.strings("keys", List.of()), keysKey);
        SessionSettings settings = SessionSettings.read(config.section("session"));
        if (keys.isEmpty()) {
            keys = List.of(Keys.processKey());
            LOG.warn("cookies: no cookies.keys configured; signing with a random key of this process, so signed "
                    + "cookies and session cookies stop being valid when it restarts");
        }
        CookieSigner signer = new CookieSigner(keys);
        context.provide(CookieSigner.class, signer);
        SessionManager sessions = settings.enabled()
                ? new SessionManager(settings, signer, () -> context.service(SessionStore.class), clock)
                : null;
        context.addMiddleware(Sessions.MIDDLEWARE_ORDER, new CookieMiddleware(signer, sessions));
    }
}
