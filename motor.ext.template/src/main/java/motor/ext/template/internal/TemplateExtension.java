package motor.ext.template.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import motor.ext.template.TemplateEngine;
import motor.ext.template.Templates;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code template} extension: finds the template engines, reads where templates live, and provides
 * {@link Templates} as a service that handlers reach through {@code Templates.of(request)}. No middleware:
 * requests that render nothing pay nothing.
 */
public final class TemplateExtension implements Extension {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateExtension.class);

    /** Creates the extension; the server calls this through {@link ServiceLoader}. */
    public TemplateExtension() {
    }

    @Override
    public String name() {
        return "template";
    }

    @Override
    public void install(ExtensionContext context) {
        Config config = context.config();
        String dirSetting = config.string("dir", "templates");
        Path dir = dirSetting.isEmpty() ? null : context.baseDirectory().resolve(dirSetting).normalize();
        String resources = config.string("resources", "templates/");
        if (resources.isEmpty()) {
            resources = null;
        } else if (resources.startsWith("/") || !resources.endsWith("/")) {
            throw new ConfigException(key(config, "resources"),
                    "expected a relative class-path folder ending with '/', such as \"templates/\"");
        }
        boolean reload = config.bool("reload", context.developmentMode());
        Map<String, String> contentTypes = new HashMap<>(Map.of("html", "text/html; charset=utf-8",
                "mustache", "text/html; charset=utf-8", "txt", "text/plain; charset=utf-8",
                "xml", "application/xml; charset=utf-8", "json", "application/json"));
        Config types = config.has("contentTypes") ? config.section("contentTypes") : null;
        if (types != null) {
            for (String extension : types.keys()) {
                String type = types.require(extension);
                if (!isMediaType(type)) {
                    throw new ConfigException(key(types, extension), "expected a media type such as "
                            + "\"image/svg+xml\" or \"text/csv; charset=utf-8\" (printable ASCII)");
                }
                if (extension.isEmpty() || extension.indexOf('.') >= 0 || extension.indexOf('/') >= 0) {
                    throw new ConfigException(key(types, extension), "expected a file extension without a dot");
                }
                contentTypes.put(extension.toLowerCase(java.util.Locale.ROOT), type);
            }
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = TemplateExtension.class.getClassLoader();
        }
        Map<String, TemplateEngine> engines = engines(context, loader);
        context.provide(Templates.class, new Store(dir, resources, loader, reload, engines, contentTypes));
        LOG.debug("templates from {} and class path {}; engines {}", dir, resources, engines);
    }

    /**
     * The engines by extension; for an extension claimed twice, the first found other than the built-in wins.
     * Engines come from wherever the server finds extensions (module path, class path, plugin layers), and
     * from the context class loader.
     */
    private static Map<String, TemplateEngine> engines(ExtensionContext context, ClassLoader loader) {
        Map<String, TemplateEngine> byExtension = new HashMap<>();
        List<TemplateEngine> found = new java.util.ArrayList<>(context.serviceProviders(TemplateEngine.class));
        ServiceLoader.load(TemplateEngine.class, loader).forEach(engine -> {
            if (found.stream().noneMatch(known -> known.getClass() == engine.getClass())) {
                found.add(engine);
            }
        });
        for (TemplateEngine engine : found) {
            if (engine instanceof MustacheEngine) {
                continue;
            }
            for (String extension : engine.extensions()) {
                byExtension.putIfAbsent(extension.toLowerCase(java.util.Locale.ROOT), engine);
            }
        }
        MustacheEngine builtIn = new MustacheEngine();
        for (String extension : builtIn.extensions()) {
            byExtension.putIfAbsent(extension, builtIn);
        }
        return byExtension;
    }

    /** A {@code Content-Type} value: {@code type/subtype} and parameters, printable ASCII only. */
    private static boolean isMediaType(String value) {
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static String key(Config config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
