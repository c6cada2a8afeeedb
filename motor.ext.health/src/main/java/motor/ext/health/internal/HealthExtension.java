package motor.ext.health.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import motor.ext.health.Health;
import motor.ext.health.HealthResult;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Status;
import motor.spi.event.ServerStarted;
import motor.spi.event.ServerStarting;
import motor.spi.event.ServerStopping;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code health} extension: the liveness and readiness routes, the lifecycle listeners that make
 * readiness fail while starting and stopping, and the {@link Health} service.
 */
public final class HealthExtension implements Extension {

    private static final byte[] LIVE = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public HealthExtension() {
    }

    @Override
    public String name() {
        return "health";
    }

    @Override
    public void install(ExtensionContext context) {
        Config config = context.config();
        String live = path(config, "live", "/health/live");
        String ready = path(config, "ready", "/health/ready");
        if (live.equals(ready)) {
            throw new ConfigException(key(config, "ready"), "must differ from live (" + live + ")");
        }
        Duration timeout = config.duration("timeout", Duration.ofSeconds(1));
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new ConfigException(key(config, "timeout"), "expected a duration from 1ms to 5m, not " + timeout);
        }
        Duration cacheFor = config.duration("cacheFor", Duration.ofSeconds(1));
        if (cacheFor.isNegative() || cacheFor.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigException(key(config, "cacheFor"), "expected a duration from 0 to 1d, not " + cacheFor);
        }
        boolean details = config.bool("details", true);

        HealthService service = new HealthService(timeout, cacheFor, System::nanoTime);
        context.onStop(context.events().subscribe(ServerStarting.class,
                e -> service.state(HealthService.State.STARTING)));
        context.onStop(context.events().subscribe(ServerStarted.class,
                e -> service.state(HealthService.State.RUNNING)));
        context.onStop(context.events().subscribe(ServerStopping.class,
                e -> service.state(HealthService.State.STOPPING)));
        try {
            context.routes().get(live, (request, response) -> send(response, Status.OK, LIVE));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(config, "live"), e.getMessage());
        }
        try {
            context.routes().get(ready, (request, response) -> ready(request, response, service, details));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(config, "ready"), e.getMessage());
        }
        context.provide(Health.class, service);
    }

    private static void ready(Request request, Response response, HealthService service, boolean details)
            throws IOException {
        HealthService.Report report = service.probe();
        send(response, report.ready() ? Status.OK : Status.SERVICE_UNAVAILABLE,
                json(report, details).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Response response, int status, byte[] body) throws IOException {
        response.status(status);
        response.headers().set("Content-Type", "application/json");
        response.headers().set("Cache-Control", "no-store");
        response.send(body);
    }

    /** {@return the readiness body: {@code {"status":"UP","checks":{"db":{"status":"UP","details":{...}}}}}} */
    static String json(HealthService.Report report, boolean details) {
        StringBuilder out = new StringBuilder(64 + 64 * report.checks().size());
        out.append("{\"status\":\"").append(report.status()).append("\",\"checks\":{");
        boolean first = true;
        for (Map.Entry<String, HealthResult> check : report.checks().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, check.getKey());
            out.append(":{\"status\":\"").append(check.getValue().healthy() ? "UP" : "DOWN").append('"');
            if (details && !check.getValue().details().isEmpty()) {
                out.append(",\"details\":{");
                boolean firstDetail = true;
                for (Map.Entry<String, String> detail : check.getValue().details().entrySet()) {
                    if (!firstDetail) {
                        out.append(',');
                    }
                    firstDetail = false;
                    string(out, detail.getKey());
                    out.append(':');
                    string(out, detail.getValue());
                }
                out.append('}');
            }
            out.append('}');
        }
        return out.append("}}").toString();
    }

    /** Appends a JSON string: quotes, backslashes and every character below U+0020 or from U+007F escaped. */
    static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static String path(Config config, String key, String defaultValue) {
        String path = config.string(key, defaultValue);
        if (!path.startsWith("/") || path.indexOf('{') >= 0 || path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
            throw new ConfigException(key(config, key), "expected a literal path starting with /, not \"" + path + "\"");
        }
        return path;
    }

    private static String key(Config config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
