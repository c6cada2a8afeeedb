package motor.ext.security;

import java.nio.charset.StandardCharsets;

/**
 * Contextual output encoding: turns untrusted text into a form that a browser reads as data, never as
 * markup or code, in one specific place of a page. Pick the method for the place where the text lands;
 * an encoding made for one context is not safe in another.
 *
 * <table>
 *   <caption>Which method for which context</caption>
 *   <tr><th>where the text goes</th><th>method</th><th>example</th></tr>
 *   <tr><td>HTML text between tags, or a quoted attribute value</td><td>{@link #html}</td>
 *       <td>{@code <p>NAME</p>}, {@code <input value="NAME">}</td></tr>
 *   <tr><td>any attribute value, even unquoted</td><td>{@link #attribute}</td>
 *       <td>{@code <td title=NAME>}</td></tr>
 *   <tr><td>inside a JavaScript string literal, in a script block or an event-handler attribute</td>
 *       <td>{@link #javaScript}</td><td>{@code <script>var n = 'NAME';</script>}</td></tr>
 *   <tr><td>one component of a URL: a path segment, a query name or value</td><td>{@link #url}</td>
 *       <td>{@code <a href="/search?q=NAME">}</td></tr>
 *   <tr><td>inside a quoted CSS string</td><td>{@link #css}</td>
 *       <td>{@code <style>.x::after { content: "NAME" }</style>}</td></tr>
 * </table>
 *
 * <p>When contexts nest, encode from the inside out: a query value inside an {@code href} is
 * {@code html(url(value))} (the {@code url} output is already safe there, so {@code url(value)} alone
 * also works). No method makes text safe as a whole URL (validate the scheme: {@code javascript:} is
 * a URL too), as a tag or attribute name, as a CSS property value outside quotes, or as code.
 *
 * <p>Every method takes {@code null} as the empty string, returns its input itself when nothing needs
 * encoding, and replaces characters that cannot appear in a document (lone UTF-16 surrogates, control
 * characters other than tab, line feed, form feed and carriage return, and Unicode noncharacters) with
 * U+FFFD, the replacement character, except where the context can carry them escaped losslessly. The
 * methods are thread-safe and allocate only when the input needs encoding.
 */
public final class Encode {

    private static final char REPLACEMENT = '\uFFFD';
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private Encode() {
    }

    /**
     * Encodes text for HTML text content (between tags, such as {@code <p>...</p>} or
     * {@code <td>...</td>}) and for attribute values in double or single quotes. Replaces
     * {@code & < > " '} with character references; everything else stays as it is, so the output
     * remains readable.
     *
     * <p>Also safe inside {@code <textarea>} and {@code <title>}, whose text ends only at the closing
     * tag. Not for unquoted attribute values (use {@link #attribute}), nor inside {@code <script>} or
     * {@code <style>} elements, where character references are not decoded (use {@link #javaScript} or
     * {@link #css} inside a string literal there).
     *
     * @param text untrusted text; {@code null} counts as empty
     * @return the text, safe in HTML text and quoted attributes
     */
    public static String html(String text) {
        int length = text == null ? 0 : text.length();
        int i = safePrefix(text, Encode::htmlSafe);
        if (i == length) {
            return text == null ? "" : text;
        }
        StringBuilder out = new StringBuilder(length + 16).append(text, 0, i);
        for (; i < length; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                default -> i = appendValid(out, text, i);
            }
        }
        return out.toString();
    }

    /**
     * Encodes text for an HTML attribute value, quoted or not, such as {@code title}, {@code alt},
     * {@code value} or {@code data-*}. Every ASCII character other than letters, digits and
     * {@code , . - _} becomes a hexadecimal character reference ({@code &#x20;} for a space), so the
     * value can neither end early nor open a new attribute or tag, whatever quoting the template uses.
     * Characters beyond ASCII stay as they are.
     *
     * <p>Attributes whose value the browser interprets further need more than this: an event handler
     * ({@code onclick}) takes {@link #javaScript} output inside a string literal, a {@code style}
     * attribute {@link #css} output inside a CSS string, and a URL attribute ({@code href}, {@code src},
     * {@code action}) a URL whose scheme the application has checked (http or https, say), with its
     * components encoded by {@link #url}.
     *
     * @param text untrusted text; {@code null} counts as empty
     * @return the text, safe as an attribute value in any quoting
     */
    public static String attribute(String text) {
        int length = text == null ? 0 : text.length();
        int i = safePrefix(text, Encode::attributeSafe);
        if (i == length) {
            return text == null ? "" : text;
        }
        StringBuilder out = new StringBuilder(length + 32).append(text, 0, i);
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80 && !plainAscii(c)) {
                if (c < 0x20 && !whitespace(c) || c == 0x7f) {
                    out.append(REPLACEMENT);
                } else {
                    out.append("&#x").append(HEX[c >> 4]).append(HEX[c & 0xf]).append(';');
                }
            } else {
                i = appendValid(out, text, i);
            }
        }
        return out.toString();
    }

    /**
     * Encodes text for the inside of a JavaScript string literal: single-quoted, double-quoted or a
     * template literal, written by the template between its quotes, as in {@code var name = '...';}.
     * Backslashes, quotes, backticks, {@code $}, {@code < > &}, C0 and C1 control characters and the line
     * terminators U+2028 and U+2029 become escape sequences ({@code \x3c}, {@code \u2028}, ...), so the
     * text cannot end the literal, end the {@code <script>} element ({@code </script>} or
     * {@code <!--}), or break out of an HTML attribute in which the script sits: the output is safe in a
     * {@code <script>} block and in a quoted event-handler attribute alike. A lone surrogate is escaped
     * as {@code \}{@code uXXXX}, which JavaScript strings can hold.
     *
     * <p>Not for code outside string literals (no encoding makes text safe as code), nor for JSON
     * that a script parses: build JSON with a JSON library, then embed the JSON text with this method if
     * it goes into a string literal.
     *
     * @param text untrusted text; {@code null} counts as empty
     * @return the text, safe inside a quoted JavaScript string
     */
    public static String javaScript(String text) {
        int length = text == null ? 0 : text.length();
        int i = safePrefix(text, (t, j) -> javaScriptSafe(t.charAt(j)));
        if (i == length) {
            return text == null ? "" : text;
        }
        StringBuilder out = new StringBuilder(length + 16).append(text, 0, i);
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (javaScriptSafe(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\u2028', '\u2029' -> unicodeEscape(out, c);
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * Percent-encodes text as one URL component (RFC 3986): a path segment, a query parameter's name or
     * value, a fragment. Every character except the unreserved ones ({@code A-Z a-z 0-9 - . _ ~})
     * becomes {@code %XX} bytes of its UTF-8 form, so a space is {@code %20} (valid in paths and in
     * queries alike), and {@code / ? # & = +} lose their meaning as delimiters. A lone surrogate is
     * encoded as U+FFFD. The output is also safe in any HTML attribute.
     *
     * <p>Not for a whole URL: encode each component and assemble the URL around them; a URL that comes
     * from outside must be parsed and its scheme checked instead ({@code javascript:alert(1)} is a URL).
     * A path segment that is exactly {@code .} or {@code ..} keeps its meaning even encoded (URL parsers
     * read {@code %2E%2E} as {@code ..}), so validate path segments before building paths from them.
     *
     * @param text untrusted text; {@code null} counts as empty
     * @return the percent-encoded component
     */
    public static String url(String text) {
        int length = text == null ? 0 : text.length();
        int i = safePrefix(text, (t, j) -> unreserved(t.charAt(j)));
        if (i == length) {
            return text == null ? "" : text;
        }
        StringBuilder out = new StringBuilder(length * 3).append(text, 0, i);
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (unreserved(c)) {
                out.append(c);
                continue;
            }
            int codePoint = c;
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                codePoint = Character.toCodePoint(c, text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                codePoint = REPLACEMENT;
            }
            for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX_UPPER[(b >> 4) & 0xf]).append(HEX_UPPER[b & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * Encodes text for the inside of a quoted CSS string, in a stylesheet or a {@code style} attribute,
     * as in {@code content: "..."} or {@code font-family: "..."}. Every ASCII character other than letters
     * and digits, and every C1 control character, becomes a CSS escape ({@code \3c } with its terminating space), so the text cannot
     * end the string, the declaration, the rule or the {@code <style>} element, nor break out of a
     * quoted HTML attribute. A NUL or a lone surrogate becomes {@code \fffd }.
     *
     * <p>Not for property values outside quotes, selectors or property names, nor for {@code url(...)}
     * unless the URL's scheme has been checked: an expression-like value is dangerous even when encoded.
     *
     * @param text untrusted text; {@code null} counts as empty
     * @return the text, safe inside a quoted CSS string
     */
    public static String css(String text) {
        int length = text == null ? 0 : text.length();
        int i = safePrefix(text, Encode::cssSafe);
        if (i == length) {
            return text == null ? "" : text;
        }
        StringBuilder out = new StringBuilder(length + 32).append(text, 0, i);
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0xa0) {
                if (alphanumeric(c)) {
                    out.append(c);
                } else if (c == 0) {
                    out.append("\\fffd ");
                } else {
                    out.append('\\');
                    if (c >= 0x10) {
                        out.append(HEX[c >> 4]);
                    }
                    out.append(HEX[c & 0xf]).append(' ');
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append("\\fffd ");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- character classes

    /** Tells whether the char at an index may be copied as it is. */
    @FunctionalInterface
    private interface Safe {
        boolean at(String text, int index);
    }

    /** {@return how many leading chars of {@code text} need no encoding; 0 for null} */
    private static int safePrefix(String text, Safe safe) {
        if (text == null) {
            return 0;
        }
        int i = 0;
        while (i < text.length() && safe.at(text, i)) {
            i++;
        }
        return i;
    }

    private static boolean htmlSafe(String text, int i) {
        char c = text.charAt(i);
        if (c < 0x80) {
            return c >= 0x20 && c != 0x7f && c != '&' && c != '<' && c != '>' && c != '"' && c != '\''
                    || whitespace(c);
        }
        return validAt(text, i) == 1 && !Character.isSurrogate(c);
    }

    private static boolean attributeSafe(String text, int i) {
        char c = text.charAt(i);
        if (c < 0x80) {
            return plainAscii(c);
        }
        return validAt(text, i) == 1 && !Character.isSurrogate(c);
    }

    private static boolean cssSafe(String text, int i) {
        char c = text.charAt(i);
        return c < 0xa0 ? alphanumeric(c) : !Character.isSurrogate(c);
    }

    private static boolean javaScriptSafe(char c) {
        if (c < 0x80) {
            return c >= 0x20 && c != 0x7f && c != '\\' && c != '"' && c != '\'' && c != '`' && c != '$'
                    && c != '<' && c != '>' && c != '&';
        }
        return c > 0x9f && c != '\u2028' && c != '\u2029' && !Character.isSurrogate(c);
    }

    private static boolean plainAscii(char c) {
        return alphanumeric(c) || c == ',' || c == '.' || c == '-' || c == '_';
    }

    private static boolean alphanumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static boolean unreserved(char c) {
        return alphanumeric(c) || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** HTML's ASCII whitespace that may appear in a document: tab, line feed, form feed, carriage return. */
    private static boolean whitespace(char c) {
        return c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    /**
     * Tells how many chars at {@code i} form one character a document may contain: 1 or 2 (a surrogate
     * pair), or 0 for a character that must be replaced (a lone surrogate, a control character, a
     * noncharacter). Only called for chars at or above U+0080.
     */
    private static int validAt(String text, int i) {
        char c = text.charAt(i);
        if (c <= 0x9f) {
            return c >= 0x80 ? 0 : 1; // C1 controls are parse errors in HTML
        }
        if (Character.isHighSurrogate(c)) {
            if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(i + 1));
                return (codePoint & 0xfffe) == 0xfffe ? 0 : 2;
            }
            return 0;
        }
        if (Character.isLowSurrogate(c) || c >= 0xfdd0 && c <= 0xfdef || c == 0xfffe || c == 0xffff) {
            return 0;
        }
        return 1;
    }

    /**
     * Appends the character at {@code i} (a pair when it starts one) if a document may hold it, U+FFFD
     * otherwise, and returns the index of its last char. Handles everything that needs no reference:
     * ASCII controls other than whitespace are replaced, the rest is copied.
     */
    private static int appendValid(StringBuilder out, String text, int i) {
        char c = text.charAt(i);
        if (c < 0x80) {
            out.append(c < 0x20 && !whitespace(c) || c == 0x7f ? REPLACEMENT : c);
            return i;
        }
        int n = validAt(text, i);
        if (n == 0) {
            out.append(REPLACEMENT);
            // a well-formed pair that is a noncharacter is replaced whole
            return Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    ? i + 1 : i;
        }
        out.append(text, i, i + n);
        return i + n - 1;
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }
}
