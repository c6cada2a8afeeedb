package motor.ext.multipart.internal;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a file name a client sent into one that is safe to use as the last element of a path on any
 * common file system. See {@link #sanitize} for the rules.
 */
public final class Filenames {

    /** The longest result, in UTF-8 bytes: the limit of ext4, XFS, APFS and (in UTF-16 units) NTFS. */
    public static final int MAX_BYTES = 255;

    /** What a name becomes when nothing of it is left. */
    public static final String FALLBACK = "unnamed";

    /** The longest extension (after the last dot, in chars) that truncation keeps intact. */
    private static final int MAX_EXTENSION = 16;

    /** Names Windows reserves for devices, with or without an extension. */
    private static final Set<String> DEVICES = Set.of("con", "prn", "aux", "nul",
            "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
            "com\u00b9", "com\u00b2", "com\u00b3", "lpt\u00b9", "lpt\u00b2", "lpt\u00b3", "conin$", "conout$");

    private Filenames() {
    }

    /**
     * Sanitises a file name:
     * <ol>
     *   <li>everything up to the last {@code /} or {@code \} goes (browsers on Windows once sent whole
     *       paths, and {@code ../} must not climb);</li>
     *   <li>control characters (C0, DEL, C1), format characters (bidirectional overrides that disguise
     *       {@code exe} as {@code txt}, zero-width characters), line and paragraph separators, lone
     *       surrogates and the characters Windows reserves ({@code < > : " / \ | ? *}) are removed, and
     *       the rest is put in Unicode NFC (macOS sends decomposed names);</li>
     *   <li>leading dots and spaces (so no {@code .} or {@code ..}, no hidden files) and trailing dots and
     *       spaces (which Windows drops) are removed;</li>
     *   <li>a Windows device name ({@code CON}, {@code NUL}, {@code COM1}, {@code LPT1}, ..., with any
     *       extension) gets a {@code _} in front;</li>
     *   <li>a name longer than 255 UTF-8 bytes is shortened, keeping its extension;</li>
     *   <li>an empty result becomes {@value #FALLBACK}.</li>
     * </ol>
     * The result is never empty, never {@code .} or {@code ..}, and sanitising it again returns it
     * unchanged. It is still the client's choice: do not let it overwrite files you care about.
     *
     * @param raw the name as sent, or {@code null}
     * @return the safe name
     */
    public static String sanitize(String raw) {
        if (raw == null) {
            return FALLBACK;
        }
        int cut = Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\'));
        StringBuilder sb = new StringBuilder(raw.length() - cut - 1);
        for (int i = cut + 1; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (allowed(cp)) {
                sb.appendCodePoint(cp);
            }
        }
        // after the removals, so that a removed character between a letter and its accent changes nothing
        String safe = strip(new StringBuilder(Normalizer.normalize(sb, Normalizer.Form.NFC)));
        if (safe.isEmpty()) {
            return FALLBACK;
        }
        safe = shorten(safe);
        int dot = safe.indexOf('.');
        String base = strip(new StringBuilder(dot < 0 ? safe : safe.substring(0, dot)));
        if (DEVICES.contains(base.toLowerCase(Locale.ROOT))) {
            safe = shorten("_" + safe);
        }
        return safe;
    }

    private static boolean allowed(int cp) {
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
            return false;
        }
        switch (cp) {
            case '<', '>', ':', '"', '/', '\\', '|', '?', '*' -> {
                return false;
            }
            default -> {
                int type = Character.getType(cp);
                return type != Character.FORMAT && type != Character.SURROGATE && type != Character.CONTROL
                        && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR;
            }
        }
    }

    /** Removes leading dots and spaces and trailing dots and spaces. */
    private static String strip(StringBuilder sb) {
        int start = 0;
        int end = sb.length();
        while (start < end && (sb.charAt(start) == '.' || Character.isSpaceChar(sb.charAt(start)))) {
            start++;
        }
        while (end > start && (sb.charAt(end - 1) == '.' || Character.isSpaceChar(sb.charAt(end - 1)))) {
            end--;
        }
        return sb.substring(start, end);
    }

    /** Cuts a name to {@link #MAX_BYTES} UTF-8 bytes at a code point boundary, keeping a short extension. */
    private static String shorten(String name) {
        if (utf8Length(name, 0, name.length()) <= MAX_BYTES) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= MAX_EXTENSION ? name.substring(dot) : "";
        String base = extension.isEmpty() ? name : name.substring(0, dot);
        int budget = MAX_BYTES - utf8Length(extension, 0, extension.length());
        int end = 0;
        int bytes = 0;
        while (end < base.length()) {
            int cp = base.codePointAt(end);
            int size = utf8Length(base, end, end + Character.charCount(cp));
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        String shortened = strip(new StringBuilder(base.substring(0, end))) + extension;
        return strip(new StringBuilder(shortened)).isEmpty() ? FALLBACK : shortened;
    }

    private static int utf8Length(String s, int from, int to) {
        return s.substring(from, to).getBytes(StandardCharsets.UTF_8).length;
    }
}
