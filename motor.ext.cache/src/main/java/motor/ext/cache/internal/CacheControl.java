package motor.ext.cache.internal;

import motor.spi.Headers;

/**
 * The directives of the {@code Cache-Control} fields of a request or a response (RFC 9111 section 5.2),
 * as far as a shared cache acts on them. Every field of the name counts, as one comma-separated list.
 *
 * <p>Directive names are compared without case; arguments are tokens or quoted strings. Unknown
 * directives are ignored (RFC 9111 section 5.2.3). A delta-seconds argument that is not a number, or a
 * directive given twice with different arguments, makes the value {@link #INVALID}: for a response that
 * means stale (section 4.2.1 allows treating it so), for a request it is ignored. A number too large is
 * read as 2<sup>31</sup> (section 1.2.2).
 *
 * @param noStore         {@code no-store}
 * @param noCache         {@code no-cache}, with or without field names (the qualified form is treated
 *                        as the unqualified one, which section 5.2.2.4 allows)
 * @param isPrivate       {@code private}, with or without field names
 * @param isPublic        {@code public}
 * @param mustRevalidate  {@code must-revalidate} or {@code proxy-revalidate}
 * @param maxAge          {@code max-age} in seconds, {@link #ABSENT} or {@link #INVALID}
 * @param sMaxAge         {@code s-maxage} in seconds, {@link #ABSENT} or {@link #INVALID}
 * @param maxStale        request {@code max-stale}: seconds, {@link Long#MAX_VALUE} without an argument,
 *                        {@link #ABSENT} or {@link #INVALID}
 * @param minFresh        request {@code min-fresh}, {@link #ABSENT} or {@link #INVALID}
 * @param onlyIfCached    request {@code only-if-cached}
 * @param staleIfError    {@code stale-if-error} (RFC 5861) in seconds, request or response,
 *                        {@link #ABSENT} or {@link #INVALID}
 */
record CacheControl(boolean noStore, boolean noCache, boolean isPrivate, boolean isPublic,
        boolean mustRevalidate, long maxAge, long sMaxAge, long maxStale, long minFresh, boolean onlyIfCached,
        long staleIfError) {

    /** The directive is not there. */
    static final long ABSENT = -1;
    /** The directive is there with an argument that is not a valid delta-seconds. */
    static final long INVALID = -2;
    /** The largest delta-seconds (RFC 9111 section 1.2.2). */
    static final long MAX_DELTA = 2_147_483_648L;

    /** No directives. */
    static final CacheControl NONE = new CacheControl(false, false, false, false, false, ABSENT, ABSENT, ABSENT,
            ABSENT, false, ABSENT);

    /**
     * Parses every {@code Cache-Control} field of a header section.
     *
     * @param headers the fields
     * @return the directives; {@link #NONE} when there is no such field
     */
    static CacheControl of(Headers headers) {
        int count = headers.count("Cache-Control");
        if (count == 0) {
            return NONE;
        }
        return parse(count == 1 ? headers.first("Cache-Control") : String.join(",", headers.all("Cache-Control")));
    }

    /**
     * Parses every {@code Cache-Control} field of a stored response.
     *
     * @param fields the stored fields
     * @return the directives; {@link #NONE} when there is no such field
     */
    static CacheControl of(java.util.List<Headers.Field> fields) {
        StringBuilder joined = null;
        for (Headers.Field field : fields) {
            if (Headers.equalsIgnoreCase(field.name(), "Cache-Control")) {
                if (joined == null) {
                    joined = new StringBuilder(field.value());
                } else {
                    joined.append(',').append(field.value());
                }
            }
        }
        return joined == null ? NONE : parse(joined.toString());
    }

    /**
     * Parses one {@code Cache-Control} value. Malformed parts are skipped up to the next comma; nothing
     * here throws.
     *
     * @param value the field value
     * @return the directives
     */
    static CacheControl parse(String value) {
        Parser p = new Parser(value);
        p.run();
        return new CacheControl(p.noStore, p.noCache, p.isPrivate, p.isPublic, p.mustRevalidate, p.maxAge,
                p.sMaxAge, p.maxStale, p.minFresh, p.onlyIfCached, p.staleIfError);
    }

    /** One pass over the value: directive name, optional {@code =} argument, comma. */
    private static final class Parser {
        private final String s;
        private int i;
        boolean noStore;
        boolean noCache;
        boolean isPrivate;
        boolean isPublic;
        boolean mustRevalidate;
        boolean onlyIfCached;
        long maxAge = ABSENT;
        long sMaxAge = ABSENT;
        long maxStale = ABSENT;
        long minFresh = ABSENT;
        long staleIfError = ABSENT;

        Parser(String s) {
            this.s = s;
        }

        void run() {
            int n = s.length();
            while (i < n) {
                skipSeparators();
                if (i >= n) {
                    return;
                }
                int nameStart = i;
                while (i < n && isTokenChar(s.charAt(i))) {
                    i++;
                }
                String name = s.substring(nameStart, i);
                skipWhitespace();
                String argument = null;
                boolean malformed = name.isEmpty();
                if (i < n && s.charAt(i) == '=') {
                    i++;
                    skipWhitespace();
                    argument = argument();
                    malformed |= argument == null;
                    skipWhitespace();
                }
                if (i < n && s.charAt(i) != ',') {
                    malformed = true;
                }
                if (malformed) {
                    // a directive that forbids or limits storing counts even when its element is malformed
                    // ("private;x", "no-store=", an unclosed quote): a cache that skipped it would share a
                    // response its application meant to keep out
                    restrict(name);
                    skipToComma();
                    continue;
                }
                apply(name, argument);
            }
        }

        /** Applies the directives that restrict storing or reuse, whatever follows their names. */
        private void restrict(String name) {
            if (name.equalsIgnoreCase("no-store")) {
                noStore = true;
            } else if (name.equalsIgnoreCase("private")) {
                isPrivate = true;
            } else if (name.equalsIgnoreCase("no-cache")) {
                noCache = true;
            }
            // not must-revalidate: it also lets a response be shared with requests that carry credentials
        }

        private void apply(String name, String argument) {
            switch (name.length()) {
                case 6 -> {
                    if (name.equalsIgnoreCase("public")) {
                        isPublic = true;
                    }
                }
                case 7 -> {
                    if (name.equalsIgnoreCase("max-age")) {
                        maxAge = merge(maxAge, delta(argument));
                    } else if (name.equalsIgnoreCase("private")) {
                        isPrivate = true;
                    }
                }
                case 8 -> {
                    if (name.equalsIgnoreCase("no-store")) {
                        noStore = true;
                    } else if (name.equalsIgnoreCase("no-cache")) {
                        noCache = true;
                    } else if (name.equalsIgnoreCase("s-maxage")) {
                        sMaxAge = merge(sMaxAge, delta(argument));
                    }
                }
                case 9 -> {
                    if (name.equalsIgnoreCase("max-stale")) {
                        maxStale = merge(maxStale, argument == null ? Long.MAX_VALUE : delta(argument));
                    } else if (name.equalsIgnoreCase("min-fresh")) {
                        minFresh = merge(minFresh, delta(argument));
                    }
                }
                case 14 -> {
                    if (name.equalsIgnoreCase("only-if-cached")) {
                        onlyIfCached = true;
                    } else if (name.equalsIgnoreCase("stale-if-error")) {
                        staleIfError = merge(staleIfError, delta(argument));
                    }
                }
                case 15 -> {
                    if (name.equalsIgnoreCase("must-revalidate")) {
                        mustRevalidate = true;
                    }
                }
                case 16 -> {
                    if (name.equalsIgnoreCase("proxy-revalidate")) {
                        mustRevalidate = true;
                    }
                }
                default -> {
                    // not a directive a shared cache acts on
                }
            }
        }

        /** A token or a quoted string (unquoted), or null if neither starts here. */
        private String argument() {
            int n = s.length();
            if (i < n && s.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                for (i++; i < n; i++) {
                    char c = s.charAt(i);
                    if (c == '"') {
                        i++;
                        return sb.toString();
                    }
                    if (c == '\\' && i + 1 < n) {
                        c = s.charAt(++i);
                    }
                    sb.append(c);
                }
                return null; // no closing quote
            }
            int start = i;
            while (i < n && isTokenChar(s.charAt(i))) {
                i++;
            }
            return i == start ? null : s.substring(start, i);
        }

        private void skipSeparators() {
            while (i < s.length() && (s.charAt(i) == ',' || s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        private void skipWhitespace() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        /** Skips a malformed element, respecting quoted strings, to the next comma. */
        private void skipToComma() {
            boolean quoted = false;
            for (; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quoted && c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    return;
                }
            }
        }
    }

    /** A second occurrence with another value makes the directive invalid. */
    private static long merge(long previous, long value) {
        if (previous == ABSENT || previous == value) {
            return value;
        }
        return INVALID;
    }

    /** delta-seconds = 1*DIGIT, capped at 2^31; anything else is invalid. */
    static long delta(String argument) {
        if (argument == null || argument.isEmpty()) {
            return INVALID;
        }
        long value = 0;
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            if (value < MAX_DELTA) {
                value = value * 10 + (c - '0');
            }
        }
        return Math.min(value, MAX_DELTA);
    }

    private static boolean isTokenChar(char c) {
        return c < 128 && c > 32 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0 && c != 127;
    }
}
