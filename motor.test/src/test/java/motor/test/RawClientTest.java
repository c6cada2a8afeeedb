package motor.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The raw client against the server, and against a fake server that sends what Motor never would. */
class RawClientTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(builder -> builder.discoverExtensions(false)
            .routes(routes -> {
                routes.get("/fixed", (request, response) -> response.send("fixed"));
                routes.get("/stream", (request, response) -> {
                    try (OutputStream out = response.output()) {
                        out.write("one ".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        out.write("two".getBytes(StandardCharsets.US_ASCII));
                    }
                });
                routes.get("/empty", (request, response) -> response.status(204));
                routes.post("/upload", (request, response) -> response.send(request.bodyText()));
            }));

    @Test
    void lengthChunkedHeadAndNoContentOnOneConnection() throws IOException {
        try (RawClient raw = server.raw()) {
            RawClient.Response fixed = raw.send("GET /fixed HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("HTTP/1.1 200 OK", fixed.statusLine());
            assertEquals("5", fixed.header("content-length"));
            assertEquals("fixed", fixed.text());
            assertFalse(fixed.chunked());

            RawClient.Response streamed = raw.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertTrue(streamed.chunked(), streamed.toString());
            assertEquals("one two", streamed.text());

            RawClient.Response head = raw.send("HEAD /fixed HTTP/1.1\r\nHost: x\r\n\r\n").read("HEAD");
            assertEquals("5", head.header("Content-Length"));
            assertEquals(0, head.body().length);

            RawClient.Response empty = raw.send("GET /empty HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(204, empty.status());

            assertEquals("fixed", raw.send("GET /fixed HTTP/1.1\r\nHost: x\r\n\r\n").read().text(), "still in step");
        }
    }

    @Test
    void interimResponsesComeOnTheirOwn() throws IOException {
        try (RawClient raw = server.raw()) {
            raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawClient.Response proceed = raw.read();
            assertEquals(100, proceed.status());
            assertEquals(0, proceed.body().length);
            raw.send("hello".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hello", raw.read().text());
        }
    }

    @Test
    void readToEndAndClosedByServer() throws IOException {
        try (RawClient raw = server.raw()) {
            String all = raw.send("GET /fixed HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").readToEnd();
            assertTrue(all.startsWith("HTTP/1.1 200 OK\r\n"), all);
            assertTrue(all.endsWith("\r\n\r\nfixed"), all);
        }
        try (RawClient raw = server.raw()) {
            assertEquals(400, raw.send("GET /fixed HTTP/1.1\r\n\r\n").read().status(), "no Host");
            assertTrue(raw.closedByServer());
        }
        try (RawClient raw = RawClient.connect(new InetSocketAddress("127.0.0.1", server.port()), Duration.ofMillis(200))) {
            raw.send("GET /fixed HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertFalse(raw.closedByServer(), "kept alive: the read times out instead");
        }
    }

    /** Serves one connection with these bytes, then keeps it open until the test ends. */
    private static void fake(byte[] reply, ThrowingTest test) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = listener.accept()) {
                    socket.getOutputStream().write(reply);
                    socket.getOutputStream().flush();
                    done.await(20, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException e) {
                    // the test sees the effect
                }
            });
            try (RawClient raw = RawClient.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()),
                    Duration.ofMillis(500))) {
                test.run(raw);
            } finally {
                done.countDown();
            }
        }
    }

    private interface ThrowingTest {
        void run(RawClient raw) throws Exception;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void malformedResponsesFail() throws Exception {
        fake(ascii("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n"),
                raw -> assertTrue(assertThrows(IOException.class, raw::read).getMessage().contains("bare LF")));
        fake(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"),
                raw -> assertThrows(SocketTimeoutException.class, raw::read));
        fake(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
                raw -> assertThrows(IOException.class, raw::read));
        fake(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n"),
                raw -> assertThrows(IOException.class, raw::read));
        fake(ascii("SSH-2.0-OpenSSH\r\n"), raw -> assertThrows(IOException.class, raw::read));
        fake(ascii("HTTP/1.1 200 OK\r\nno colon\r\n\r\n"), raw -> assertThrows(IOException.class, raw::read));
        fake(new byte[0], raw -> assertThrows(SocketTimeoutException.class, raw::read));
    }

    @Test
    void wellFormedOddities() throws Exception {
        fake(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nTrailer: x\r\n\r\n"),
                raw -> assertEquals("abc", raw.read().text()));
        fake(ascii("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n\u00ff\u0000a"),
                raw -> assertArrayEquals(new byte[] {(byte) 0xff, 0, 'a'}, raw.read().body()));
    }

    @Test
    void aClosedConnectionMidHeadIsAnEndOfFile() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = listener.accept()) {
                    socket.getOutputStream().write(ascii("HTTP/1.1 200 OK\r\nContent-"));
                } catch (IOException e) {
                    // the test sees the effect
                }
            });
            try (RawClient raw = RawClient.connect(listener.getLocalPort())) {
                assertThrows(EOFException.class, raw::read);
                assertTrue(raw.closedByServer());
                assertEquals("", raw.readToEnd());
            }
        }
    }
}
