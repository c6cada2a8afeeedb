package motor.core.internal.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import motor.spi.Status;

/**
 * The body of an error response: short plain text by default, or {@code application/problem+json}
 * (RFC 9457) when the client's {@code Accept} prefers JSON. It carries the status, the reason, the safe
 * message and the request id, and a stack trace only in development mode.
 *
 * @param contentType the media type of the body
 * @param body        the bytes
 */
record ErrorPage(String contentType, byte[] body) {

    static final String TEXT = "text/plain; charset=utf-8";
    static final String PROBLEM = "application/problem+json";

    static ErrorPage render(int status, String message, String accept, String requestId, Throwable trace) {
        String detail = message == null || message.isBlank() ? Status.reason(status) : message;
        String stack = trace == null ? null : stackTrace(trace);
        if (prefersJson(accept)) {
            StringBuilder json = new StringBuilder(128);
            json.append("{\"type\":\"about:blank\",\"title\":");
            quote(json, Status.reason(status));
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
        StringBuilder text = new StringBuilder(96);
        text.append(status).append(' ').append(Status.reason(status));
        if (!detail.equals(Status.reason(status))) {
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
     * Tells whether an {@code Accept} value ranks a JSON type above plain text and HTML. Looks at
     * {@code application/problem+json}, {@code application/json} and {@code application/*} against
     * {@code text/plain}, {@code text/html}, {@code text/*} and {@code *}{@code /*}, with q-values.
     */
    static boolean prefersJson(String accept) {
        if (accept == null || accept.isEmpty()) {
            return false;
        }
        double json = -1;
        double text = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.length() > 2 && (p.startsWith("q=") || p.startsWith("Q="))) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
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
