package motor.core.internal.extension;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import motor.spi.ContentCoding;
import motor.spi.Middleware;
import motor.spi.Routes;
import motor.spi.event.EventBus;
import motor.spi.event.Subscription;
import motor.spi.event.Topic;
import motor.spi.extension.Config;
import motor.spi.extension.ExtensionContext;
import motor.spi.transport.ProtocolHandler;
import motor.spi.transport.TransportWrapper;

/** The context one extension is installed into: its section of the configuration and the registry. */
public final class Context implements ExtensionContext {

    private final String owner;
    private final Config config;
    private final Registry registry;
    private final boolean developmentMode;
    private final Path baseDirectory;
    private final EventBus events;
    private final java.util.List<ModuleLayer> pluginLayers;
    private final java.util.List<String> listenerNames;

    /**
     * Creates a context.
     *
     * @param owner           the extension's name
     * @param config          its configuration section
     * @param registry        where registrations go
     * @param developmentMode whether the server runs in development mode
     * @param baseDirectory   what relative paths in settings are resolved against, absolute
     */
    public Context(String owner, Config config, Registry registry, boolean developmentMode, Path baseDirectory) {
        this(owner, config, registry, developmentMode, baseDirectory, java.util.List.of(), java.util.List.of());
    }

    /**
     * Creates a context that also knows the plugin layers, for {@link #serviceProviders}.
     *
     * @param owner           the extension's name
     * @param config          its configuration section
     * @param registry        where registrations go
     * @param developmentMode whether the server runs in development mode
     * @param baseDirectory   what relative paths in settings are resolved against, absolute
     * @param pluginLayers    the layers of the plugins being installed, in order
     * @param listenerNames   the names of the server's listeners
     */
    public Context(String owner, Config config, Registry registry, boolean developmentMode, Path baseDirectory,
            java.util.List<ModuleLayer> pluginLayers, java.util.List<String> listenerNames) {
        this.pluginLayers = java.util.List.copyOf(pluginLayers);
        this.listenerNames = java.util.List.copyOf(listenerNames);
        this.owner = owner;
        this.config = config;
        this.registry = registry;
        this.developmentMode = developmentMode;
        this.baseDirectory = baseDirectory;
        this.events = new EventBus() {
            @Override
            public <E> Subscription subscribe(Class<E> type, Consumer<? super E> listener) {
                // remembered, so that unloading the extension unsubscribes it
                Subscription subscription = registry.events().subscribe(type, listener);
                registry.onStop(subscription);
                return subscription;
            }

            @Override
            public <E> Topic<E> topic(Class<E> type) {
                return registry.events().topic(type);
            }
        };
    }

    @Override
    public java.util.List<String> listenerNames() {
        return listenerNames;
    }

    @Override
    public <S> java.util.List<S> serviceProviders(Class<S> type) {
        // the core loads on the caller's behalf: it must declare the use itself
        Context.class.getModule().addUses(type);
        java.util.List<S> found = new java.util.ArrayList<>();
        java.util.ServiceLoader.load(type, Context.class.getClassLoader()).forEach(found::add);
        for (ModuleLayer layer : pluginLayers) {
            // a layer's loader also returns its parents' providers: keep only the layer's own
            java.util.ServiceLoader.load(layer, type).stream()
                    .filter(provider -> provider.type().getModule().getLayer() == layer)
                    .forEach(provider -> found.add(provider.get()));
        }
        return java.util.List.copyOf(found);
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public EventBus events() {
        return events;
    }

    @Override
    public Routes routes() {
        return registry.router();
    }

    @Override
    public boolean developmentMode() {
        return developmentMode;
    }

    @Override
    public Path baseDirectory() {
        return baseDirectory;
    }

    @Override
    public void addMiddleware(int order, Middleware middleware) {
        registry.addMiddleware(order, owner, middleware);
    }

    @Override
    public void addProtocol(ProtocolHandler handler) {
        registry.addProtocol(handler);
    }

    @Override
    public java.util.List<ProtocolHandler> protocols() {
        return registry.protocolsView();
    }

    @Override
    public void addTransportWrapper(TransportWrapper wrapper) {
        registry.addTransportWrapper(wrapper);
    }

    /** Fields the server writes itself on every response: framing, type, date and server. */
    private static final java.util.Set<String> SERVER_FIELDS = java.util.Set.of("connection", "content-length",
            "transfer-encoding", "content-type", "date", "server", "keep-alive", "upgrade", "trailer");

    @Override
    public void addErrorHeaders(motor.spi.Headers fields) {
        for (String name : fields.names()) {
            if (SERVER_FIELDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException(name + " is the server's own field; it cannot be an error header");
            }
        }
        registry.addErrorHeaders(fields.copy());
    }

    @Override
    public void addContentCoding(ContentCoding coding) {
        registry.addContentCoding(coding);
    }

    @Override
    public Map<String, ContentCoding> contentCodings() {
        return registry.contentCodings();
    }

    @Override
    public <T> void provide(Class<T> type, T service) {
        registry.provide(type, service);
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return registry.service(type);
    }

    @Override
    public void onStop(AutoCloseable resource) {
        registry.onStop(resource);
    }
}
