package motor.ext.metrics.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import motor.ext.metrics.Metrics;
import motor.spi.AddressRanges;
import motor.spi.HttpException;
import motor.spi.Middleware;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Status;
import motor.spi.event.ConnectionClosed;
import motor.spi.event.ConnectionOpened;
import motor.spi.event.EventBus;
import motor.spi.event.RequestStarted;
import motor.spi.event.ResponseCompleted;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code metrics} extension: subscribes the server metrics to the events, registers the scrape route
 * and provides {@link Metrics} for the application's own.
 */
public final class MetricsExtension implements Extension {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MetricsExtension.class);

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public MetricsExtension() {
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public void install(ExtensionContext context) {
        Config config = context.config();
        String path = config.string("path", "/metrics");
        if (!path.startsWith("/") || path.indexOf('{') >= 0 || path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
            throw new ConfigException(key(config, "path"), "expected a literal path starting with /, not \"" + path + "\"");
        }
        String listener = config.string("listener", null);
        if (listener != null && listener.isBlank()) {
            throw new ConfigException(key(config, "listener"), "expected a listener name, not an empty string");
        }
        if (listener != null && !context.listenerNames().isEmpty() && !context.listenerNames().contains(listener)) {
            // a misspelt name would hide the endpoint everywhere without a word
            throw new ConfigException(key(config, "listener"), "no listener is named \"" + listener
                    + "\"; the server's listeners are " + context.listenerNames());
        }
        AddressRanges allow;
        try {
            allow = AddressRanges.parse(config.strings("allow", List.of()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(config, "allow"), e.getMessage());
        }
        boolean jvmAsked = config.has("jvm");
        boolean jvm = config.bool("jvm", true);
        if (jvm && !managementAvailable()) {
            if (jvmAsked) {
                throw new ConfigException(key(config, "jvm"), "the JVM metrics need the java.management module, "
                        + "which this runtime lacks (add it to the jlink image, or set jvm to false)");
            }
            LOG.warn("metrics: no JVM metrics: this runtime lacks the java.management module");
            jvm = false;
        }

        Registry registry = new Registry();
        HttpMetrics http = new HttpMetrics();
        registry.add(http);
        if (jvm) {
            registry.add(new JvmMetrics());
        }
        EventBus events = context.events();
        context.onStop(events.subscribe(ResponseCompleted.class, http::responseCompleted));
        context.onStop(events.subscribe(RequestStarted.class, http::requestStarted));
        context.onStop(events.subscribe(ConnectionOpened.class, http::connectionOpened));
        context.onStop(events.subscribe(ConnectionClosed.class, http::connectionClosed));

        try {
            context.routes().get(path, (request, response) -> {
                if (!permitted(request, listener, allow)) {
                    throw notFound();
                }
                scrape(response, registry);
            });
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(config, "path"), e.getMessage());
        }
        if (listener != null || !allow.isEmpty()) {
            // Other methods would reach the router's 405 with "Allow: GET, HEAD", which tells a refused client
            // that the endpoint exists: they get the same 404 here, just before routing. GET and HEAD are
            // checked in the handler too, whatever spelling of the path reached it.
            context.addMiddleware(Middleware.INNERMOST, (request, response, next) -> {
                if (isPath(request, path) && !permitted(request, listener, allow)) {
                    throw notFound();
                }
                next.handle(request, response);
            });
        }
        context.provide(Metrics.class, registry);
    }

    /** Whether the client may scrape: on the configured listener, from an allowed address. */
    private static boolean permitted(Request request, String listener, AddressRanges allow) {
        if (listener != null && !listener.equals(request.listener())) {
            return false;
        }
        // clients on a Unix domain socket are local: always allowed
        return allow.isEmpty() || request.remoteAddress() instanceof java.net.UnixDomainSocketAddress
                || allow.contains(request.remoteAddress());
    }

    /** {@return whether the request's path is the endpoint's, as received or once decoded as the router does} */
    private static boolean isPath(Request request, String path) {
        String raw = request.path();
        if (raw.equals(path)) {
            return true;
        }
        if (raw.indexOf('%') < 0 && raw.indexOf("/.") < 0 && raw.indexOf("//") < 0) {
            return false;
        }
        return ("/" + String.join("/", request.pathSegments())).equals(path);
    }

    /** The router's own answer for a path without a route, so that a refused scrape looks like one. */
    private static HttpException notFound() {
        return new HttpException(Status.NOT_FOUND, "no resource at this path");
    }

    private static void scrape(Response response, Registry registry) throws java.io.IOException {
        response.headers().set("Content-Type", Exposition.CONTENT_TYPE);
        response.headers().set("Cache-Control", "no-store");
        response.send(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@return whether {@code java.management} is in this runtime and readable} It is an optional
     * dependency: present in a full JDK (the distribution's launcher adds every system module), possibly
     * absent from a jlink image. Reading it is added here when the module graph left it out.
     */
    private static boolean managementAvailable() {
        Module self = MetricsExtension.class.getModule();
        ModuleLayer layer = self.getLayer() != null ? self.getLayer() : ModuleLayer.boot();
        java.util.Optional<Module> management = layer.findModule("java.management");
        if (management.isEmpty()) {
            return false;
        }
        if (!self.canRead(management.get())) {
            self.addReads(management.get());
        }
        return true;
    }

    private static String key(Config config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
