package motor.core.internal.extension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import motor.core.internal.event.LocalEventBus;
import motor.core.internal.routing.Router;
import motor.spi.ContentCoding;
import motor.spi.Handler;
import motor.spi.Middleware;
import motor.spi.transport.ProtocolHandler;
import motor.spi.transport.TransportWrapper;

/**
 * Everything the application and the extensions registered: middleware, protocols, transport wrappers,
 * content codings, shared services and things to close. It composes the middleware chain in its
 * documented order: by order value, then by registration.
 */
public final class Registry {

    private record Entry(int order, long sequence, String owner, Middleware middleware) {
    }

    private final LocalEventBus events;
    private final Router router;
    private final List<Entry> middleware = new ArrayList<>();
    private final List<ProtocolHandler> protocols = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<ProtocolHandler> protocolsView = java.util.Collections.unmodifiableList(protocols);
    private final List<TransportWrapper> wrappers = new ArrayList<>();
    private final Map<String, ContentCoding> codings = new ConcurrentHashMap<>();
    private volatile motor.spi.Headers errorHeaders = new motor.spi.Headers(0);
    private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closeables = Collections.synchronizedList(new ArrayList<>());
    private long sequence;

    /**
     * Creates an empty registry.
     *
     * @param events the event bus
     * @param router the router, innermost step of the chain
     */
    public Registry(LocalEventBus events, Router router) {
        this.events = events;
        this.router = router;
    }

    /** {@return the event bus} */
    public LocalEventBus events() {
        return events;
    }

    /** {@return the router} */
    public Router router() {
        return router;
    }

    /**
     * Adds middleware.
     *
     * @param order      lower runs first
     * @param owner      who registered it, for the startup log
     * @param middleware the middleware
     */
    public synchronized void addMiddleware(int order, String owner, Middleware middleware) {
        this.middleware.add(new Entry(order, sequence++, owner, java.util.Objects.requireNonNull(middleware)));
    }

    /** @param handler a protocol */
    public synchronized void addProtocol(ProtocolHandler handler) {
        protocols.add(java.util.Objects.requireNonNull(handler));
    }

    /** {@return the protocols, live and read-only; registration happens before the server accepts connections} */
    public List<ProtocolHandler> protocolsView() {
        return protocolsView;
    }

    /** @param wrapper a transport wrapper */
    public synchronized void addTransportWrapper(TransportWrapper wrapper) {
        wrappers.add(java.util.Objects.requireNonNull(wrapper));
    }

    /** @param fields header fields for the errors the server writes before middleware runs */
    public synchronized void addErrorHeaders(motor.spi.Headers fields) {
        motor.spi.Headers all = errorHeaders.copy();
        all.addAll(fields);
        errorHeaders = all;
    }

    /** {@return the fields for errors written before middleware runs; not to be changed} */
    public motor.spi.Headers errorHeaders() {
        return errorHeaders;
    }

    /** @param coding a content coding */
    public void addContentCoding(ContentCoding coding) {
        String name = coding.name().toLowerCase(java.util.Locale.ROOT);
        if (codings.putIfAbsent(name, coding) != null) {
            throw new IllegalArgumentException("content coding '" + name + "' is already registered");
        }
    }

    /** {@return the content codings: a live, read-only view} */
    public Map<String, ContentCoding> contentCodings() {
        return Collections.unmodifiableMap(codings);
    }

    /**
     * Offers a service.
     *
     * @param type    its type
     * @param service the implementation
     * @param <T>     its type
     */
    public <T> void provide(Class<T> type, T service) {
        if (!type.isInstance(service)) {
            throw new IllegalArgumentException(service + " is not a " + type.getName());
        }
        if (services.putIfAbsent(type, service) != null) {
            throw new IllegalArgumentException("a service of type " + type.getName() + " is already provided");
        }
    }

    /**
     * Finds a service.
     *
     * @param type its type
     * @param <T>  its type
     * @return the service, if provided
     */
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }

    /** @param closeable something to close at stop */
    public void onStop(AutoCloseable closeable) {
        closeables.add(java.util.Objects.requireNonNull(closeable));
    }

    /** {@return things to close at stop, last registered first} */
    public List<AutoCloseable> closeables() {
        List<AutoCloseable> copy = new ArrayList<>(closeables);
        Collections.reverse(copy);
        return copy;
    }

    /** {@return the protocols, in registration order} */
    public synchronized List<ProtocolHandler> protocols() {
        return List.copyOf(protocols);
    }

    /** {@return the transport wrappers, in registration order} */
    public synchronized List<TransportWrapper> wrappers() {
        return List.copyOf(wrappers);
    }

    /** {@return a description of the chain, outermost first, for the startup log} */
    public synchronized List<String> describeChain() {
        List<String> lines = new ArrayList<>();
        for (Entry e : sorted()) {
            lines.add(e.order() + " " + e.owner() + ": " + e.middleware().getClass().getName());
        }
        return lines;
    }

    private List<Entry> sorted() {
        List<Entry> sorted = new ArrayList<>(middleware);
        sorted.sort(Comparator.comparingInt(Entry::order).thenComparingLong(Entry::sequence));
        return sorted;
    }

    /** {@return the middleware chain ending in the router, as one handler} */
    public synchronized Handler application() {
        Handler next = router;
        List<Entry> sorted = sorted();
        for (int i = sorted.size() - 1; i >= 0; i--) {
            Middleware m = sorted.get(i).middleware();
            Handler inner = next;
            next = (request, response) -> m.handle(request, response, inner);
        }
        return next;
    }
}
