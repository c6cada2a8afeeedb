package motor.ext.staticfiles.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Content types by file-name extension: a built-in table of the types the web uses, plus overrides.
 * Text types carry {@code charset=utf-8}, the encoding of nearly every text file on the web today; an
 * override states its own parameters. Unknown extensions get {@code application/octet-stream}, which a
 * browser downloads rather than renders.
 */
public final class MediaTypes {

    static final String DEFAULT = "application/octet-stream";

    private static final Map<String, String> BUILT_IN = new HashMap<>();

    static {
        String utf8 = "; charset=utf-8";
        String[] table = {
            "html", "text/html" + utf8, "htm", "text/html" + utf8, "css", "text/css" + utf8,
            "js", "text/javascript" + utf8, "mjs", "text/javascript" + utf8, "cjs", "text/javascript" + utf8,
            "json", "application/json", "map", "application/json", "jsonld", "application/ld+json",
            "webmanifest", "application/manifest+json", "xml", "application/xml", "xhtml", "application/xhtml+xml",
            "txt", "text/plain" + utf8, "md", "text/markdown" + utf8, "csv", "text/csv" + utf8,
            "ics", "text/calendar" + utf8, "vtt", "text/vtt" + utf8, "svg", "image/svg+xml",
            "png", "image/png", "apng", "image/apng", "jpg", "image/jpeg", "jpeg", "image/jpeg",
            "gif", "image/gif", "webp", "image/webp", "avif", "image/avif", "ico", "image/vnd.microsoft.icon",
            "bmp", "image/bmp", "tif", "image/tiff", "tiff", "image/tiff",
            "woff", "font/woff", "woff2", "font/woff2", "ttf", "font/ttf", "otf", "font/otf",
            "mp4", "video/mp4", "m4v", "video/mp4", "webm", "video/webm", "ogv", "video/ogg", "mov", "video/quicktime",
            "mp3", "audio/mpeg", "m4a", "audio/mp4", "ogg", "audio/ogg", "oga", "audio/ogg", "opus", "audio/ogg",
            "wav", "audio/wav", "flac", "audio/flac", "aac", "audio/aac",
            "pdf", "application/pdf", "wasm", "application/wasm", "zip", "application/zip",
            "gz", "application/gzip", "tgz", "application/gzip", "br", "application/octet-stream",
            "zst", "application/zstd", "tar", "application/x-tar", "7z", "application/x-7z-compressed",
            "rss", "application/rss+xml", "atom", "application/atom+xml", "epub", "application/epub+zip",
            "jar", "application/java-archive", "bin", "application/octet-stream",
        };
        for (int i = 0; i < table.length; i += 2) {
            BUILT_IN.put(table[i], table[i + 1]);
        }
    }

    private final Map<String, String> overrides;

    /**
     * Creates the table.
     *
     * @param overrides extension (without the dot, any case) to content type; replaces the built-in entry
     */
    public MediaTypes(Map<String, String> overrides) {
        Map<String, String> lower = new HashMap<>();
        overrides.forEach((extension, type) -> lower.put(extension.toLowerCase(Locale.ROOT), type));
        this.overrides = Map.copyOf(lower);
    }

    /**
     * {@return the content type for a file name, by its last extension; case-insensitive}
     *
     * @param name a file name
     */
    public String forName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return DEFAULT;
        }
        String extension = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        String type = overrides.get(extension);
        if (type == null) {
            type = BUILT_IN.get(extension);
        }
        return type == null ? DEFAULT : type;
    }
}
