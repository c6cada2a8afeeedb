package motor.spi;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The body of an error response as the server writes it for every protocol: short plain text, or
 * {@code application/problem+json} (RFC 9457) when the client's {@code Accept} prefers JSON. It carries the
 * status, the reason, the safe message and the request id, and a stack trace only in development mode.
 * For protocol extensions (HTTP/2) that render the server's error pages themselves, so that a client sees
 * the same page whatever protocol it spoke.
 *
 * @param contentType the media type of the body
 * @param body        the bytes
 */
public record ErrorPage(String contentType, byte[] body) {

    /** The plain-text media type. */
    public static final String TEXT = "text/plain; charset=utf-8";
    /** The RFC 9457 media type. */
    public static final String PROBLEM = "application/problem+json";

    /**
     * Renders an error page.
     *
     * @param status    the status code
     * @param message   the message safe to show the client, or {@code null} for the reason phrase
     * @param accept    the request's {@code Accept} value, or {@code null}
     * @param requestId the request id to quote, or {@code null}
     * @param trace     a failure whose stack trace to include (development mode only), or {@code null}
     * @return the page
     */
    public static ErrorPage render(int status, String message, String accept, String requestId, Throwable trace) {
        String reason = Status.reason(status);
        String detail = message == null || message.isBlank() ? reason : message;
        String stack = trace == null ? null : stackTrace(trace);
        if (prefersJson(accept)) {
            StringBuilder json = new StringBuilder(128).append("{\"type\":\"about:blank\",\"title\":");
            quote(json, reason);
            json.append(",\"status\":").append(status).append(",\"detail\":");
            quote(json, detail);
            if (requestId != null) {
                json.append(",\"requestId\":");
                quote(json, requestId);
            }
            if (stack != null) {
                json.append(",\"trace\":");
                quote(json, stack);
            }
            json.append("}\n");
            return new ErrorPage(PROBLEM, json.toString().getBytes(StandardCharsets.UTF_8));
        }
        StringBuilder text = new StringBuilder(96).append(status).append(' ').append(reason);
        if (!detail.equals(reason)) {
            text.append(": ").append(detail);
        }
        text.append('\n');
        if (requestId != null) {
            text.append("request id: ").append(requestId).append('\n');
        }
        if (stack != null) {
            text.append('\n').append(stack);
        }
        return new ErrorPage(TEXT, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@return whether an {@code Accept} value ranks a JSON type above plain text and HTML}: looks at
     * {@code application/problem+json}, {@code application/json} and {@code application/*} against
     * {@code text/plain}, {@code text/html}, {@code text/*} and {@code *}{@code /*}, with q-values
     *
     * @param accept the value, or {@code null}
     */
    public static boolean prefersJson(String accept) {
        if (accept == null || accept.isEmpty()) {
            return false;
        }
        double json = -1;
        double text = -1;
        int start = 0;
        while (start <= accept.length()) {
            int comma = accept.indexOf(',', start);
            int end = comma < 0 ? accept.length() : comma;
            String range = accept.substring(start, end);
            start = end + 1;
            int semicolon = range.indexOf(';');
            String type = (semicolon < 0 ? range : range.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
            double q = 1;
            if (semicolon >= 0) {
                for (String parameter : range.substring(semicolon + 1).split(";", 8)) {
                    String p = parameter.strip();
                    if (p.length() > 2 && (p.startsWith("q=") || p.startsWith("Q="))) {
                        try {
                            q = Double.parseDouble(p.substring(2));
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
            }
            switch (type) {
                case "application/problem+json", "application/json", "application/*" -> json = Math.max(json, q);
                case "text/plain", "text/html", "text/*", "*/*" -> text = Math.max(text, q);
                default -> {
                }
            }
        }
        return json > 0 && json > text;
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
