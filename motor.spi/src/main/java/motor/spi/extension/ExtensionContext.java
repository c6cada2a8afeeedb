package motor.spi.extension;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import motor.spi.ContentCoding;
import motor.spi.Middleware;
import motor.spi.Routes;
import motor.spi.event.EventBus;
import motor.spi.transport.ProtocolHandler;
import motor.spi.transport.TransportWrapper;

/**
 * What an extension is installed into: its configuration and the places where it registers what it
 * contributes. The server remembers everything an extension registers here, so that it can all be
 * removed again when the extension is unloaded.
 */
public interface ExtensionContext {

    /** {@return the configuration section named after the extension; empty if the file has none} */
    Config config();

    /** {@return the server's event bus} */
    EventBus events();

    /** {@return where routes are registered} */
    Routes routes();

    /** {@return whether the server runs in development mode (stack traces in error pages, say)} */
    boolean developmentMode();

    /**
     * {@return the absolute directory that relative paths in settings are resolved against} Under the
     * distribution's {@code bin/motor} it is the distribution's own folder, so that {@code conf/motor.json}
     * can name {@code public/} whatever the working directory; an embedded server uses its working
     * directory unless the application set another. The default implementation returns the working
     * directory.
     */
    default Path baseDirectory() {
        return Path.of("").toAbsolutePath();
    }

    /**
     * Adds middleware to the chain.
     *
     * @param order      where it goes; lower runs first; see the constants of {@link Middleware}
     * @param middleware the middleware
     */
    void addMiddleware(int order, Middleware middleware);

    /**
     * Adds a protocol that can take over whole connections.
     *
     * @param handler the protocol
     */
    void addProtocol(ProtocolHandler handler);

    /**
     * {@return the protocols registered so far and later, in registration order: a live, read-only view,
     * for an extension that must know them while connections run (TLS offers their ALPN ids, say); read
     * it per connection, not at start, since extensions installed later add theirs after this one started}
     */
    default List<ProtocolHandler> protocols() {
        return List.of();
    }

    /**
     * {@return the names of the server's listeners (as in the {@code server} section's {@code listeners},
     * {@code "http"} for the default one), so that an extension can check a setting that names one}
     */
    default List<String> listenerNames() {
        return List.of();
    }

    /**
     * Adds a wrapper that every accepted connection passes through.
     *
     * @param wrapper the wrapper
     */
    void addTransportWrapper(TransportWrapper wrapper);

    /**
     * Adds header fields to the error responses the server writes before any middleware has run: to
     * requests it cannot parse (400, 414, 431, 501, 505), request heads that do not arrive in time (408)
     * and requests refused while it stops (503). Every other response passes through the middleware chain,
     * where middleware adds its headers itself. A field already in such a response is not repeated.
     * Security headers are the use: {@code X-Content-Type-Options}, {@code Content-Security-Policy}.
     *
     * @param fields the fields to add; copied
     * @throws IllegalArgumentException if a field is one the server writes itself ({@code Connection},
     *                                  {@code Content-Length}, {@code Transfer-Encoding},
     *                                  {@code Content-Type}, {@code Date}, {@code Server} and the like)
     */
    void addErrorHeaders(motor.spi.Headers fields);

    /**
     * Makes a content coding available to every extension.
     *
     * @param coding the coding
     * @throws IllegalArgumentException if a coding of that name is already registered
     */
    void addContentCoding(ContentCoding coding);

    /**
     * {@return the registered content codings by name: a live, read-only view that includes those
     * registered by extensions installed later}
     */
    Map<String, ContentCoding> contentCodings();

    /**
     * Offers a service to other extensions under its type.
     *
     * @param type    the type others look it up by; usually an interface the providing extension exports
     * @param service the implementation
     * @param <T>     the service type
     * @throws IllegalArgumentException if a service of that type is already registered
     */
    <T> void provide(Class<T> type, T service);

    /**
     * Looks up a service another extension provided. Extensions installed later are visible too, so call
     * this when the service is used rather than during {@code install}, or order the extensions.
     *
     * @param type the service type
     * @param <T>  the service type
     * @return the service, if provided
     */
    <T> Optional<T> service(Class<T> type);

    /**
     * Finds the providers of a {@link java.util.ServiceLoader} service wherever the server's extensions
     * come from: the module path, the class path and every plugin layer of the {@code plugins/} folder.
     * For extensions that are themselves pluggable (template engines, say); a plain
     * {@code ServiceLoader.load} would not see the plugin layers. Each provider is instantiated once per
     * call, in a stable order: boot providers first, then each plugin's.
     *
     * @param type the service interface; the caller's module need not declare {@code uses} for it
     * @param <S>  the service type
     * @return new instances of the providers
     */
    default <S> java.util.List<S> serviceProviders(Class<S> type) {
        return java.util.ServiceLoader.load(type, type.getClassLoader()).stream()
                .map(java.util.ServiceLoader.Provider::get).toList();
    }

    /**
     * Registers something to close when the server stops or the extension is unloaded, in reverse order
     * of registration.
     *
     * @param resource what to close
     */
    void onStop(AutoCloseable resource);
}
