package motor.core;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import motor.spi.extension.Extension;

/** Compiles small plugins from source into jars at test time, with the JDK's compiler. */
final class PluginJars {

    private PluginJars() {
    }

    /** Where motor.spi was loaded from: the jar or classes folder to compile plugins against. */
    static Path spiLocation() {
        try {
            return Path.of(Extension.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compiles {@code sources} (file path to content; a {@code module-info.java} makes it an explicit
     * module) against motor.spi and {@code libraries}, and writes the classes and {@code resources} into a
     * jar.
     */
    static Path jar(Path jar, Map<String, String> sources, Map<String, String> resources, Path... libraries)
            throws IOException {
        return jar(jar, sources, resources, List.of(), true, libraries);
    }

    /**
     * As {@link #jar(Path, Map, Map, Path...)}, with extra compiler options, and optionally without the
     * real motor.spi on the path (when {@code libraries} bring a stand-in).
     */
    static Path jar(Path jar, Map<String, String> sources, Map<String, String> resources, List<String> extraOptions,
                    boolean withSpi, Path... libraries) throws IOException {
        Path work = Files.createTempDirectory("plugin-src");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = work.resolve("src").resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file.toString());
        }
        boolean modular = sources.containsKey("module-info.java");
        StringBuilder path = new StringBuilder(withSpi ? spiLocation().toString() : "");
        for (Path library : libraries) {
            if (!path.isEmpty()) {
                path.append(java.io.File.pathSeparator);
            }
            path.append(library);
        }
        List<String> options = new ArrayList<>(List.of("--release", "21", "-d", classes.toString()));
        if (!path.isEmpty()) {
            options.add(modular ? "--module-path" : "-classpath");
            options.add(path.toString());
        }
        options.addAll(extraOptions);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        int status = compiler.getTask(errors, null, null, options, null,
                compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                        .getJavaFileObjectsFromStrings(files)).call() ? 0 : 1;
        if (status != 0) {
            throw new IllegalStateException("plugin does not compile: " + errors);
        }
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> walk = Files.walk(classes)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            for (Map.Entry<String, String> resource : resources.entrySet()) {
                out.putNextEntry(new JarEntry(resource.getKey()));
                OutputStream entry = out;
                entry.write(resource.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The source of an extension class named {@code name} that serves {@code GET /<name>} with {@code body}. */
    static String extension(String pkg, String name, String bodyExpression) {
        return """
                package %s;

                public final class Plugin implements motor.spi.extension.Extension {
                    @Override
                    public String name() {
                        return "%s";
                    }

                    @Override
                    public void install(motor.spi.extension.ExtensionContext context) {
                        context.routes().get("/%s", (req, res) -> res.send(%s));
                    }
                }
                """.formatted(pkg, name, name, bodyExpression);
    }

    /** A modular plugin jar serving {@code GET /<name>}. */
    static Path modular(Path jar, String module, String name, String body, String... requires) throws IOException {
        StringBuilder info = new StringBuilder("module " + module + " {\n    requires motor.spi;\n");
        for (String r : requires) {
            info.append("    requires ").append(r).append(";\n");
        }
        info.append("    provides motor.spi.extension.Extension with ").append(module).append(".Plugin;\n}\n");
        return jar(jar, Map.of("module-info.java", info.toString(),
                module.replace('.', '/') + "/Plugin.java", extension(module, name, body)), Map.of());
    }
}
