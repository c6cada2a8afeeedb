package motor.ext.staticfiles.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import motor.spi.PercentCoding;

/**
 * The HTML page of a directory listing. Every name is escaped twice over: percent-encoded in the link
 * (so that {@code ?}, {@code #} and the like stay part of the name) and HTML-escaped everywhere, so that
 * a file named {@code <script>...} shows as text and never runs.
 */
final class Listing {

    /** One entry of a listing. */
    record Entry(String name, boolean directory) {
    }

    private Listing() {
    }

    /**
     * Renders the page.
     *
     * @param title     the decoded path of the directory, as shown to the reader
     * @param entries   the entries, sorted as they should appear
     * @param truncated whether entries were left out because there were too many
     * @return the page, UTF-8
     */
    static byte[] render(String title, List<Entry> entries, boolean truncated) {
        StringBuilder html = new StringBuilder(256 + 64 * entries.size());
        String heading = "Index of " + escape(title);
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(heading)
                .append("</title></head>\n<body><h1>").append(heading).append("</h1>\n<ul>\n")
                .append("<li><a href=\"../\">../</a></li>\n");
        for (Entry entry : entries) {
            String suffix = entry.directory() ? "/" : "";
            html.append("<li><a href=\"./").append(escape(PercentCoding.encode(entry.name()))).append(suffix)
                    .append("\">").append(escape(entry.name())).append(suffix).append("</a></li>\n");
        }
        html.append("</ul>\n");
        if (truncated) {
            html.append("<p>More entries are not shown.</p>\n");
        }
        html.append("</body></html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Escapes the five characters that are markup in HTML text and attribute values. */
    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement == null && (c < 0x20 || c == 0x7f)) {
                replacement = "\uFFFD"; // control characters have no place in a page
            }
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(replacement);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
