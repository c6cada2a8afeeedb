package motor.ext.websocket.internal;

import java.time.Duration;
import java.util.List;
import motor.ext.websocket.WebSocketOptions;
import motor.spi.Headers;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code websocket} extension: reads the {@code websocket} section into the default
 * {@link WebSocketOptions} of endpoints made without options, and provides them as a service that those
 * endpoints find through the request ({@link motor.spi.Request#service}): no middleware, so requests that
 * are not handshakes cost nothing.
 */
public final class WebSocketExtension implements Extension {

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public WebSocketExtension() {
    }

    @Override
    public String name() {
        return "websocket";
    }

    @Override
    public void install(ExtensionContext context) {
        WebSocketOptions options = options(context.config());
        // endpoints find the settings through the request when they are asked for a handshake; nothing
        // runs for the other requests
        context.provide(EndpointHandler.Configured.class, new EndpointHandler.Configured(options));
    }

    /**
     * Reads the options from a configuration section.
     *
     * @param config the {@code websocket} section
     * @return the options
     * @throws ConfigException naming the key of a wrong value
     */
    static WebSocketOptions options(Config config) {
        WebSocketOptions d = WebSocketOptions.defaults();
        List<String> origins = config.strings("allowedOrigins", d.allowedOrigins());
        for (String origin : origins) {
            if (!origin.equals("*") && !origin.equals("null") && !origin.contains("://")) {
                throw new ConfigException(key(config, "allowedOrigins"),
                        "an origin is scheme://host[:port] (such as https://app.example) or *, not " + origin);
            }
        }
        List<String> protocols = config.strings("subprotocols", d.subprotocols());
        for (String protocol : protocols) {
            if (!Headers.isToken(protocol)) {
                throw new ConfigException(key(config, "subprotocols"), "a subprotocol must be a token, not " + protocol);
            }
        }
        long maxMessage = positive(config, "maxMessageSize", config.size("maxMessageSize", d.maxMessageSize()));
        long maxFrame = positive(config, "maxFrameSize", config.size("maxFrameSize", d.maxFrameSize()));
        Duration idle = notNegative(config, "idleTimeout", config.duration("idleTimeout", d.idleTimeout()));
        Duration ping = notNegative(config, "pingInterval", config.duration("pingInterval", d.pingInterval()));
        Duration close = notNegative(config, "closeTimeout", config.duration("closeTimeout", d.closeTimeout()));
        if (close.isZero()) {
            throw new ConfigException(key(config, "closeTimeout"), "expected a duration above zero, such as 5s");
        }
        long queue = positive(config, "broadcastQueue", config.size("broadcastQueue", d.broadcastQueue()));
        Config deflate = config.section("deflate");
        boolean enabled = deflate.bool("enabled", d.deflate().enabled());
        boolean serverReset = deflate.bool("serverNoContextTakeover", d.deflate().serverNoContextTakeover());
        boolean clientReset = deflate.bool("clientNoContextTakeover", d.deflate().clientNoContextTakeover());
        int bits = deflate.integer("clientMaxWindowBits", d.deflate().clientMaxWindowBits());
        if (bits < 8 || bits > 15) {
            throw new ConfigException(key(deflate, "clientMaxWindowBits"), "expected a number from 8 to 15, not " + bits);
        }
        return new WebSocketOptions(origins, protocols, maxMessage, maxFrame, idle, ping, close, queue,
                new WebSocketOptions.Deflate(enabled, serverReset, clientReset, bits));
    }

    private static long positive(Config config, String key, long value) {
        if (value <= 0) {
            throw new ConfigException(key(config, key), "expected a size above zero, such as 64KiB");
        }
        return value;
    }

    private static Duration notNegative(Config config, String key, Duration value) {
        if (value.isNegative()) {
            throw new ConfigException(key(config, key), "expected a duration of zero or more, such as 30s");
        }
        return value;
    }

    private static String key(Config config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
