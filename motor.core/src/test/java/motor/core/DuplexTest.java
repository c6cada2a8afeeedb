package motor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import motor.spi.transport.Transport;
import org.junit.jupiter.api.Test;

/**
 * A read and a write blocked at the same time on two threads of one connection (HTTP/2 reads frames while
 * handlers write; a WebSocket session sends while its connection reads): each is woken by its own
 * readiness.
 */
class DuplexTest {

    private static final int TOTAL = 16 * 1024 * 1024;

    @Test
    void aReaderIsWokenWhileAWriterWaitsForTheClientToRead() throws Exception {
        CountDownLatch readerWoke = new CountDownLatch(1);
        AtomicLong written = new AtomicLong();
        Server server = Server.builder().listen("127.0.0.1", 0).discoverExtensions(false)
                .routes(r -> r.get("/duplex", (req, res) -> {
                    res.status(101).headers().set("Upgrade", "duplex").set("Connection", "Upgrade");
                    res.upgrade(connection -> {
                        Transport transport = connection.transport();
                        Thread writer = Thread.ofVirtual().start(() -> {
                            byte[] chunk = new byte[64 * 1024];
                            try {
                                for (int sent = 0; sent < TOTAL; sent += chunk.length) {
                                    transport.write(chunk, 0, chunk.length);
                                    written.addAndGet(chunk.length);
                                }
                            } catch (java.io.IOException e) {
                                // the test failed and closed
                            }
                        });
                        byte[] one = new byte[1];
                        if (transport.read(one, 0, 1) == 1) {
                            readerWoke.countDown();
                        }
                        writer.join(30_000);
                    });
                }))
                .build().start();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            socket.setReceiveBufferSize(64 * 1024);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /duplex HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: duplex\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // not reading: the server's writer soon waits for the socket to drain
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            long seen = -1;
            while (System.nanoTime() < deadline) {
                Thread.sleep(100);
                long now = written.get();
                if (now == seen && now < TOTAL) {
                    break; // stuck: the writer waits
                }
                seen = now;
            }
            assertTrue(written.get() < TOTAL, "the writer should be blocked by now");
            out.write('x');
            out.flush();
            assertTrue(readerWoke.await(10, TimeUnit.SECONDS), "the blocked reader was not woken by the client's byte");
            // now read everything; the writer finishes
            long received = 0;
            byte[] buffer = new byte[256 * 1024];
            boolean headDone = false;
            StringBuilder head = new StringBuilder();
            while (received < TOTAL) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                int from = 0;
                if (!headDone) {
                    for (; from < n && !headDone; from++) {
                        head.append((char) buffer[from]);
                        headDone = head.toString().endsWith("\r\n\r\n");
                    }
                }
                received += n - from;
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
            assertEquals(TOTAL, received);
        } finally {
            server.stop(Duration.ofSeconds(2));
        }
    }
}
