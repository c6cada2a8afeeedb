package motor.ext.staticfiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import motor.ext.staticfiles.internal.DirectorySource;
import motor.ext.staticfiles.internal.FileHandler;
import motor.ext.staticfiles.internal.Glob;
import motor.ext.staticfiles.internal.MediaTypes;
import motor.ext.staticfiles.internal.Options;
import motor.ext.staticfiles.internal.ResourceSource;
import motor.ext.staticfiles.internal.Source;
import motor.spi.Handler;

/**
 * Handlers that serve static files, for applications that register them on routes themselves:
 * <pre>{@code
 * routes.get("/assets/{path...}", StaticFiles.directory(Path.of("public"))
 *         .cacheControl("*.html", "no-cache")
 *         .build());
 * routes.get("/ui/{path...}", StaticFiles.resources(name -> App.class.getResource("/web/" + name)).build());
 * }</pre>
 * The handler serves the part of the path the route's wildcard captured (the parameter {@code path} by
 * default, see {@link Builder#parameter}); on a route without it, the whole path. It answers with
 * {@code Content-Type}, a strong {@code ETag}, {@code Last-Modified}, {@code Accept-Ranges}, evaluates
 * every conditional of RFC 9110 section 13 (304, 412), serves ranges (206, {@code multipart/byteranges},
 * 416), picks a precompressed sibling ({@code app.js.br}, {@code .zst}, {@code .gz}) by
 * {@code Accept-Encoding}, and answers 404 for anything absent or refused: paths with encoded slashes,
 * backslashes or control characters, hidden names, symbolic links out of the root. Files are looked up
 * on every request. See {@code docs/static.md} for every rule.
 *
 * <p>Handlers are thread-safe and keep no state between requests.
 */
public final class StaticFiles {

    /** The codings whose siblings are looked for by default, in order of preference. */
    public static final List<String> DEFAULT_PRECOMPRESSED = List.of("br", "zstd", "gzip");

    /** The most range-specs a {@code Range} field may hold by default before it is ignored. */
    public static final int DEFAULT_MAX_RANGES = 16;

    /** The most entries a directory listing shows by default. */
    public static final int DEFAULT_MAX_LISTING = 1000;

    private StaticFiles() {
    }

    /**
     * Begins a handler for the files below a directory.
     *
     * @param root the directory; it must exist when {@link Builder#build()} is called
     * @return the builder
     */
    public static Builder directory(Path root) {
        return new Builder(Objects.requireNonNull(root, "root"), null);
    }

    /**
     * Begins a handler for class-path resources below a base folder: {@code classpath(loader, "web")}
     * serves {@code /x/app.js} from the resource {@code web/x/app.js}. Resources in a named module's
     * packages are encapsulated; for those, use {@link #resources} with a lookup written in that module.
     *
     * @param loader the class loader to search
     * @param base   the folder, such as {@code web} or {@code META-INF/resources}; not empty, so that
     *               class files are never served
     * @return the builder
     * @throws IllegalArgumentException if {@code base} is empty or climbs with {@code ..}
     */
    public static Builder classpath(ClassLoader loader, String base) {
        Objects.requireNonNull(loader, "loader");
        String folder = trimSlashes(Objects.requireNonNull(base, "base"));
        if (folder.isEmpty() || ("/" + folder + "/").contains("/../") || ("/" + folder + "/").contains("/./")) {
            throw new IllegalArgumentException("a class-path base must be a non-empty folder without . or .. segments");
        }
        return resources(name -> loader.getResource(folder + "/" + name));
    }

    /**
     * Begins a handler for resources found by a lookup, such as
     * {@code name -> App.class.getResource("/web/" + name)}: a lookup written in the application's
     * module reaches that module's own resources. The lookup receives a checked relative path
     * ({@code css/app.css}: no empty, {@code .}, {@code ..} or hidden segments) and returns the
     * resource's URL or {@code null}. Directories have no listing.
     *
     * @param lookup finds a resource by relative path
     * @return the builder
     */
    public static Builder resources(Function<String, URL> lookup) {
        return new Builder(null, Objects.requireNonNull(lookup, "lookup"));
    }

    private static String trimSlashes(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == '/') {
            a++;
        }
        while (b > a && s.charAt(b - 1) == '/') {
            b--;
        }
        return s.substring(a, b);
    }

    /** Settings of a static handler; every one has a default. Not thread-safe; build once. */
    public static final class Builder {
        private final Path root;
        private final Function<String, URL> lookup;
        private List<String> index = List.of("index.html");
        private boolean listing;
        private int maxListing = DEFAULT_MAX_LISTING;
        private boolean dotfiles;
        private boolean symlinksOutsideRoot;
        private List<String> precompressed = DEFAULT_PRECOMPRESSED;
        private int maxRanges = DEFAULT_MAX_RANGES;
        private final List<Options.CacheRule> cacheRules = new ArrayList<>();
        private final Map<String, String> types = new LinkedHashMap<>();
        private String parameter = "path";
        private int metadataCache;

        private Builder(Path root, Function<String, URL> lookup) {
            this.root = root;
            this.lookup = lookup;
        }

        /**
         * Sets the names tried, in order, for a directory's own page; default {@code index.html}.
         *
         * @param names file names, none containing {@code /}; none to turn index files off
         * @return this builder
         * @throws IllegalArgumentException if a name is empty, hidden or contains {@code /} or {@code \}
         */
        public Builder index(String... names) {
            for (String name : names) {
                if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")) {
                    throw new IllegalArgumentException("an index name is a plain file name, not \"" + name + "\"");
                }
            }
            this.index = List.of(names);
            return this;
        }

        /**
         * Lists directories that have no index file, as an HTML page with every name escaped; off by
         * default. Hidden names are left out unless {@link #dotfiles} is on. Class-path resources are
         * never listed.
         *
         * @param on whether to list
         * @return this builder
         */
        public Builder listing(boolean on) {
            this.listing = on;
            return this;
        }

        /**
         * Sets the most entries a listing shows; default {@value StaticFiles#DEFAULT_MAX_LISTING}.
         *
         * @param max from 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxListing(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxListing must be at least 1");
            }
            this.maxListing = max;
            return this;
        }

        /**
         * Serves names starting with a dot ({@code .env}, {@code .git/config}); off by default, and
         * rarely a good idea.
         *
         * @param on whether to serve them
         * @return this builder
         */
        public Builder dotfiles(boolean on) {
            this.dotfiles = on;
            return this;
        }

        /**
         * Follows symbolic links that lead out of the root directory; off by default (such links answer
         * 404). Links that stay inside the root are always followed.
         *
         * @param on whether to follow them
         * @return this builder
         */
        public Builder symlinksOutsideRoot(boolean on) {
            this.symlinksOutsideRoot = on;
            return this;
        }

        /**
         * Sets the codings whose precompressed siblings are served, in order of preference for equal
         * weights; default {@code br, zstd, gzip} ({@code app.js.br}, {@code app.js.zst},
         * {@code app.js.gz}).
         *
         * @param codings some of {@code br}, {@code zstd}, {@code gzip}; none to turn this off
         * @return this builder
         * @throws IllegalArgumentException for another coding or a repeated one
         */
        public Builder precompressed(String... codings) {
            List<String> list = List.of(codings);
            for (String coding : list) {
                if (!DEFAULT_PRECOMPRESSED.contains(coding)) {
                    throw new IllegalArgumentException("precompressed codings are br, zstd and gzip, not \"" + coding + "\"");
                }
            }
            if (list.stream().distinct().count() != list.size()) {
                throw new IllegalArgumentException("a precompressed coding is listed twice");
            }
            this.precompressed = list;
            return this;
        }

        /**
         * Sets the most range-specs a {@code Range} field may hold; one with more is ignored and the whole
         * file sent. Default {@value StaticFiles#DEFAULT_MAX_RANGES}.
         *
         * @param max from 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxRanges(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxRanges must be at least 1");
            }
            this.maxRanges = max;
            return this;
        }

        /**
         * Adds a {@code Cache-Control} value for paths matching a pattern; rules are tried in the order
         * added and the first match wins; without a match no {@code Cache-Control} is sent. In patterns,
         * {@code *} matches within a segment, {@code **} across segments, {@code ?} one character; a
         * pattern without {@code /} is matched against the file name alone.
         * {@code cacheControl("assets/**", "public, max-age=31536000, immutable")} suits fingerprinted
         * files, {@code cacheControl("*.html", "no-cache")} pages that must be revalidated.
         *
         * @param pattern the path pattern, relative to the mount
         * @param value   the {@code Cache-Control} value
         * @return this builder
         * @throws IllegalArgumentException if the pattern is empty or the value not a valid field value
         */
        public Builder cacheControl(String pattern, String value) {
            checkValue(value, "Cache-Control");
            cacheRules.add(new Options.CacheRule(Glob.of(pattern), value));
            return this;
        }

        /**
         * Sets the content type of an extension, replacing the built-in one.
         *
         * @param extension the extension without the dot, such as {@code wasm}; any case
         * @param type      the content type, with parameters if any, such as {@code text/plain; charset=utf-8}
         * @return this builder
         * @throws IllegalArgumentException if the extension is empty or has a dot or slash, or the type is
         *                                  not a valid field value
         */
        public Builder contentType(String extension, String type) {
            if (extension.isEmpty() || extension.contains(".") || extension.contains("/")) {
                throw new IllegalArgumentException("an extension is given without the dot, not \"" + extension + "\"");
            }
            checkValue(type, "Content-Type");
            if (type.indexOf('/') <= 0) {
                throw new IllegalArgumentException("a content type is type/subtype, not \"" + type + "\"");
            }
            types.put(extension, type);
            return this;
        }

        /**
         * Remembers the outcome of up to {@code entries} lookups (found files and absent siblings), so
         * that a request costs one {@code stat} per file instead of resolving its real path and looking
         * for every precompressed sibling again. Each use checks the entry against the file system: a
         * found file by its identity, modification time and size, an absent one by its directory's, so a
         * file changed, added or removed is seen on the next request. Off (0) by default; directories
         * only.
         *
         * <p>A path the cache holds is not resolved again while its file stays the same: if a directory
         * on the way is later replaced by a symbolic link to the same files elsewhere, the old verdict
         * stands until the entry goes. Leave the cache off where others can create links in the root.
         *
         * @param entries how many lookups to remember; 0 for none
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder metadataCache(int entries) {
            if (entries < 0) {
                throw new IllegalArgumentException("metadataCache must be 0 or more");
            }
            this.metadataCache = entries;
            return this;
        }

        /**
         * Names the route's wildcard parameter holding the path to serve; default {@code path}, as in
         * {@code /static/{path...}}. On a route that captures no such parameter the whole path is served.
         *
         * @param name the parameter's name
         * @return this builder
         */
        public Builder parameter(String name) {
            this.parameter = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Builds the handler.
         *
         * @return the handler, to register on a {@code GET} route
         * @throws IllegalArgumentException if the root directory does not exist or is not a directory
         * @throws UncheckedIOException     if the root cannot be resolved
         */
        public Handler build() {
            Source source;
            if (root != null) {
                if (!Files.isDirectory(root)) {
                    throw new IllegalArgumentException("not a directory: " + root);
                }
                try {
                    source = new DirectorySource(root.toRealPath(), dotfiles, symlinksOutsideRoot, metadataCache);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot resolve " + root, e);
                }
            } else {
                source = new ResourceSource(lookup);
            }
            Options options = new Options(index, listing && root != null, maxListing, dotfiles, precompressed,
                    maxRanges, List.copyOf(cacheRules), new MediaTypes(types), parameter);
            return new FileHandler(source, options);
        }

        private static void checkValue(String value, String field) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(field + " needs a value");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c >= 0x7f) {
                    throw new IllegalArgumentException(field + " value has a character not allowed at index " + i);
                }
            }
        }
    }
}
