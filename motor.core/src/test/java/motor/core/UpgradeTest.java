package motor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import motor.spi.Status;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;
import motor.spi.transport.Connection;
import motor.spi.transport.ProtocolHandler;
import motor.spi.transport.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protocol hooks: Response.upgrade after a 101, and a ProtocolHandler chosen by the first bytes. */
class UpgradeTest {

    private static Server server;
    private static final java.util.concurrent.BlockingQueue<String> PARKED = new java.util.concurrent.LinkedBlockingQueue<>();

    /** Reads lines from a transport and answers each, until "bye". */
    static void lineProtocol(Transport transport, String prefix) throws IOException {
        StringBuilder line = new StringBuilder();
        byte[] one = new byte[1];
        while (transport.read(one, 0, 1) > 0) {
            if (one[0] != '\n') {
                line.append((char) one[0]);
                continue;
            }
            String text = line.toString();
            line.setLength(0);
            byte[] answer = (prefix + text.toUpperCase() + "\n").getBytes(StandardCharsets.US_ASCII);
            transport.write(answer, 0, answer.length);
            if (text.equals("bye")) {
                return;
            }
        }
    }

    /** An extension that claims connections starting with "MAGIC". */
    static final class MagicExtension implements Extension {
        @Override
        public String name() {
            return "magic";
        }

        @Override
        public void install(ExtensionContext context) {
            context.addProtocol(new ProtocolHandler() {
                @Override
                public String name() {
                    return "magic";
                }

                @Override
                public Detection detect(byte[] prefix, int length) {
                    byte[] magic = "MAGIC".getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < Math.min(length, magic.length); i++) {
                        if (prefix[i] != magic[i]) {
                            return Detection.UNSUPPORTED;
                        }
                    }
                    return length >= magic.length ? Detection.SUPPORTED : Detection.NEED_MORE;
                }

                @Override
                public void serve(Connection connection) throws IOException {
                    lineProtocol(connection.transport(), "magic:");
                }
            });
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = Server.builder()
                .listen("127.0.0.1", 0)
                .discoverExtensions(false)
                .extension(new MagicExtension())
                .routes(r -> {
                    r.get("/hello", (req, res) -> res.send("Hello"));
                    r.get("/parked", (req, res) -> {
                        res.status(Status.SWITCHING_PROTOCOLS);
                        res.headers().set("Upgrade", "parked").set("Connection", "Upgrade");
                        res.upgrade(connection -> {
                            Transport transport = connection.transport();
                            // another thread drops the connection once this one waits in a read
                            Thread reader = Thread.currentThread();
                            Thread.ofVirtual().start(() -> {
                                try {
                                    for (int i = 0; i < 1000 && reader.getState() != Thread.State.WAITING; i++) {
                                        Thread.sleep(5);
                                    }
                                    transport.close();
                                } catch (Exception e) {
                                    PARKED.add("close failed: " + e);
                                }
                            });
                            byte[] one = new byte[1];
                            try {
                                PARKED.add("read returned " + transport.read(one, 0, 1));
                            } catch (java.io.IOException e) {
                                PARKED.add("read failed");
                            }
                        });
                    });
                    r.get("/echo", (req, res) -> {
                        if (!req.headers().containsToken("Upgrade", "shout")) {
                            res.status(426).headers().set("Upgrade", "shout");
                            res.send("upgrade to shout");
                            return;
                        }
                        res.status(Status.SWITCHING_PROTOCOLS);
                        res.headers().set("Upgrade", "shout").set("Connection", "Upgrade");
                        res.upgrade(connection -> {
                            connection.idleTimeout(Duration.ofSeconds(5));
                            lineProtocol(connection.transport(), "");
                        });
                    });
                })
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(1));
    }

    @Test
    void upgradeHandsTheConnectionOverWithTheBytesAlreadySent() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: shout\r\nConnection: Upgrade\r\n\r\nhello\n");
            RawClient.Response response = raw.read();
            assertEquals(101, response.status());
            assertEquals("shout", response.header("Upgrade"));
            assertEquals("Upgrade", response.header("Connection"));
            BufferedReader lines = new BufferedReader(new InputStreamReader(raw.socket().getInputStream(),
                    StandardCharsets.US_ASCII));
            assertEquals("HELLO", lines.readLine());
            raw.send("bye\n");
            assertEquals("BYE", lines.readLine());
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    void closingTheTransportFromAnotherThreadEndsABlockedRead() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /parked HTTP/1.1\r\nHost: x\r\nUpgrade: parked\r\nConnection: Upgrade\r\n\r\n");
            assertEquals(101, raw.read().status());
            String outcome = PARKED.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue("read returned -1".equals(outcome) || "read failed".equals(outcome), String.valueOf(outcome));
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    void requestBodyIsConsumedBeforeTheSwitch() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: shout\r\nConnection: Upgrade\r\n"
                    + "Content-Length: 11\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(100, raw.read().status(), "100 Continue comes before 101");
            raw.send("BODY-BYTES!hello\n");
            assertEquals(101, raw.read().status());
            BufferedReader lines = new BufferedReader(new InputStreamReader(raw.socket().getInputStream(),
                    StandardCharsets.US_ASCII));
            assertEquals("HELLO", lines.readLine(), "the new protocol starts after the body");
            raw.send("bye\n");
            assertEquals("BYE", lines.readLine());
        }
    }

    @Test
    void http10CannotSwitchProtocols() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /echo HTTP/1.0\r\nUpgrade: shout\r\nConnection: Upgrade\r\n\r\n");
            assertEquals(400, raw.read().status());
        }
    }

    @Test
    void upgradeRefusedWithoutTheToken() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(426, raw.read().status());
        }
    }

    @Test
    void protocolChosenByItsFirstBytes() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("MA");
            Thread.sleep(50); // the server must wait for more bytes before deciding
            raw.send("GIC ok\nbye\n");
            BufferedReader lines = new BufferedReader(new InputStreamReader(raw.socket().getInputStream(),
                    StandardCharsets.US_ASCII));
            assertEquals("magic:MAGIC OK", lines.readLine());
            assertEquals("magic:BYE", lines.readLine());
        }
    }

    @Test
    void httpStillWorksBesideTheProtocol() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("Hello", raw.read().text());
        }
    }
}
