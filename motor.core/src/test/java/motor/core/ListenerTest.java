package motor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listeners: several per server, Unix domain sockets, IPv6, the connection limit. */
class ListenerTest {

    private static String exchange(SocketChannel channel, String request) throws IOException {
        channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        channel.shutdownOutput();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (channel.read(buffer) >= 0) {
            if (!buffer.hasRemaining()) {
                break;
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    }

    @Test
    void unixDomainSocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("motor.sock");
        Server server = Server.builder()
                .listen(UnixDomainSocketAddress.of(socket))
                .discoverExtensions(false)
                .routes(r -> r.get("/hello", (req, res) -> res.send("over " + req.remoteAddress().getClass().getSimpleName())))
                .build()
                .start();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            String response = exchange(channel, "GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            assertTrue(response.endsWith("over UnixDomainSocketAddress"), response);
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
        assertFalse(Files.exists(socket), "the socket file is removed at stop");
    }

    @Test
    void staleSocketFileIsReplaced(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("stale.sock");
        Files.writeString(socket, "left over");
        Server server = Server.builder().listen(UnixDomainSocketAddress.of(socket)).discoverExtensions(false)
                .build().start();
        server.stop(Duration.ofSeconds(1));
    }

    @Test
    void ipv6Loopback() throws Exception {
        InetAddress loopback = InetAddress.getByName("::1");
        Assumptions.assumeTrue(hasIpv6Loopback(), "no IPv6 loopback on this machine");
        Server server = Server.builder()
                .listen("::1", 0)
                .discoverExtensions(false)
                .routes(r -> r.get("/hello", (req, res) -> res.send("v6")))
                .build()
                .start();
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress(loopback, server.port()))) {
            String response = exchange(channel, "GET /hello HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n");
            assertTrue(response.endsWith("\r\n\r\nv6"), response);
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    private static boolean hasIpv6Loopback() {
        try {
            return NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                    .anyMatch(a -> a instanceof Inet6Address && a.isLoopbackAddress());
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void severalListeners() throws Exception {
        Server server = Server.builder()
                .listen("127.0.0.1", 0)
                .listen("admin", new InetSocketAddress("127.0.0.1", 0))
                .discoverExtensions(false)
                .routes(r -> r.get("/where", (req, res) -> res.send(((InetSocketAddress) req.localAddress()).getPort()
                        + " " + req.listener())))
                .build()
                .start();
        try {
            assertEquals(2, server.addresses().size());
            java.util.Set<String> names = new java.util.HashSet<>();
            for (var address : server.addresses()) {
                int port = ((InetSocketAddress) address).getPort();
                try (RawClient raw = new RawClient(port)) {
                    raw.send("GET /where HTTP/1.1\r\nHost: x\r\n\r\n");
                    String[] answer = raw.read().text().split(" ");
                    assertEquals(String.valueOf(port), answer[0]);
                    names.add(answer[1]);
                }
            }
            assertEquals(java.util.Set.of("http", "admin"), names, "each request knows its listener's name");
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void portInUseFailsTheStartWithTheAddress() throws Exception {
        Server first = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false).build().start();
        try {
            Server second = Server.builder().listen("127.0.0.1", first.port()).discoverExtensions(false).build();
            IOException e = assertThrows(IOException.class, second::start);
            assertTrue(e.getMessage().contains("127.0.0.1:" + first.port()), e.getMessage());
        } finally {
            first.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void connectionsOverTheLimitGet503WhenRejecting() throws Exception {
        Server server = Server.builder()
                .listen("127.0.0.1", 0)
                .discoverExtensions(false)
                .maxConnections(2)
                .rejectOverLimit(true)
                .routes(r -> r.get("/hello", (req, res) -> res.send("Hello")))
                .build()
                .start();
        try (RawClient a = new RawClient(server.port()); RawClient b = new RawClient(server.port())) {
            a.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, a.read().status());
            b.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, b.read().status());
            try (RawClient c = new RawClient(server.port())) {
                RawClient.Response response = c.read();
                assertEquals(503, response.status());
                assertEquals("1", response.header("Retry-After"));
            }
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void connectionsOverTheLimitWaitByDefault() throws Exception {
        Server server = Server.builder()
                .listen("127.0.0.1", 0)
                .discoverExtensions(false)
                .maxConnections(1)
                .routes(r -> r.get("/hello", (req, res) -> res.send("Hello")))
                .build()
                .start();
        try {
            RawClient first = new RawClient(server.port());
            first.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, first.read().status());
            try (RawClient waiting = new RawClient(server.port(), 10_000)) {
                waiting.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
                first.close(); // frees the only slot; the waiting connection is accepted now
                assertEquals("Hello", waiting.read().text());
            }
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }
}
