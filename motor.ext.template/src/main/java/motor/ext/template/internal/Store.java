package motor.ext.template.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import motor.ext.template.Template;
import motor.ext.template.TemplateEngine;
import motor.ext.template.TemplateException;
import motor.ext.template.Templates;

/**
 * Finds, compiles and caches templates: from a folder first, then from class-path resources under a
 * prefix. Names are relative paths with an extension that picks the engine. Compiled templates are kept;
 * with {@code reload}, a template from the folder is compiled again when its file's modification time
 * changes (one file-status call per use).
 */
final class Store implements Templates {

    private record Entry(Template template, FileTime modified) {
    }

    private final Path dir;
    private final String resources;
    private final ClassLoader loader;
    private final boolean reload;
    private final Map<String, TemplateEngine> engines;
    private final Map<String, String> contentTypes;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    /**
     * @param dir          the template folder, or {@code null}
     * @param resources    the class-path prefix, such as {@code templates/}, or {@code null}
     * @param loader       the class loader for resources
     * @param reload       whether changed files are compiled again
     * @param engines      engines by file extension
     * @param contentTypes content types by file extension
     */
    Store(Path dir, String resources, ClassLoader loader, boolean reload, Map<String, TemplateEngine> engines,
            Map<String, String> contentTypes) {
        this.dir = dir;
        this.resources = resources;
        this.loader = loader;
        this.reload = reload;
        this.engines = Map.copyOf(engines);
        this.contentTypes = Map.copyOf(contentTypes);
    }

    @Override
    public Template template(String name) {
        checkName(name);
        Entry entry = cache.get(name);
        if (entry != null && !(reload && entry.modified() != null && !entry.modified().equals(modified(name)))) {
            return entry.template();
        }
        Entry fresh = load(name);
        cache.put(name, fresh);
        return fresh.template();
    }

    @Override
    public String contentType(String name) {
        return contentTypes.getOrDefault(extension(name), "text/plain; charset=utf-8");
    }

    private Entry load(String name) {
        TemplateEngine engine = engines.get(extension(name));
        if (engine == null) {
            throw new TemplateException("no template engine for '" + name + "': engines are installed for "
                    + engines.keySet().stream().sorted().map(e -> "." + e).toList());
        }
        if (dir != null) {
            Path file = dir.resolve(name);
            try {
                FileTime modified = Files.getLastModifiedTime(file);
                String source = decode(Files.readAllBytes(file), name);
                return new Entry(engine.compile(name, source, this::template), modified);
            } catch (NoSuchFileException e) {
                // try the class path
            } catch (IOException e) {
                throw new TemplateException("cannot read template '" + name + "': " + e.getMessage(), e);
            }
        }
        if (resources != null) {
            try (InputStream in = loader.getResourceAsStream(resources + name)) {
                if (in != null) {
                    return new Entry(engine.compile(name, decode(in.readAllBytes(), name), this::template), null);
                }
            } catch (IOException e) {
                throw new TemplateException("cannot read template '" + name + "': " + e.getMessage(), e);
            }
        }
        throw new TemplateException("no template '" + name + "'" + (dir != null ? " in " + dir : "")
                + (resources != null ? (dir != null ? " or" : "") + " on the class path under " + resources : ""));
    }

    private FileTime modified(String name) {
        try {
            return Files.getLastModifiedTime(dir.resolve(name));
        } catch (IOException e) {
            return null;
        }
    }

    private static String decode(byte[] bytes, String name) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TemplateException("template '" + name + "' is not valid UTF-8");
        }
    }

    /** Names are relative paths below the template folder: no way out of it, whoever chose the name. */
    static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 1024 || name.startsWith("/") || name.indexOf('\\') >= 0
                || name.indexOf(':') >= 0 || hasControl(name)) {
            // control characters (NUL, line breaks...) are refused too: a name goes into messages and logs
            throw new TemplateException("not a template name: a relative path such as 'pages/home.html' is expected");
        }
        for (String segment : List.of(name.split("/", -1))) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new TemplateException("not a template name: '" + name + "' has an empty, '.' or '..' segment");
            }
        }
    }

    /** {@return whether {@code text} holds a C0 or C1 control character or DEL} */
    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f && c < 0xa0) {
                return true;
            }
        }
        return false;
    }

    static String extension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot > slash ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
