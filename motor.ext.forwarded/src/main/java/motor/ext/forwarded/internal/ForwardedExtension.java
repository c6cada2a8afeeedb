package motor.ext.forwarded.internal;

import java.util.ArrayList;
import java.util.List;
import motor.ext.forwarded.Forwarded;
import motor.spi.AddressRanges;
import motor.spi.Middleware;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code forwarded} extension: reads {@code trustedProxies} and {@code headers}, and, when some proxy
 * is trusted, adds outermost middleware that rewrites requests arriving from one. With no trusted proxy
 * it adds nothing, so it costs nothing.
 */
public final class ForwardedExtension implements Extension {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardedExtension.class);

    /** Runs before everything that looks at the client's address: request ids, access logs, rate limits. */
    static final int ORDER = Middleware.OUTERMOST - 100;

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public ForwardedExtension() {
    }

    @Override
    public String name() {
        return "forwarded";
    }

    @Override
    public void install(ExtensionContext context) {
        Config config = context.config();
        AddressRanges trusted;
        try {
            trusted = AddressRanges.parse(config.strings("trustedProxies", List.of()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(config, "trustedProxies"), e.getMessage());
        }
        List<Resolver.Source> sources = new ArrayList<>();
        // Only X-Forwarded-* by default: it is what nearly every proxy writes, and a proxy passes on the
        // fields it does not write, so reading a kind the proxy does not write lets clients choose their address.
        List<String> names = config.strings("headers", List.of("x-forwarded"));
        if (names.isEmpty()) {
            throw new ConfigException(key(config, "headers"), "expected \"forwarded\" and/or \"x-forwarded\", "
                    + "got an empty list");
        }
        for (String name : names) {
            Resolver.Source source = switch (name) {
                case "forwarded" -> Resolver.Source.FORWARDED;
                case "x-forwarded" -> Resolver.Source.X_FORWARDED;
                default -> throw new ConfigException(key(config, "headers"),
                        "expected \"forwarded\" and/or \"x-forwarded\", got \"" + name + "\"");
            };
            if (sources.contains(source)) {
                throw new ConfigException(key(config, "headers"), "\"" + name + "\" is listed twice");
            }
            sources.add(source);
        }
        if (trusted.isEmpty()) {
            LOG.debug("forwarded: no trusted proxies configured; forwarding headers are ignored");
            return;
        }
        Resolver resolver = new Resolver(trusted, sources);
        context.addMiddleware(ORDER, (request, response, next) -> {
            Resolver.Result result = resolver.resolve(request.remoteAddress(), request.headers());
            if (result == Resolver.Result.NONE) {
                next.handle(request, response);
                return;
            }
            request.attributes().put(Forwarded.PEER, request.remoteAddress());
            next.handle(new ForwardedRequest(request, result), response);
        });
    }

    private static String key(Config config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
