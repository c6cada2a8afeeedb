package motor.ext.staticfiles.internal;

/**
 * A path pattern for per-path settings, matched without regular expressions. {@code *} matches any run
 * of characters within one segment, {@code **} any run across segments, {@code ?} one character other
 * than {@code /}. A pattern without {@code /} is matched against the file name alone ({@code *.html});
 * one with {@code /} against the whole path below the mount, without a leading slash
 * ({@code assets/**}, {@code /assets/**} alike).
 *
 * @param pattern  the pattern, without a leading slash
 * @param nameOnly whether it applies to the file name alone
 */
public record Glob(String pattern, boolean nameOnly) {

    /**
     * Compiles a pattern.
     *
     * @param pattern the pattern
     * @return the glob
     * @throws IllegalArgumentException if it is empty
     */
    public static Glob of(String pattern) {
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("an empty pattern");
        }
        boolean nameOnly = pattern.indexOf('/') < 0;
        return new Glob(pattern.startsWith("/") ? pattern.substring(1) : pattern, nameOnly);
    }

    /**
     * {@return whether the path below the mount, such as {@code css/app.css}, matches}
     *
     * @param path the path, without a leading slash
     */
    public boolean matches(String path) {
        String subject = nameOnly ? path.substring(path.lastIndexOf('/') + 1) : path;
        return match(pattern, subject);
    }

    /**
     * Matches by carrying the set of subject positions reachable after each pattern element, so that the
     * time is at most pattern length times subject length whatever the stars (no backtracking).
     */
    private static boolean match(String p, String s) {
        int n = s.length();
        boolean[] current = new boolean[n + 1];
        boolean[] next = new boolean[n + 1];
        current[0] = true;
        int pi = 0;
        while (pi < p.length()) {
            java.util.Arrays.fill(next, false);
            char c = p.charAt(pi);
            if (c == '*') {
                boolean deep = pi + 1 < p.length() && p.charAt(pi + 1) == '*';
                boolean reached = false;
                for (int i = 0; i <= n; i++) {
                    if (current[i]) {
                        reached = true;
                    } else if (reached && !deep && s.charAt(i - 1) == '/') {
                        reached = false;
                    }
                    next[i] = reached;
                }
                pi += deep ? 2 : 1;
                if (deep && pi < p.length() && p.charAt(pi) == '/') {
                    // "**/" may also match no directory at all: positions before the "/" stay as they were
                    boolean[] zero = current.clone();
                    for (int i = 0; i < n; i++) {
                        next[i] = next[i] && s.charAt(i) == '/';
                    }
                    for (int i = n; i > 0; i--) {
                        next[i] = next[i - 1];
                    }
                    next[0] = false;
                    for (int i = 0; i <= n; i++) {
                        next[i] |= zero[i];
                    }
                    pi++;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    if (current[i]) {
                        char d = s.charAt(i);
                        next[i + 1] = c == '?' ? d != '/' : c == d;
                    }
                }
                pi++;
            }
            boolean[] swap = current;
            current = next;
            next = swap;
        }
        return current[n];
    }
}
