package motor.ext.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends bytes that real clients would tidy up first (dot segments, encoded slashes, odd headers) over a
 * plain socket and reads the response head. Every read is bounded by a timeout.
 */
final class Wire {

    /**
     * A response head and as much body as arrived before the server closed.
     *
     * @param status  the status code
     * @param headers the header lines, as {@code name: value}
     * @param body    the body text
     */
    record Reply(int status, List<String> headers, String body) {

        /** {@return the values of a header, in order} */
        List<String> all(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).strip()).toList();
        }
    }

    private Wire() {
    }

    /**
     * Sends one request with {@code Connection: close} and reads the whole response.
     *
     * @param port        the server's port
     * @param method      the method
     * @param target      the request-target, sent as is
     * @param headerLines extra header lines, without line ends
     * @return the response
     * @throws IOException if the exchange fails or times out
     */
    static Reply send(int port, String method, String target, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IOException("no complete response head: " + text);
            }
            String[] lines = text.substring(0, end).split("\r\n");
            List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
            return new Reply(Integer.parseInt(lines[0].substring(9, 12)), headers, text.substring(end + 4));
        }
    }
}
