package motor.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import motor.spi.Headers;
import motor.spi.Method;

/**
 * A plain socket to a server, for bytes that a client library would tidy up or refuse to send (dot
 * segments, repeated headers, bare line feeds, broken framing) and for reading responses exactly as
 * they arrive. Every read is bounded by the socket's timeout, so a test cannot hang.
 *
 * <pre>{@code
 * try (RawClient raw = server.raw()) {
 *     RawClient.Response response = raw.send("GET /a/../b HTTP/1.1\r\nHost: x\r\n\r\n").read();
 *     assertEquals(404, response.status());
 * }
 * }</pre>
 *
 * <p>{@link #read()} insists on CRLF line ends and on well-formed framing from the server, and fails with
 * an {@link IOException} otherwise.
 */
public final class RawClient implements AutoCloseable {

    /** How long {@link #connect(int)} waits for the connection and for each read. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final int MAX_LINE = 64 * 1024;

    /**
     * A response as read off the wire.
     *
     * @param statusLine the status line, such as {@code HTTP/1.1 200 OK}
     * @param status     the status code
     * @param headers    the header fields, in the order received
     * @param body       the body, decoded from chunks if it was chunked
     * @param chunked    whether it came with {@code Transfer-Encoding: chunked}
     */
    public record Response(String statusLine, int status, Headers headers, byte[] body, boolean chunked) {

        /**
         * {@return the first value of a header field, or {@code null}}
         *
         * @param name the field name, in any case
         */
        public String header(String name) {
            return headers.first(name);
        }

        /** {@return the body as UTF-8 text} */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return statusLine + "\n" + headers + "\n" + text();
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to a port on {@code 127.0.0.1}, waiting at most {@link #DEFAULT_TIMEOUT} for the connection
     * and for each read.
     *
     * @param port the port
     * @return the connected client
     * @throws IOException if the connection fails
     */
    public static RawClient connect(int port) throws IOException {
        return connect(new InetSocketAddress("127.0.0.1", port), DEFAULT_TIMEOUT);
    }

    /**
     * Connects to an address.
     *
     * @param address the server's address
     * @param timeout how long to wait for the connection and for each read
     * @return the connected client
     * @throws IOException if the connection fails
     */
    public static RawClient connect(InetSocketAddress address, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        Socket socket = new Socket();
        try {
            socket.connect(address, millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            return new RawClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** {@return the socket, to half-close it or change its timeout} */
    public Socket socket() {
        return socket;
    }

    /**
     * Sends text, one byte per character (ISO-8859-1), as it is: line ends are the test's to write.
     *
     * @param text the bytes to send, as characters 0 to 255
     * @return this client
     * @throws IOException if writing fails
     */
    public RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Sends bytes as they are.
     *
     * @param bytes the bytes
     * @return this client
     * @throws IOException if writing fails
     */
    public RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Reads one response to a request that was not {@code HEAD}. An interim (1xx) response is returned
     * on its own, without a body; call again for the final one.
     *
     * @return the response
     * @throws IOException if the connection ends or times out first, or the response is malformed
     */
    public Response read() throws IOException {
        return read(Method.GET);
    }

    /**
     * Reads one response to a request with this method: a response to {@code HEAD} has no body whatever
     * its headers say.
     *
     * @param method the method of the request it answers
     * @return the response
     * @throws IOException if the connection ends or times out first, or the response is malformed
     */
    public Response read(String method) throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("not a status line: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("not a status line: " + statusLine, e);
        }
        Headers headers = new Headers();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("not a header line: " + line);
            }
            headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        boolean chunked = headers.containsToken("Transfer-Encoding", "chunked");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (status < 200 || status == 204 || status == 304 || Method.HEAD.equals(method)) {
            return new Response(statusLine, status, headers, new byte[0], chunked);
        }
        if (chunked) {
            readChunks(body);
        } else if (headers.contains("Content-Length")) {
            long length;
            try {
                length = Long.parseLong(headers.first("Content-Length"));
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + headers.first("Content-Length"), e);
            }
            body.write(exactly(length));
        } else {
            body.write(in.readAllBytes()); // delimited by the server closing
        }
        return new Response(statusLine, status, headers, body.toByteArray(), chunked);
    }

    /**
     * Reads everything until the server closes the connection, for responses a test inspects byte for
     * byte. A timeout or a reset ends the text with {@code <timeout>} or {@code <SocketException>}
     * instead of failing, so that the test can show what did arrive.
     *
     * @return what arrived, one character per byte (ISO-8859-1)
     */
    public String readToEnd() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            all.writeBytes("<timeout>".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            all.writeBytes(("<" + e.getClass().getSimpleName() + ">").getBytes(StandardCharsets.US_ASCII));
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Tells whether the server closed the connection: the next read sees the end of the stream or a reset
     * within the timeout. Consumes one byte if the server sent more instead.
     *
     * @return whether the connection is closed
     */
    public boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Closes the socket. */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void readChunks(ByteArrayOutputStream body) throws IOException {
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size line: " + sizeLine, e);
            }
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailer fields
                }
                return;
            }
            body.write(exactly(size));
            if (!line().isEmpty()) {
                throw new IOException("chunk data not followed by CRLF");
            }
        }
    }

    private byte[] exactly(long length) throws IOException {
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new IOException("body length out of range: " + length);
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length != length) {
            throw new EOFException("expected " + length + " body bytes, got " + bytes.length);
        }
        return bytes;
    }

    /** Reads a line ending in CRLF, without the line end. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the middle of a line: "
                        + line.toString(StandardCharsets.ISO_8859_1));
            }
            if (b == '\n') {
                if (previous != '\r') {
                    throw new IOException("bare LF from the server");
                }
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes from the server");
            }
            line.write(b);
            previous = b;
        }
    }
}
