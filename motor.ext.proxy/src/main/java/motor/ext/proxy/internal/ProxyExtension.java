package motor.ext.proxy.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import motor.ext.proxy.Balance;
import motor.ext.proxy.HealthCheck;
import motor.ext.proxy.Proxy;
import motor.ext.proxy.ProxyOptions;
import motor.spi.Handler;
import motor.spi.Middleware;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code proxy} extension: forwards the path prefixes listed under {@code proxy.routes} to their
 * upstreams, whatever the method, from middleware placed just inside the innermost usual order, so that
 * security, coding and cache middleware see proxied exchanges as they see any other.
 */
public final class ProxyExtension implements Extension {

    /** Where the proxy middleware runs: after {@link Middleware#INNERMOST} (caches wrap it), before routing. */
    static final int ORDER = Middleware.INNERMOST + 100;

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public ProxyExtension() {
    }

    @Override
    public String name() {
        return "proxy";
    }

    @Override
    public void install(ExtensionContext context) {
        List<Mount> mounts = new ArrayList<>();
        Set<String> prefixes = new HashSet<>();
        for (Config route : context.config().sections("routes")) {
            String prefix = route.require("prefix");
            if (!prefix.startsWith("/") || prefix.indexOf('?') >= 0 || prefix.indexOf('#') >= 0) {
                throw new ConfigException(key(route, "prefix"), "a path prefix starting with / (such as /api/) is expected");
            }
            if (!prefixes.add(prefix)) {
                throw new ConfigException(key(route, "prefix"), "another route has the same prefix");
            }
            List<URI> upstreams = upstreams(route);
            ProxyOptions options = options(route, prefix);
            Proxy proxy;
            try {
                proxy = Proxy.to(upstreams, options);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ConfigException(route.path(), e.getMessage());
            }
            context.onStop(proxy);
            mounts.add(new Mount(prefix, proxy));
        }
        if (!mounts.isEmpty()) {
            mounts.sort(Comparator.comparingInt((Mount m) -> m.prefix().length()).reversed());
            context.addMiddleware(ORDER, new PrefixMiddleware(List.copyOf(mounts)));
        }
    }

    private static String key(Config section, String key) {
        return section.path().isEmpty() ? key : section.path() + "." + key;
    }

    private static List<URI> upstreams(Config route) {
        List<String> values = route.strings("upstreams", List.of());
        if (values.isEmpty()) {
            throw new ConfigException(key(route, "upstreams"), "a list of one or more upstream URIs is required");
        }
        List<URI> uris = new ArrayList<>(values.size());
        for (String value : values) {
            try {
                uris.add(Forwarder.checkUpstream(new URI(value)));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new ConfigException(key(route, "upstreams"), "'" + value
                        + "' is not an upstream: expected http://host:port or https://host:port, optionally with a path");
            }
        }
        return uris;
    }

    private static ProxyOptions options(Config route, String prefix) {
        ProxyOptions d = ProxyOptions.defaults();
        Balance balance;
        try {
            balance = Balance.of(route.string("balance", d.balance().configName()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(route, "balance"), "round-robin, least-requests, random or ip-hash expected");
        }
        List<Integer> weights = new ArrayList<>();
        for (String weight : route.strings("weights", List.of())) {
            try {
                weights.add(Integer.parseInt(weight.strip()));
            } catch (NumberFormatException e) {
                throw new ConfigException(key(route, "weights"), "a list of whole numbers from 1 to 1000 expected");
            }
        }
        boolean strip = route.bool("stripPrefix", false);
        boolean preserveHost = route.bool("preserveHost", d.preserveHost());
        Duration connect = positive(route, "connectTimeout", d.connectTimeout());
        Duration response = positive(route, "responseTimeout", d.responseTimeout());
        Duration idle = route.duration("idleTimeout", d.idleTimeout());
        int retries = route.integer("retries", d.retries());
        long maxBodySize = route.size("maxBodySize", d.maxBodySize());
        int maxFailures = route.integer("maxFailures", d.maxFailures());
        Duration cooldown = route.duration("cooldown", d.cooldown());
        HealthCheck check = null;
        if (route.has("healthCheck")) {
            Config section = route.section("healthCheck");
            HealthCheck base = HealthCheck.of("/");
            String path = section.string("path", base.path());
            Duration interval = positive(section, "interval", base.interval());
            Duration timeout = positive(section, "timeout", base.timeout());
            int unhealthyAfter = section.integer("unhealthyAfter", base.unhealthyAfter());
            int healthyAfter = section.integer("healthyAfter", base.healthyAfter());
            try {
                check = new HealthCheck(path, interval, timeout, unhealthyAfter, healthyAfter);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(section.path(), e.getMessage());
            }
        }
        if (idle.isNegative()) {
            throw new ConfigException(key(route, "idleTimeout"), "a duration of 0 (none) or more expected");
        }
        if (cooldown.isNegative()) {
            throw new ConfigException(key(route, "cooldown"), "a duration of 0 or more expected");
        }
        if (retries < 0 || retries > 10) {
            throw new ConfigException(key(route, "retries"), "a number from 0 to 10 expected");
        }
        if (maxFailures < 0) {
            throw new ConfigException(key(route, "maxFailures"), "0 (never take an upstream out) or more expected");
        }
        if (maxBodySize < -1) {
            throw new ConfigException(key(route, "maxBodySize"), "a size, or -1 for the server's limit, expected");
        }
        try {
            return new ProxyOptions(balance, weights, strip ? prefix : "", preserveHost, connect, response, idle,
                    retries, maxBodySize, maxFailures, cooldown, check);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(route.path(), e.getMessage());
        }
    }

    private static Duration positive(Config section, String key, Duration defaultValue) {
        Duration value = section.duration(key, defaultValue);
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException(key(section, key), "a positive duration such as 5s expected");
        }
        return value;
    }

    /** A prefix and the proxy it goes to. */
    record Mount(String prefix, Proxy proxy) {
    }

    /** Sends requests whose path starts with a mounted prefix (the longest first) to its proxy. */
    record PrefixMiddleware(List<Mount> mounts) implements Middleware {

        @Override
        public void handle(Request request, Response response, Handler next) throws Exception {
            String path = request.path();
            for (Mount mount : mounts) {
                if (path.startsWith(mount.prefix())) {
                    mount.proxy().handle(request, response);
                    return;
                }
            }
            next.handle(request, response);
        }
    }
}
