package motor.core.internal.extension;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import motor.spi.extension.Extension;

/**
 * Loads the plugins of a {@code plugins/} directory, each into its own {@link ModuleLayer} over the boot
 * layer, and finds their extensions.
 *
 * <p>A plugin is a single jar, or a folder holding the plugin's jar and its own dependencies. Every jar
 * of a plugin goes on the module path of that plugin's layer: explicit modules and automatic modules
 * (jars without {@code module-info}) alike. One layer per plugin keeps plugins apart: two plugins may
 * carry different versions of the same library.
 *
 * <p>Everything that can be checked is checked before anything is defined, and every problem is
 * reported at once as a {@link PluginException} naming the jar, the cause and the fix: a jar that is not
 * a usable module, a module or package that the boot layer already has, missing required modules, an
 * SPI version the server does not implement, a plugin without any extension, or a failure while
 * defining the layer. Nothing of a failed plugin is used.
 */
public final class Plugins {

    /** The name of the SPI module, whose version plugins are checked against. */
    static final String SPI_MODULE = "motor.spi";

    /**
     * A loaded plugin.
     *
     * @param name       the jar or folder name in the plugins directory
     * @param location   its path
     * @param layer      the module layer its modules live in
     * @param extensions the extensions it provides, with their source jars
     */
    public record Plugin(String name, Path location, ModuleLayer layer, List<Found> extensions) {
    }

    /**
     * An extension and where it came from.
     *
     * @param extension the instance
     * @param layer     {@code boot} or the plugin's name
     * @param source    the jar file name (or module name) that holds its class
     */
    public record Found(Extension extension, String layer, String source) {
    }

    private Plugins() {
    }

    /**
     * Loads every plugin under {@code directory}, in name order.
     *
     * @param directory the plugins directory; a missing directory means no plugins
     * @param parent    the layer the plugins resolve against (the boot layer)
     * @return the plugins
     * @throws PluginException if any plugin cannot be loaded; lists every problem found
     */
    public static List<Plugin> load(Path directory, ModuleLayer parent) {
        if (directory == null || !Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path entry : stream) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // editor swap files, .DS_Store and the like
                }
                if (Files.isDirectory(entry) || name.endsWith(".jar")) {
                    entries.add(entry);
                }
            }
        } catch (IOException e) {
            throw new PluginException("cannot read the plugins directory " + directory + ": " + e.getMessage());
        }
        entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
        List<Plugin> plugins = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path entry : entries) {
            try {
                plugins.add(loadOne(entry, parent));
            } catch (PluginException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new PluginException(String.join("\n", problems));
        }
        return plugins;
    }

    /**
     * Loads one plugin.
     *
     * @param entry  a jar, or a folder of jars
     * @param parent the layer to resolve against
     * @return the plugin
     * @throws PluginException naming the jar, the cause and the fix
     */
    public static Plugin loadOne(Path entry, ModuleLayer parent) {
        String name = entry.getFileName().toString();
        List<Path> jars = jars(entry);
        if (jars.isEmpty()) {
            throw new PluginException("plugin " + name + ": the folder holds no jar; put the plugin's jar and its"
                    + " dependencies in it, or remove it");
        }
        Map<String, ModuleReference> modules = modules(name, jars);
        checkAgainstParent(name, modules, parent);
        checkRequires(name, modules, parent);

        Configuration configuration;
        ModuleLayer layer;
        try {
            configuration = parent.configuration().resolve(ModuleFinder.of(jars.toArray(Path[]::new)),
                    ModuleFinder.of(), modules.keySet());
            layer = parent.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
        } catch (FindException | ResolutionException | LayerInstantiationException e) {
            throw new PluginException("plugin " + name + ": its modules cannot be resolved together: "
                    + e.getMessage() + "; check that no two of its jars hold the same package or module");
        } catch (SecurityException | IllegalArgumentException e) {
            throw new PluginException("plugin " + name + ": cannot be loaded: " + e);
        }

        List<Found> extensions = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        ServiceLoader<Extension> loader = ServiceLoader.load(layer, Extension.class);
        loader.stream()
                .filter(provider -> provider.type().getModule().getLayer() == layer)
                .sorted(Comparator.comparing(provider -> provider.type().getName()))
                .forEach(provider -> {
                    Module module = provider.type().getModule();
                    String jar = jarOf(module, modules);
                    String mismatch = spiMismatch(module, parent);
                    if (mismatch != null) {
                        problems.add("plugin " + name + " (" + jar + "): " + mismatch);
                        return;
                    }
                    try {
                        extensions.add(new Found(provider.get(), name, jar));
                    } catch (ServiceConfigurationError | LinkageError e) {
                        problems.add("plugin " + name + " (" + jar + "): extension " + provider.type().getName()
                                + " cannot be created: " + rootMessage(e)
                                + "; it needs a public no-argument constructor and every class it uses");
                    }
                });
        if (!problems.isEmpty()) {
            throw new PluginException(String.join("\n", problems));
        }
        if (extensions.isEmpty()) {
            throw new PluginException("plugin " + name + ": no extension found in " + jars.stream()
                    .map(p -> p.getFileName().toString()).collect(Collectors.joining(", "))
                    + "; a plugin declares its extension with 'provides motor.spi.extension.Extension with ...' in"
                    + " module-info, or in META-INF/services/motor.spi.extension.Extension (a plain class-path jar"
                    + " without either cannot be a plugin)");
        }
        return new Plugin(name, entry, layer, List.copyOf(extensions));
    }

    private static List<Path> jars(Path entry) {
        if (!Files.isDirectory(entry)) {
            return List.of(entry);
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(entry, "*.jar")) {
            stream.forEach(jars::add);
        } catch (IOException e) {
            throw new PluginException("plugin " + entry.getFileName() + ": cannot read its folder: " + e.getMessage());
        }
        jars.sort(Comparator.comparing(Path::toString));
        return jars;
    }

    /** Finds the modules of a plugin, naming the jar that cannot be one. */
    private static Map<String, ModuleReference> modules(String plugin, List<Path> jars) {
        Map<String, ModuleReference> modules = new LinkedHashMap<>();
        for (Path jar : jars) {
            Set<ModuleReference> found;
            try {
                found = ModuleFinder.of(jar).findAll();
            } catch (FindException e) {
                throw new PluginException("plugin " + plugin + ": " + jar.getFileName() + " is not a usable module: "
                        + rootMessage(e) + "; a jar without module-info needs a valid module name (add an"
                        + " Automatic-Module-Name to its manifest) and no classes in the unnamed package");
            }
            for (ModuleReference reference : found) {
                ModuleReference previous = modules.putIfAbsent(reference.descriptor().name(), reference);
                if (previous != null) {
                    throw new PluginException("plugin " + plugin + ": module " + reference.descriptor().name()
                            + " is in two jars, " + fileName(previous) + " and " + jar.getFileName()
                            + "; keep one of them");
                }
            }
        }
        return modules;
    }

    /** A plugin may not bring a module or a package the boot layer already has. */
    private static void checkAgainstParent(String plugin, Map<String, ModuleReference> modules, ModuleLayer parent) {
        Map<String, String> parentPackages = new LinkedHashMap<>();
        for (Module module : parent.modules()) {
            for (String pkg : module.getPackages()) {
                parentPackages.putIfAbsent(pkg, module.getName());
            }
        }
        List<String> problems = new ArrayList<>();
        for (ModuleReference reference : modules.values()) {
            ModuleDescriptor descriptor = reference.descriptor();
            String jar = fileName(reference);
            if (parent.findModule(descriptor.name()).isPresent()) {
                problems.add("plugin " + plugin + ": " + jar + " holds module " + descriptor.name()
                        + ", which the server already has in lib/; remove the jar from the plugin (the plugin uses"
                        + " the server's copy)");
                continue;
            }
            for (String pkg : new TreeSet<>(descriptor.packages())) {
                String owner = parentPackages.get(pkg);
                if (owner != null) {
                    problems.add("plugin " + plugin + ": " + jar + " holds package " + pkg + ", which module "
                            + owner + " of the server already has (a split package); remove the duplicate jar");
                    break;
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PluginException(String.join("\n", problems));
        }
    }

    /** Lists every required module that neither the plugin nor the boot layer provides. */
    private static void checkRequires(String plugin, Map<String, ModuleReference> modules, ModuleLayer parent) {
        List<String> problems = new ArrayList<>();
        for (ModuleReference reference : modules.values()) {
            ModuleDescriptor descriptor = reference.descriptor();
            Set<String> missing = new TreeSet<>();
            for (ModuleDescriptor.Requires requires : descriptor.requires()) {
                if (requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
                    continue;
                }
                String needed = requires.name();
                if (!modules.containsKey(needed) && parent.findModule(needed).isEmpty()) {
                    missing.add(needed);
                }
            }
            if (!missing.isEmpty()) {
                problems.add("plugin " + plugin + ": " + fileName(reference) + " (module " + descriptor.name()
                        + ") requires " + String.join(", ", missing) + ", which "
                        + (missing.size() == 1 ? "is" : "are") + " neither in the plugin nor in the server; "
                        + "put the missing jar" + (missing.size() == 1 ? "" : "s") + " in the plugin's folder"
                        + " (for a JDK module, start the server with it in --add-modules)");
            }
        }
        if (!problems.isEmpty()) {
            throw new PluginException(String.join("\n", problems));
        }
    }

    /**
     * Compares the SPI version a module was compiled against with the server's: the same major version,
     * and a minor version no newer than the server's (before 1.0, the same minor version). Returns a
     * description of the mismatch, or null when compatible or unknown (automatic modules record none).
     */
    static String spiMismatch(Module module, ModuleLayer parent) {
        ModuleDescriptor descriptor = module.getDescriptor();
        if (descriptor == null || descriptor.isAutomatic()) {
            return null;
        }
        Optional<ModuleDescriptor.Version> compiled = descriptor.requires().stream()
                .filter(r -> r.name().equals(SPI_MODULE))
                .findFirst()
                .flatMap(ModuleDescriptor.Requires::compiledVersion);
        Optional<ModuleDescriptor.Version> running = parent.findModule(SPI_MODULE)
                .flatMap(m -> m.getDescriptor().version());
        if (compiled.isEmpty() || running.isEmpty()) {
            return null;
        }
        return compatible(compiled.get().toString(), running.get().toString()) ? null
                : "built against motor.spi " + compiled.get() + ", but this server has motor.spi " + running.get()
                        + "; use a build of the plugin for this server's version, or a server version it supports";
    }

    /**
     * Tells whether an extension compiled against SPI version {@code compiled} runs on {@code running}.
     *
     * @param compiled the version the extension was compiled against
     * @param running  the server's SPI version
     * @return whether they are compatible
     */
    public static boolean compatible(String compiled, String running) {
        int[] c = majorMinor(compiled);
        int[] r = majorMinor(running);
        if (c[0] != r[0]) {
            return false;
        }
        return c[0] == 0 ? c[1] == r[1] : c[1] <= r[1];
    }

    private static int[] majorMinor(String version) {
        String[] parts = version.split("[.-]");
        int[] result = new int[2];
        for (int i = 0; i < 2 && i < parts.length; i++) {
            try {
                result[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                result[i] = -1;
            }
        }
        return result;
    }

    private static String jarOf(Module module, Map<String, ModuleReference> modules) {
        ModuleReference reference = modules.get(module.getName());
        return reference == null ? module.getName() : fileName(reference);
    }

    private static String fileName(ModuleReference reference) {
        return reference.location().map(uri -> {
            String path = uri.getPath();
            return path == null ? uri.toString() : path.substring(path.lastIndexOf('/') + 1);
        }).orElse(reference.descriptor().name());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }
}
