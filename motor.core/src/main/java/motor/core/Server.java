package motor.core;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import motor.core.internal.config.Json;
import motor.core.internal.config.JsonConfig;
import motor.core.internal.event.LocalEventBus;
import motor.core.internal.extension.Composition;
import motor.core.internal.extension.Context;
import motor.core.internal.extension.Extensions;
import motor.core.internal.extension.Plugins;
import motor.core.internal.extension.Registry;
import motor.core.internal.routing.Router;
import motor.core.internal.server.Engine;
import motor.core.internal.server.Settings;
import motor.spi.Handler;
import motor.spi.Middleware;
import motor.spi.Routes;
import motor.spi.event.EventBus;
import motor.spi.event.ServerStarted;
import motor.spi.event.ServerStarting;
import motor.spi.event.ServerStopped;
import motor.spi.event.ServerStopping;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Motor HTTP server.
 *
 * <pre>{@code
 * Server server = Server.builder()
 *         .listen(8080)
 *         .routes(r -> r.get("/hello/{name}", (req, res) -> res.send("Hello, " + req.pathParameter("name"))))
 *         .build()
 *         .start();
 * }</pre>
 *
 * <p>{@link #start()} installs the extensions (those added to the builder, then, unless switched off,
 * those found with {@link java.util.ServiceLoader}), composes the middleware chain, binds every listener
 * and returns once connections are accepted. {@link #stop(Duration)} shuts down gracefully. A server
 * starts once.
 */
public final class Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final Builder builder;
    private final LocalEventBus events = new LocalEventBus();
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Engine engine;
    private volatile Composition current;
    private PluginWatcher watcher;
    private boolean started;
    private boolean stopping;

    private Server(Builder builder) {
        this.builder = builder;
    }

    /** {@return a builder with every setting at its default} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the event bus, to subscribe before {@link #start()} to the startup events} */
    public EventBus events() {
        return events;
    }

    /**
     * Installs the extensions and starts accepting connections.
     *
     * @return this server
     * @throws IOException              if a listener cannot bind
     * @throws IllegalStateException    if the server was started before, or an extension cannot be loaded,
     *                                  ordered or installed
     * @throws ConfigException          if the configuration holds a wrong or unknown value
     */
    public Server start() throws IOException {
        lifecycle.lock();
        try {
            if (started) {
                throw new IllegalStateException("a server starts only once");
            }
            started = true;
            doStart();
            return this;
        } finally {
            lifecycle.unlock();
        }
    }

    private void doStart() throws IOException {
        long begin = System.nanoTime();
        Settings settings = builder.settings();
        Composition composition = compose(settings, loadPlugins());
        events.publish(new ServerStarting(composition.extensions().size()));
        engine = new Engine(settings, composition, events, listeners());
        current = composition;
        try {
            engine.start();
        } catch (IOException e) {
            composition.close();
            throw e;
        }
        long startup = (System.nanoTime() - begin) / 1_000_000;
        logStarted(startup);
        events.publish(new ServerStarted(engine.addresses(), startup));
        if (builder.watchPlugins && builder.pluginsDirectory != null) {
            watcher = new PluginWatcher(builder.pluginsDirectory, this::reloadPlugins);
            watcher.start();
        }
    }

    /**
     * Checks the configuration and the plugins without serving: loads the plugins, installs every
     * extension into a throwaway composition, checks for unknown settings, and closes it all again.
     *
     * @return the extensions that would be installed, as a table (name, version, layer, jar)
     * @throws ConfigException       if a setting is wrong or unknown
     * @throws IllegalStateException if an extension cannot be loaded, ordered or installed
     */
    public String check() {
        Composition composition = compose(builder.settings(), loadPlugins());
        composition.close();
        return describe(composition.extensions());
    }

    /**
     * Loads the plugins directory again and installs a fresh set of extensions. If that works, new requests
     * and connections use the new set at once, requests in progress finish on the old one, and the old one
     * is closed when no request uses it any more (after at most the shutdown grace period), so that its
     * plugin layers can be unloaded. If it fails, the running extensions stay as they are and the reason
     * is logged. With {@link Builder#watchPlugins} the server calls this itself when the directory
     * changes.
     *
     * @return whether the new set of extensions is in use
     * @throws IllegalStateException if the server is not running
     */
    public boolean reloadPlugins() {
        lifecycle.lock();
        try {
            if (engine == null || stopping) {
                throw new IllegalStateException("the server is not running");
            }
            Composition next;
            try {
                next = compose(builder.settings(), loadPlugins());
            } catch (RuntimeException e) {
                LOG.error("plugin reload failed; the running extensions stay as they are:\n{}", e.getMessage());
                return false;
            }
            Composition previous = engine.swap(next);
            current = next;
            LOG.info("plugins reloaded; extensions now, in install order:\n{}", describe(next.extensions()));
            retire(previous);
            return true;
        } finally {
            lifecycle.unlock();
        }
    }

    /** Closes a swapped-out composition once nothing uses it, on a thread of its own. */
    private void retire(Composition previous) {
        long deadline = System.nanoTime() + builder.settings().shutdownGrace();
        Thread.ofVirtual().name("motor-retire").start(() -> {
            try {
                while (engine.inUse(previous) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            previous.close();
        });
    }

    /** The listeners to open: those configured, or the default one. */
    private List<Engine.Listener> listeners() {
        return builder.listeners.isEmpty()
                ? List.of(new Engine.Listener("http", new InetSocketAddress(Builder.DEFAULT_PORT)))
                : builder.listeners;
    }

    /** The layer plugins resolve against: the one holding the core, or the boot layer on the class path. */
    private static ModuleLayer bootLayer() {
        ModuleLayer layer = Server.class.getModule().getLayer();
        return layer != null ? layer : ModuleLayer.boot();
    }

    /** Loads the plugins directory, if there is one. */
    private List<Plugins.Plugin> loadPlugins() {
        return builder.pluginsDirectory == null ? List.of() : Plugins.load(builder.pluginsDirectory, bootLayer());
    }

    /**
     * Installs a fresh set of extensions (new instances of those on the module path and class path, those
     * the application added, and those of the given plugins) into a new registry.
     */
    private Composition compose(Settings settings, List<Plugins.Plugin> plugins) {
        Router router = new Router(settings.maxBodySize());
        Registry registry = new Registry(events, router);
        for (Consumer<Routes> routes : builder.routes) {
            routes.accept(router);
        }
        for (Builder.MiddlewareEntry entry : builder.middleware) {
            registry.addMiddleware(entry.order(), "application", entry.middleware());
        }
        List<Plugins.Found> found = new ArrayList<>();
        for (Extension extension : builder.extensions) {
            found.add(new Plugins.Found(extension, "application", Extensions.source(extension)));
        }
        if (builder.discover) {
            for (Extension extension : Extensions.discover()) {
                found.add(new Plugins.Found(extension, "boot", Extensions.source(extension)));
            }
        }
        for (Plugins.Plugin plugin : plugins) {
            found.addAll(plugin.extensions());
        }
        found.removeIf(f -> builder.disabled.contains(f.extension().name()));
        List<Plugins.Found> ordered = order(found);
        JsonConfig root = builder.freshConfig();
        try {
            for (Plugins.Found f : ordered) {
                Extension extension = f.extension();
                JsonConfig section = root.section(extension.name());
                try {
                    extension.install(new Context(extension.name(), section, registry, settings.developmentMode(),
                            builder.baseDirectory, plugins.stream().map(Plugins.Plugin::layer).toList(),
                            listeners().stream().map(Engine.Listener::name).toList()));
                } catch (ConfigException e) {
                    throw e;
                } catch (Exception | LinkageError e) {
                    throw new IllegalStateException("extension '" + extension.name() + "' from " + f.source()
                            + " failed to install: " + e, e);
                }
            }
            for (String name : builder.disabled) {
                root.markRead(name); // a disabled extension's settings may stay in the file
            }
            List<String> unknown = new ArrayList<>(builder.config.section("server").unknownKeys());
            unknown.addAll(builder.config.section("plugins").unknownKeys());
            unknown.addAll(root.unknownKeys());
            List<String> commandLine = root.overrides().unusedCommandLine();
            if (unknown.isEmpty() && !commandLine.isEmpty()) {
                throw new ConfigException("command line", commandLine.get(0), "unknown setting; check the spelling,"
                        + " or whether the extension it configures is installed");
            }
            if (!unknown.isEmpty()) {
                throw new ConfigException(root.source(), unknown.get(0), "unknown setting" + (unknown.size() > 1
                        ? " (also unknown: " + String.join(", ", unknown.subList(1, unknown.size())) + ")" : "")
                        + "; check the spelling, or whether the extension it configures is installed");
            }
        } catch (RuntimeException e) {
            Composition.of(ordered, registry).close();
            throw e;
        }
        router.freeze();
        return Composition.of(ordered, registry);
    }

    /** Orders found extensions with {@link Extensions#order}, keeping where each came from. */
    private static List<Plugins.Found> order(List<Plugins.Found> found) {
        java.util.Map<Extension, Plugins.Found> byExtension = new java.util.IdentityHashMap<>();
        for (Plugins.Found f : found) {
            byExtension.put(f.extension(), f);
        }
        List<Plugins.Found> ordered = new ArrayList<>();
        for (Extension extension : Extensions.order(found.stream().map(Plugins.Found::extension).toList())) {
            ordered.add(byExtension.get(extension));
        }
        return ordered;
    }


    private void logStarted(long startupMillis) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Motor started in ").append(startupMillis).append(" ms");
        for (SocketAddress address : engine.addresses()) {
            sb.append("\n  listening on ").append(address instanceof UnixDomainSocketAddress ? "" : "http://")
                    .append(Engine.describe(address));
        }
        sb.append('\n').append(describe(current.extensions()));
        if (builder.developmentMode) {
            sb.append("\n  development mode: error pages show stack traces");
        }
        LOG.info(sb.toString());
    }

    /** {@return the bound addresses, in the order the listeners were added} */
    public List<SocketAddress> addresses() {
        requireStarted();
        return engine.addresses();
    }

    /** {@return the port of the first TCP listener, useful after listening on port 0} */
    public int port() {
        for (SocketAddress address : addresses()) {
            if (address instanceof InetSocketAddress inet) {
                return inet.getPort();
            }
        }
        throw new IllegalStateException("the server has no TCP listener");
    }

    /** {@return the installed extensions, in install order} */
    public List<Extension> extensions() {
        Composition composition = current;
        return composition == null ? List.of() : composition.extensions().stream().map(Plugins.Found::extension)
                .toList();
    }

    /**
     * Describes installed extensions as a table: name, version, layer and jar, in install order.
     *
     * @param extensions the extensions
     * @return the table, with a heading line
     */
    static String describe(List<Plugins.Found> extensions) {
        if (extensions.isEmpty()) {
            return "  no extensions";
        }
        StringBuilder sb = new StringBuilder();
        row(sb, "extension", "version", "layer", "jar");
        for (Plugins.Found f : extensions) {
            sb.append(System.lineSeparator());
            row(sb, f.extension().name(), f.extension().version(), f.layer(), f.source());
        }
        return sb.toString();
    }

    /** One row of the extension table (no {@code String.format}: it costs a start-up's worth of regex). */
    private static void row(StringBuilder sb, String name, String version, String layer, String jar) {
        sb.append("  ");
        pad(sb, name, 24);
        pad(sb, version, 16);
        pad(sb, layer, 16);
        sb.append(jar);
    }

    private static void pad(StringBuilder sb, String text, int width) {
        sb.append(text);
        for (int i = text.length(); i < width; i++) {
            sb.append(' ');
        }
        sb.append(' ');
    }

    /** {@return how many connections are open now} */
    public int openConnections() {
        requireStarted();
        return engine.openConnections();
    }

    private void requireStarted() {
        if (engine == null) {
            throw new IllegalStateException("the server is not started");
        }
    }

    /** Stops gracefully with the configured grace period. */
    public void stop() {
        stop(Duration.ofNanos(builder.settings().shutdownGrace()));
    }

    /**
     * Stops gracefully: stops accepting, closes idle connections, lets requests in progress finish
     * within {@code grace} (their responses carry {@code Connection: close}), then closes what is left.
     * Calling it again, or on a server that never started, does nothing.
     *
     * @param grace how long requests in progress may take
     */
    public void stop(Duration grace) {
        lifecycle.lock();
        try {
            if (engine == null || stopping) {
                return;
            }
            stopping = true;
        } finally {
            lifecycle.unlock();
        }
        if (watcher != null) {
            watcher.stop();
        }
        LOG.info("Motor stopping: waiting up to {} ms for {} connection(s)", grace.toMillis(),
                engine.openConnections());
        events.publish(new ServerStopping(grace));
        int forced = engine.stop(grace.toNanos());
        if (forced > 0) {
            LOG.warn("Motor closed {} connection(s) still busy after the grace period", forced);
        }
        current.close();
        events.publish(new ServerStopped(forced));
        LOG.info("Motor stopped");
        stopped.countDown();
    }

    /** Stops gracefully; the same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Blocks until the server has stopped.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Blocks until the server has stopped or the time is up.
     *
     * @param timeout the longest wait
     * @return whether it stopped
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Settings for a {@link Server}. Every setting has a default; the configuration file's {@code server}
     * section sets the same values (see {@link #config(Path)}), and calls apply in order, so a call after
     * {@code config} overrides the file.
     */
    public static final class Builder {

        static final int DEFAULT_PORT = 8080;

        record MiddlewareEntry(int order, Middleware middleware) {
        }

        private final List<Engine.Listener> listeners = new ArrayList<>();
        private final List<Consumer<Routes>> routes = new ArrayList<>();
        private final List<MiddlewareEntry> middleware = new ArrayList<>();
        private final List<Extension> extensions = new ArrayList<>();
        private final Set<String> disabled = new java.util.TreeSet<>();
        private final EnumSet<Compliance> compliance = EnumSet.noneOf(Compliance.class);
        private JsonConfig config = new JsonConfig("(no configuration file)", "", null);
        private boolean discover = true;
        private Path pluginsDirectory;
        private boolean watchPlugins;

        private int maxTargetLength = 8 * 1024;
        private int maxHeaderSize = 16 * 1024;
        private int maxHeaderCount = 100;
        private long maxBodySize = 10L * 1024 * 1024;
        private int maxConnections = 10_000;
        private boolean rejectOverLimit;
        private int backlog = 1024;
        private Duration headerTimeout = Duration.ofSeconds(20);
        private Duration bodyTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration writeTimeout = Duration.ofSeconds(30);
        private long minDataRate = 256;
        private Duration minDataRateGrace = Duration.ofSeconds(5);
        private Duration shutdownGrace = Duration.ofSeconds(30);
        private long maxDrainSize = 256 * 1024;
        private Duration lingerTime = Duration.ofSeconds(2);
        private String serverHeader = "Motor";
        private boolean developmentMode;
        private Path baseDirectory = Path.of("").toAbsolutePath();

        private Builder() {
        }

        /** {@return a server with these settings, not yet started} */
        public Server build() {
            return new Server(this);
        }

        /**
         * Listens on every interface at {@code port}.
         *
         * @param port a port; 0 picks a free one (read it back with {@link Server#port()})
         * @return this builder
         */
        public Builder listen(int port) {
            return listen(new InetSocketAddress(checkPort(port)));
        }

        /**
         * Listens on one host at {@code port}.
         *
         * @param host a host name or address, IPv4 or IPv6 ({@code ::1}, {@code 127.0.0.1})
         * @param port a port; 0 picks a free one
         * @return this builder
         */
        public Builder listen(String host, int port) {
            return listen(new InetSocketAddress(host, checkPort(port)));
        }

        /**
         * Listens on an address: an {@link InetSocketAddress}, or a {@link UnixDomainSocketAddress} for a
         * Unix domain socket. May be called several times for several listeners.
         *
         * @param address the address
         * @return this builder
         */
        public Builder listen(SocketAddress address) {
            return listen(address instanceof UnixDomainSocketAddress ? "unix" : "http", address);
        }

        /**
         * Listens on an address under a name that transport wrappers (TLS) can recognise.
         *
         * @param name    the listener's name
         * @param address the address
         * @return this builder
         */
        public Builder listen(String name, SocketAddress address) {
            Objects.requireNonNull(address, "address");
            if (!(address instanceof InetSocketAddress) && !(address instanceof UnixDomainSocketAddress)) {
                throw new IllegalArgumentException("cannot listen on a " + address.getClass().getName());
            }
            if (address instanceof InetSocketAddress inet && inet.isUnresolved()) {
                throw new IllegalArgumentException("cannot resolve host " + inet.getHostString());
            }
            listeners.add(new Engine.Listener(name, address));
            return this;
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("a port is from 0 to 65535: " + port);
            }
            return port;
        }

        /**
         * Registers routes.
         *
         * @param routes receives the route table
         * @return this builder
         */
        public Builder routes(Consumer<Routes> routes) {
            this.routes.add(Objects.requireNonNull(routes));
            return this;
        }

        /**
         * Registers one route.
         *
         * @param method  the method
         * @param pattern the path template (see {@link Routes})
         * @param handler the handler
         * @return this builder
         */
        public Builder route(String method, String pattern, Handler handler) {
            return routes(r -> r.add(method, pattern, handler));
        }

        /**
         * Adds application middleware.
         *
         * @param order      where it goes; lower runs first; see {@link Middleware}
         * @param middleware the middleware
         * @return this builder
         */
        public Builder middleware(int order, Middleware middleware) {
            this.middleware.add(new MiddlewareEntry(order, Objects.requireNonNull(middleware)));
            return this;
        }

        /**
         * Adds an extension explicitly, in addition to those discovered.
         *
         * @param extension the extension
         * @return this builder
         */
        public Builder extension(Extension extension) {
            extensions.add(Objects.requireNonNull(extension));
            return this;
        }

        /**
         * Sets whether extensions on the module path and class path are discovered with
         * {@link java.util.ServiceLoader}. On by default.
         *
         * @param discover whether to discover
         * @return this builder
         */
        public Builder discoverExtensions(boolean discover) {
            this.discover = discover;
            return this;
        }

        /**
         * Leaves an extension out even when it is present.
         *
         * @param name the extension's name
         * @return this builder
         */
        public Builder disableExtension(String name) {
            disabled.add(name);
            return this;
        }

        /**
         * Reads a JSON configuration file: its {@code server} section applies to this builder now, and every
         * other section goes to the extension of that name when it is installed.
         *
         * @param file the file
         * @return this builder
         * @throws ConfigException if the file cannot be read, is not JSON, or holds a wrong value
         */
        public Builder config(Path file) {
            return config(file.toString(), read(file), new JsonConfig.Overrides(java.util.Map.of(), name -> null));
        }

        /**
         * Uses settings given in code, shaped as the configuration file would be: a map from section names
         * to maps of keys and values (strings, numbers, booleans, lists and nested maps). Its {@code server}
         * section applies to this builder now; every other section goes to the extension of that name,
         * which validates it as it would a file. For embedded servers that want no file:
         * <pre>{@code
         * Server.builder().config(Map.of("gzip", Map.of("minSize", "1KiB")))
         * }</pre>
         *
         * @param settings the sections
         * @return this builder
         * @throws ConfigException if a value has a type the configuration cannot hold, or a server setting
         *                         is wrong
         */
        public Builder config(java.util.Map<String, ?> settings) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> tree = (java.util.Map<String, Object>) normalise("", settings);
            return config("(builder settings)", tree, new JsonConfig.Overrides(java.util.Map.of(), name -> null));
        }

        /** Copies settings given in code into the shapes the JSON reader produces (Long for integers). */
        private static Object normalise(String path, Object value) {
            if (value instanceof java.util.Map<?, ?> map) {
                java.util.Map<String, Object> copy = new java.util.LinkedHashMap<>();
                for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new ConfigException("(builder settings)", path, "keys must be strings");
                    }
                    copy.put(key, normalise(path.isEmpty() ? key : path + "." + key, e.getValue()));
                }
                return copy;
            }
            if (value instanceof List<?> list) {
                List<Object> copy = new ArrayList<>(list.size());
                for (Object element : list) {
                    copy.add(normalise(path, element));
                }
                return copy;
            }
            if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            if (value instanceof Float f) {
                return f.doubleValue();
            }
            if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
                return value;
            }
            if (value instanceof Duration || value instanceof Path) {
                return value.toString();
            }
            throw new ConfigException("(builder settings)", path, "a value of type "
                    + (value == null ? "null" : value.getClass().getName()) + " cannot be a setting");
        }

        /** Reads a configuration file as a JSON object. */
        static java.util.Map<String, Object> read(Path file) {
            String source = file.toString();
            try {
                return Json.parseObject(source, Files.readString(file));
            } catch (NoSuchFileException e) {
                throw new ConfigException(source, "(file)", "the configuration file does not exist");
            } catch (IOException e) {
                throw new ConfigException(source, "(file)", "cannot be read: " + e);
            }
        }

        /**
         * Uses a configuration with command-line settings and environment variables over it, as the
         * distribution does: command line first, then environment, then the file.
         */
        Builder config(String source, java.util.Map<String, Object> tree, JsonConfig.Overrides overrides) {
            config = new JsonConfig(source, "", tree, overrides);
            applyServerSection(config.section("server"));
            Config plugins = config.section("plugins");
            String dir = plugins.string("dir", null);
            if (dir != null) {
                pluginsDirectory = Path.of(dir);
            }
            watchPlugins = plugins.bool("watch", watchPlugins);
            return this;
        }

        /**
         * A view of the configuration with nothing read yet, for one composition of extensions: the
         * {@code server} and {@code plugins} sections were applied to this builder already.
         */
        JsonConfig freshConfig() {
            JsonConfig fresh = new JsonConfig(config.source(), "", config.node(), config.overrides());
            fresh.markRead("server");
            fresh.markRead("plugins");
            return fresh;
        }

        /**
         * Loads plugins from a directory: each jar, or each folder of jars, becomes a module layer of its
         * own over the server's, and its extensions are installed with the others. Unset by default; the
         * distribution uses {@code plugins/}.
         *
         * @param directory the plugins directory; a missing directory means no plugins
         * @return this builder
         */
        public Builder plugins(Path directory) {
            pluginsDirectory = directory;
            return this;
        }

        /**
         * Watches the plugins directory and recomposes the extensions when a plugin is added, replaced or
         * removed: new requests run on the new composition, requests in progress finish on the old one.
         * Off by default.
         *
         * @param watch whether to watch
         * @return this builder
         */
        public Builder watchPlugins(boolean watch) {
            watchPlugins = watch;
            return this;
        }

        private void applyServerSection(Config server) {
            String host = server.string("host", null);
            int port = server.integer("port", -1);
            if (host != null || port >= 0) {
                int p = port >= 0 ? port : DEFAULT_PORT;
                listen(host == null ? new InetSocketAddress(checkConfigPort(server, p))
                        : new InetSocketAddress(host, checkConfigPort(server, p)));
            }
            for (Config listener : server.sections("listeners")) {
                String name = listener.string("name", "http");
                String unix = listener.string("unix", null);
                if (unix != null) {
                    listen(name, UnixDomainSocketAddress.of(unix));
                } else {
                    String h = listener.string("host", null);
                    int p = checkConfigPort(listener, listener.integer("port", DEFAULT_PORT));
                    listen(name, h == null ? new InetSocketAddress(p) : new InetSocketAddress(h, p));
                }
            }
            Config limits = server.section("limits");
            maxTargetLength = (int) positive(limits, "maxTargetLength", limits.size("maxTargetLength", maxTargetLength));
            maxHeaderSize = (int) positive(limits, "maxHeaderSize", limits.size("maxHeaderSize", maxHeaderSize));
            maxHeaderCount = (int) positive(limits, "maxHeaderCount", limits.integer("maxHeaderCount", maxHeaderCount));
            maxBodySize = limits.size("maxBodySize", maxBodySize);
            maxConnections = (int) positive(limits, "maxConnections", limits.integer("maxConnections", maxConnections));
            rejectOverLimit = limits.bool("rejectOverLimit", rejectOverLimit);
            backlog = (int) positive(limits, "backlog", limits.integer("backlog", backlog));
            maxDrainSize = limits.size("maxDrainSize", maxDrainSize);
            Config timeouts = server.section("timeouts");
            headerTimeout = timeouts.duration("header", headerTimeout);
            bodyTimeout = timeouts.duration("body", bodyTimeout);
            idleTimeout = timeouts.duration("idle", idleTimeout);
            writeTimeout = timeouts.duration("write", writeTimeout);
            shutdownGrace = timeouts.duration("shutdownGrace", shutdownGrace);
            minDataRate = timeouts.size("minDataRate", minDataRate);
            minDataRateGrace = timeouts.duration("minDataRateGrace", minDataRateGrace);
            lingerTime = timeouts.duration("linger", lingerTime);
            for (String name : server.strings("compliance", List.of())) {
                try {
                    compliance.add(Compliance.valueOf(name));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(config.source(), "server.compliance", "unknown tolerance '" + name
                            + "'; known: " + List.of(Compliance.values()));
                }
            }
            serverHeader = server.string("serverHeader", serverHeader);
            developmentMode = server.bool("developmentMode", developmentMode);
            disabled.addAll(server.strings("disabledExtensions", List.of()));
        }

        private int checkConfigPort(Config section, int port) {
            if (port < 0 || port > 65535) {
                throw new ConfigException(config.source(), section.path() + ".port", "a port is from 0 to 65535");
            }
            return port;
        }

        private long positive(Config section, String key, long value) {
            if (value <= 0) {
                throw new ConfigException(config.source(), section.path() + "." + key, "must be positive");
            }
            return value;
        }

        /**
         * Sets the longest request-target; longer ones get 414. Default 8 KiB.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxTargetLength(int bytes) {
            maxTargetLength = requirePositive(bytes, "maxTargetLength");
            return this;
        }

        /**
         * Sets the most bytes of header fields after the request line; more gets 431. Default 16 KiB.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxHeaderSize(int bytes) {
            maxHeaderSize = requirePositive(bytes, "maxHeaderSize");
            return this;
        }

        /**
         * Sets the most header fields in a request; more gets 431. Default 100.
         *
         * @param count the limit
         * @return this builder
         */
        public Builder maxHeaderCount(int count) {
            maxHeaderCount = requirePositive(count, "maxHeaderCount");
            return this;
        }

        /**
         * Sets the largest request body for routes that set none; larger gets 413. Default 10 MiB.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxBodySize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBodySize must be 0 or more");
            }
            maxBodySize = bytes;
            return this;
        }

        /**
         * Sets the most open connections. Default 10,000.
         *
         * @param connections the limit
         * @return this builder
         */
        public Builder maxConnections(int connections) {
            maxConnections = requirePositive(connections, "maxConnections");
            return this;
        }

        /**
         * Sets what happens to connections beyond {@link #maxConnections}: by default ({@code false}) they
         * wait in the listen backlog until a connection closes; with {@code true} they are accepted, answered
         * {@code 503} with {@code Retry-After: 1}, and closed.
         *
         * @param reject whether to reject
         * @return this builder
         */
        public Builder rejectOverLimit(boolean reject) {
            rejectOverLimit = reject;
            return this;
        }

        /**
         * Sets the listen backlog (capped by the operating system). Default 1024.
         *
         * @param backlog the backlog
         * @return this builder
         */
        public Builder backlog(int backlog) {
            this.backlog = requirePositive(backlog, "backlog");
            return this;
        }

        /**
         * Sets how long a client may take from the first byte of a request to the end of its head; past it
         * the client gets 408 and the connection closes. Default 20 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder headerTimeout(Duration timeout) {
            headerTimeout = requirePositive(timeout, "headerTimeout");
            return this;
        }

        /**
         * Sets how long one read of a request body may wait for data; past it the handler's read fails
         * with 408 and the connection closes. Default 30 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder bodyTimeout(Duration timeout) {
            bodyTimeout = requirePositive(timeout, "bodyTimeout");
            return this;
        }

        /**
         * Sets how long a kept-alive connection may wait for its next request. Default 60 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            idleTimeout = requirePositive(timeout, "idleTimeout");
            return this;
        }

        /**
         * Sets how long a write may make no progress (a client that stopped reading) before the connection
         * is closed. Default 30 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder writeTimeout(Duration timeout) {
            writeTimeout = requirePositive(timeout, "writeTimeout");
            return this;
        }

        /**
         * Sets the slowest a client may send a request head or body, averaged from its start, once
         * {@code grace} has passed; slower clients get 408. The same rate applies to a client reading a
         * response while writes wait for it, judged once they have waited {@link #writeTimeout} in all
         * ({@code grace} does not apply there); a slower client is reset. Default 256 bytes/s after 5 s;
         * 0 turns both off.
         *
         * @param bytesPerSecond the rate
         * @param grace          how long before it applies
         * @return this builder
         */
        public Builder minDataRate(long bytesPerSecond, Duration grace) {
            if (bytesPerSecond < 0) {
                throw new IllegalArgumentException("minDataRate must be 0 or more");
            }
            minDataRate = bytesPerSecond;
            minDataRateGrace = Objects.requireNonNull(grace);
            return this;
        }

        /**
         * Sets how long requests in progress may take once a graceful shutdown begins. Default 30 s.
         *
         * @param grace the grace period
         * @return this builder
         */
        public Builder shutdownGracePeriod(Duration grace) {
            shutdownGrace = Objects.requireNonNull(grace);
            return this;
        }

        /**
         * Sets the most bytes of a request body the handler did not read that the server discards to keep
         * the connection open; a larger rest closes it. Default 256 KiB.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxDrainSize(long bytes) {
            maxDrainSize = bytes;
            return this;
        }

        /**
         * Tolerates named protocol violations; see {@link Compliance}. Nothing is tolerated by default.
         *
         * @param tolerated the violations to accept
         * @return this builder
         */
        public Builder allow(Compliance... tolerated) {
            compliance.addAll(List.of(tolerated));
            return this;
        }

        /**
         * Sets the {@code Server} header value; empty sends none. Default {@code Motor}, without a version.
         *
         * @param value the value
         * @return this builder
         */
        public Builder serverHeader(String value) {
            serverHeader = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Sets development mode: error pages of failed requests include the stack trace. Off by default;
         * never on in production.
         *
         * @param on whether it is on
         * @return this builder
         */
        public Builder developmentMode(boolean on) {
            developmentMode = on;
            return this;
        }

        /**
         * Sets the directory that relative paths in extension settings (a static-files mount's
         * {@code dir}, say) are resolved against; see
         * {@link motor.spi.extension.ExtensionContext#baseDirectory()}. The
         * working directory by default; {@code bin/motor} sets the distribution's folder.
         *
         * @param directory the directory; made absolute
         * @return this builder
         */
        public Builder baseDirectory(Path directory) {
            baseDirectory = directory.toAbsolutePath().normalize();
            return this;
        }

        private static int requirePositive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static Duration requirePositive(Duration value, String name) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        Settings settings() {
            return new Settings(maxTargetLength, maxHeaderSize, maxHeaderCount, maxBodySize, maxConnections,
                    rejectOverLimit, backlog, headerTimeout.toNanos(), bodyTimeout.toNanos(), idleTimeout.toNanos(),
                    writeTimeout.toNanos(), minDataRate, minDataRateGrace.toNanos(), shutdownGrace.toNanos(),
                    maxDrainSize, lingerTime.toNanos(), compliance, serverHeader, developmentMode);
        }
    }
}
