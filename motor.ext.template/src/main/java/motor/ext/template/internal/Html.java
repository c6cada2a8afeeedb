package motor.ext.template.internal;

import java.io.IOException;

/** HTML escaping for text and attribute values (quoted with either quote). */
final class Html {

    private Html() {
    }

    static void escape(String text, Appendable out) throws IOException {
        int last = 0;
        for (int i = 0; i < text.length(); i++) {
            String replacement = switch (text.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                case '`' -> "&#96;";
                case '=' -> "&#61;";
                default -> null;
            };
            if (replacement != null) {
                out.append(text, last, i).append(replacement);
                last = i + 1;
            }
        }
        out.append(text, last, text.length());
    }
}
