package motor.ext.staticfiles.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import motor.ext.staticfiles.StaticFiles;
import motor.spi.extension.Config;
import motor.spi.extension.ConfigException;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * The {@code static} extension: mounts each directory of {@code static.mounts} on
 * {@code <prefix>/{path...}} with a handler from {@link StaticFiles}.
 */
public final class StaticExtension implements Extension {

    /** Creates the extension; the server calls this through {@link java.util.ServiceLoader}. */
    public StaticExtension() {
    }

    @Override
    public String name() {
        return "static";
    }

    @Override
    public void install(ExtensionContext context) {
        Set<String> prefixes = new HashSet<>();
        for (Config mount : context.config().sections("mounts")) {
            String prefix = prefix(mount);
            if (!prefixes.add(prefix)) {
                throw new ConfigException(key(mount, "prefix"), "another mount has the prefix " + prefix);
            }
            StaticFiles.Builder builder = StaticFiles.directory(directory(mount, context.baseDirectory()));
            apply(mount, builder);
            String pattern = (prefix.equals("/") ? "" : prefix) + "/{path...}";
            try {
                context.routes().get(pattern, builder.build());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key(mount, "prefix"), e.getMessage());
            }
        }
    }

    private static String prefix(Config mount) {
        String prefix = mount.string("prefix", "/static");
        if (!prefix.startsWith("/") || prefix.contains("{") || prefix.contains("}") || prefix.contains("//")
                || ("/" + prefix + "/").contains("/./") || ("/" + prefix + "/").contains("/../")) {
            throw new ConfigException(key(mount, "prefix"),
                    "a path starting with / without empty, . or .. segments or braces, such as /static");
        }
        while (prefix.length() > 1 && prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix;
    }

    /** The mount's directory; a relative one is resolved against the server's base directory. */
    private static Path directory(Config mount, Path base) {
        String dir = mount.require("dir");
        try {
            Path path = base.resolve(dir).toAbsolutePath().normalize();
            if (!java.nio.file.Files.isDirectory(path)) {
                throw new ConfigException(key(mount, "dir"), "an existing directory; " + path + " is none");
            }
            return path;
        } catch (InvalidPathException e) {
            throw new ConfigException(key(mount, "dir"), "a directory path");
        }
    }

    private static void apply(Config mount, StaticFiles.Builder builder) {
        try {
            builder.index(mount.strings("index", List.of("index.html")).toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(mount, "index"), e.getMessage());
        }
        builder.listing(mount.bool("listing", false));
        builder.dotfiles(mount.bool("dotfiles", false));
        builder.symlinksOutsideRoot(mount.bool("symlinksOutsideRoot", false));
        int maxListing = mount.integer("maxListing", StaticFiles.DEFAULT_MAX_LISTING);
        if (maxListing < 1) {
            throw new ConfigException(key(mount, "maxListing"), "a number of entries from 1");
        }
        builder.maxListing(maxListing);
        int maxRanges = mount.integer("maxRanges", StaticFiles.DEFAULT_MAX_RANGES);
        if (maxRanges < 1) {
            throw new ConfigException(key(mount, "maxRanges"), "a number of ranges from 1");
        }
        builder.maxRanges(maxRanges);
        int metadataCache = mount.integer("metadataCache", 0);
        if (metadataCache < 0) {
            throw new ConfigException(key(mount, "metadataCache"), "a number of entries, 0 for no cache");
        }
        builder.metadataCache(metadataCache);
        try {
            builder.precompressed(mount.strings("precompressed", StaticFiles.DEFAULT_PRECOMPRESSED).toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(mount, "precompressed"), e.getMessage());
        }
        for (Config rule : mount.sections("cacheControl")) {
            String pattern = rule.require("match");
            String value = rule.require("value");
            try {
                builder.cacheControl(pattern, value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(rule.path(), e.getMessage());
            }
        }
        Config types = mount.section("types");
        for (String extension : types.keys()) {
            try {
                builder.contentType(extension, types.require(extension));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key(types, extension), e.getMessage());
            }
        }
    }

    private static String key(Config section, String key) {
        return section.path().isEmpty() ? key : section.path() + "." + key;
    }
}
