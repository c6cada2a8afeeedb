package motor.ext.proxy.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Response;
import motor.spi.Status;
import motor.spi.transport.Connection;
import motor.spi.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket connection passed through to an upstream: the proxy makes the handshake itself on a socket
 * of its own (the JDK's HTTP client cannot hand an upgraded connection over), answers the client with the
 * upstream's {@code 101}, then copies bytes both ways until either side ends, when both are closed.
 *
 * <pre>
 *  client ──GET Upgrade: websocket──► proxy ──same head + forwarding fields──► upstream
 *  client ◄──────────101─────────────  proxy ◄──────────────101───────────────  upstream
 *  client ◄══════════ frames, copied as bytes, in both directions ══════════►  upstream
 * </pre>
 *
 * Frames are not inspected: extensions such as permessage-deflate are negotiated between the client and
 * the upstream. A read in either direction that waits longer than the idle timeout ends the tunnel.
 */
final class Tunnel {

    private static final Logger LOG = LoggerFactory.getLogger(Tunnel.class);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int BUFFER = 16 * 1024;

    private Tunnel() {
    }

    /**
     * The upstream answered the handshake with a well-formed response that cannot be relayed (an ordinary
     * page, chunked or large): a 502 for the client, but the upstream is working, so it is no failure for
     * passive health; otherwise any client could take upstreams out with handshakes to ordinary pages.
     */
    static final class NotAccepted extends HttpException {
        private static final long serialVersionUID = 1L;

        NotAccepted(Upstream upstream) {
            super(Status.BAD_GATEWAY, upstream + " did not accept the WebSocket handshake");
        }
    }

    /**
     * Connects to the upstream and sends the handshake.
     *
     * @param upstream       the upstream
     * @param target         the request-target to send (path and query)
     * @param fields         the request fields to send (the forwarding ones included), without hop-by-hop
     *                       fields; {@code Host} only when preserved
     * @param connectTimeout the connect timeout
     * @return the connected socket
     * @throws IOException if connecting or writing fails
     */
    static Socket handshake(Upstream upstream, String target, Headers fields, Duration connectTimeout)
            throws IOException {
        URI uri = upstream.uri;
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) Math.max(1, connectTimeout.toMillis()));
            socket.setTcpNoDelay(true);
            // the TLS handshake is part of connecting: an upstream that never answers it must not hold the
            // client forever (answer() sets the response timeout for what follows)
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
            if (tls) {
                SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(socket, uri.getHost(), port, true);
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(parameters);
                ssl.startHandshake();
                socket = ssl;
            }
            ByteArrayOutputStream head = new ByteArrayOutputStream(512);
            latin1(head, "GET " + target + " HTTP/1.1");
            head.write(CRLF);
            if (!fields.contains("Host")) {
                latin1(head, "Host: " + uri.getRawAuthority());
                head.write(CRLF);
            }
            for (Headers.Field field : fields) {
                latin1(head, field.name() + ": " + field.value());
                head.write(CRLF);
            }
            latin1(head, "Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            head.writeTo(out);
            out.flush();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static void latin1(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads the upstream's answer to the handshake and passes it to the client: a {@code 101} switches
     * the client connection to the tunnel, another answer with a short body is relayed as it is, anything
     * else is a 502.
     *
     * @param upstream        the upstream, for messages
     * @param socket          the connected socket, closed here unless the tunnel takes it
     * @param response        the client's response
     * @param responseTimeout how long the answer may take
     * @param idleTimeout     the longest silence in the tunnel, zero for none
     * @throws IOException   if the client connection fails
     * @throws HttpException 502 or 504 for upstream failures
     */
    static void answer(Upstream upstream, Socket socket, Response response, Duration responseTimeout,
            Duration idleTimeout) throws IOException {
        boolean handedOver = false;
        try {
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, responseTimeout.toMillis())));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[BUFFER];
            int filled = 0;
            ResponseHead head;
            try {
                while ((head = ResponseHead.parse(buffer, filled)) == null) {
                    if (filled == buffer.length) {
                        buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, ResponseHead.MAX_HEAD + 1));
                    }
                    int n = in.read(buffer, filled, buffer.length - filled);
                    if (n < 0) {
                        throw new HttpException(Status.BAD_GATEWAY, upstream + " closed the connection before answering");
                    }
                    filled += n;
                }
            } catch (SocketTimeoutException e) {
                throw new HttpException(Status.GATEWAY_TIMEOUT, upstream + " did not answer in time");
            } catch (ResponseHead.MalformedHead e) {
                LOG.debug("proxy {} ({}): {}", upstream, upstream.uri, e.getMessage());
                throw new HttpException(Status.BAD_GATEWAY, upstream + " sent a malformed response");
            } catch (IOException e) {
                // a reset, say: the upstream's failure, not the client's
                LOG.debug("proxy {} ({}): the handshake answer failed: {}", upstream, upstream.uri, e.toString());
                throw new HttpException(Status.BAD_GATEWAY, upstream + " closed the connection before answering");
            }
            Set<String> options = HeaderRules.connectionOptions(head.fields().all("Connection"));
            Headers out = response.headers();
            for (Headers.Field field : head.fields()) {
                if (HeaderRules.forwardResponseField(field.name().toLowerCase(Locale.ROOT), options)) {
                    out.add(field.name(), field.value());
                }
            }
            out.add("Via", HeaderRules.append(head.fields().all("Via"), "1.1 motor"));
            byte[] rest = Arrays.copyOfRange(buffer, head.length(), filled);
            if (head.status() == Status.SWITCHING_PROTOCOLS && head.fields().containsToken("Upgrade", "websocket")) {
                out.set("Connection", "Upgrade");
                out.set("Upgrade", "websocket");
                response.status(Status.SWITCHING_PROTOCOLS);
                Socket tunnelled = socket;
                response.upgrade(connection -> pump(connection, tunnelled, rest, idleTimeout));
                handedOver = true;
                return;
            }
            relayRefusal(upstream, head, rest, in, response);
        } finally {
            if (!handedOver) {
                socket.close();
            }
        }
    }

    /** Relays a refused handshake (401, 403, 404...) when its body is framed by a short Content-Length. */
    private static void relayRefusal(Upstream upstream, ResponseHead head, byte[] rest, InputStream in,
            Response response) throws IOException {
        String lengthField = head.fields().first("Content-Length");
        long length;
        try {
            length = lengthField == null || head.fields().count("Content-Length") > 1
                    || head.fields().contains("Transfer-Encoding") ? -1 : Long.parseLong(lengthField.strip());
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (head.status() < 200 || head.status() > 599 || length < 0 || length > 64 * 1024) {
            throw new NotAccepted(upstream);
        }
        byte[] body = Arrays.copyOf(rest, (int) length);
        int have = Math.min(rest.length, (int) length);
        try {
            while (have < length) {
                int n = in.read(body, have, (int) length - have);
                if (n < 0) {
                    throw new HttpException(Status.BAD_GATEWAY, upstream + " sent a truncated response");
                }
                have += n;
            }
        } catch (SocketTimeoutException e) {
            throw new HttpException(Status.GATEWAY_TIMEOUT, upstream + " did not answer in time");
        } catch (IOException e) {
            LOG.debug("proxy {} ({}): the refusal's body failed: {}", upstream, upstream.uri, e.toString());
            throw new HttpException(Status.BAD_GATEWAY, upstream + " sent a truncated response");
        }
        response.headers().remove("Content-Length");
        response.status(head.status());
        response.send(body);
    }

    /** Copies bytes both ways until either side ends, then closes both. */
    static void pump(Connection connection, Socket socket, byte[] rest, Duration idleTimeout) throws IOException {
        Transport client = connection.transport();
        int idle = (int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis());
        connection.idleTimeout(idleTimeout);
        try (socket) {
            socket.setSoTimeout(idle);
            Thread down = Thread.ofVirtual().name("motor-proxy-tunnel").start(() -> {
                try {
                    if (rest.length > 0) {
                        client.write(rest, 0, rest.length);
                    }
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[BUFFER];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        client.write(buffer, 0, n);
                    }
                } catch (IOException e) {
                    LOG.debug("proxy tunnel: the upstream side ended: {}", e.toString());
                } finally {
                    closeQuietly(client);
                }
            });
            try {
                OutputStream out = socket.getOutputStream();
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = client.read(buffer, 0, buffer.length)) > 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                LOG.debug("proxy tunnel: the client side ended: {}", e.toString());
            } finally {
                socket.close();
            }
            try {
                down.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
