package motor.bench.load;

import java.nio.charset.StandardCharsets;

/** Just enough HTTP/1.1 response parsing for the load tools: a head, a Content-Length, a body. */
final class Responses {

    private Responses() {
    }

    /**
     * {@return the length of the first complete response in {@code buf[from, to)}, or 0 if it is not
     * complete yet, or -1 if it has no Content-Length (which these routes always send)}
     */
    static int complete(byte[] buf, int from, int to) {
        int headEnd = headEnd(buf, from, to);
        if (headEnd < 0) {
            return 0;
        }
        long length = contentLength(buf, from, headEnd);
        if (length < 0) {
            return -1;
        }
        long total = (headEnd - from) + length;
        return total <= to - from ? (int) total : 0;
    }

    /** {@return whether {@code response} is a 200 whose body is {@code body}} */
    static boolean isOk(byte[] response, byte[] body) {
        int total = complete(response, 0, response.length);
        if (total <= 0 || response.length < 12) {
            return false;
        }
        String statusLine = new String(response, 0, 12, StandardCharsets.US_ASCII);
        if (!statusLine.equals("HTTP/1.1 200") && !statusLine.equals("HTTP/1.0 200")) {
            return false;
        }
        int headEnd = headEnd(response, 0, response.length);
        if (total - headEnd != body.length) {
            return false;
        }
        for (int i = 0; i < body.length; i++) {
            if (response[headEnd + i] != body[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@return the index just past the CRLFCRLF that ends the head, or -1} */
    static int headEnd(byte[] buf, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private static long contentLength(byte[] buf, int from, int headEnd) {
        String head = new String(buf, from, headEnd - from, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (true) {
            int lineStart = head.indexOf("\r\n", at);
            if (lineStart < 0) {
                return -1;
            }
            lineStart += 2;
            int colon = head.indexOf(':', lineStart);
            int lineEnd = head.indexOf("\r\n", lineStart);
            if (colon < 0 || lineEnd < 0 || colon > lineEnd) {
                return -1;
            }
            if (head.substring(lineStart, colon).trim().equalsIgnoreCase("Content-Length")) {
                try {
                    return Long.parseLong(head.substring(colon + 1, lineEnd).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
            at = lineEnd;
        }
    }
}
