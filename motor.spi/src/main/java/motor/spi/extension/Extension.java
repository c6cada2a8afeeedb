package motor.spi.extension;

import java.lang.module.ModuleDescriptor;
import java.util.Set;

/**
 * A feature that plugs into the server: the service type that Motor discovers with
 * {@link java.util.ServiceLoader}.
 *
 * <p>An extension jar declares its implementation twice, so that it works on the module path and on the
 * class path: {@code provides motor.spi.extension.Extension with ...} in its {@code module-info}, and the
 * class name in {@code META-INF/services/motor.spi.extension.Extension}. The implementation needs a
 * public no-argument constructor; its package need not be exported.
 *
 * <p>At startup the server orders the extensions it found (by {@link #requires()}, {@link #after()},
 * {@link #before()}, then {@link #weight()}, then name), and calls {@link #install} on each in that
 * order, on one thread, before it accepts connections. An extension that throws from {@code install}
 * stops the start. When plugins are reloaded, every extension is installed again into a new context;
 * an instance the application added itself sees {@code install} once per composition.
 *
 * <p>The SPI version an extension was built against is the version of {@code motor.spi} recorded in its
 * compiled {@code module-info}; a plugin built against an incompatible SPI is refused with a message.
 */
public interface Extension {

    /**
     * {@return the extension's unique name, also the name of its section in the configuration; lower case
     * letters, digits, {@code .} and {@code -}}
     */
    String name();

    /**
     * {@return the extension's version; by default the version of its module, or of its jar's manifest,
     * or {@code "unversioned"}}
     */
    default String version() {
        Module module = getClass().getModule();
        ModuleDescriptor descriptor = module.getDescriptor();
        if (descriptor != null && descriptor.version().isPresent()) {
            return descriptor.version().get().toString();
        }
        String implementation = getClass().getPackage().getImplementationVersion();
        return implementation != null ? implementation : "unversioned";
    }

    /**
     * {@return names of extensions this one cannot work without; each must be present (the server
     * refuses to start otherwise) and is installed before this one}
     */
    default Set<String> requires() {
        return Set.of();
    }

    /** {@return names of extensions that, when present, must be installed before this one} */
    default Set<String> after() {
        return Set.of();
    }

    /** {@return names of extensions that, when present, must be installed after this one} */
    default Set<String> before() {
        return Set.of();
    }

    /**
     * {@return a tie-break among extensions that {@link #after()} and {@link #before()} leave unordered:
     * lower weights install first; equal weights go by name}
     */
    default int weight() {
        return 0;
    }

    /**
     * Installs the extension: reads its configuration, registers its routes, middleware, protocols and
     * services, subscribes to events.
     *
     * @param context where to register
     * @throws Exception if the extension cannot work; the server does not start
     */
    void install(ExtensionContext context) throws Exception;
}
