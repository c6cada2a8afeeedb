package motor.ext.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import motor.ext.websocket.Listener;
import motor.ext.websocket.Message;
import motor.ext.websocket.Session;
import motor.ext.websocket.WebSocketOptions;
import motor.spi.Handler;
import motor.spi.transport.Connection;
import motor.spi.transport.Transport;
import org.junit.jupiter.api.Test;

/**
 * The connection's read loop without a socket: the peer's bytes come from an array, what the server
 * writes is collected. Hostile input (random bytes, mutated valid streams) must end the connection with a
 * well-formed close and one onClose, never with an exception out of the loop or a hang.
 */
class InMemoryConnectionTest {

    /** A transport over a byte array; writes are collected. */
    static class ArrayTransport implements Transport {
        final ByteArrayInputStream in;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean open = true;

        ArrayTransport(byte[] input) {
            in = new ByteArrayInputStream(input);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int n = in.read(buffer, offset, Math.min(length, 1 + in.available() / 2)); // uneven reads
            return n == 0 ? -1 : n;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            out.write(buffer, offset, length);
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public SocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public SocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 2);
        }

        @Override
        public void close() {
            open = false;
        }
    }

    static Connection connection(Transport transport) {
        return new Connection() {
            @Override
            public long id() {
                return 7;
            }

            @Override
            public Transport transport() {
                return transport;
            }

            @Override
            public Handler application() {
                return null;
            }

            @Override
            public void idleTimeout(Duration timeout) {
            }

            @Override
            public boolean draining() {
                return false;
            }

            @Override
            public void onDrain(Runnable action) {
            }
        };
    }

    /** Counts onClose calls and echoes messages. */
    static class Counting implements Listener {
        final AtomicInteger closes = new AtomicInteger();
        int code;

        @Override
        public void onText(Session session, String text) throws Exception {
            TestEndpoints.ECHO.onText(session, text);
        }

        @Override
        public void onBinary(Session session, byte[] data) throws Exception {
            TestEndpoints.ECHO.onBinary(session, data);
        }

        @Override
        public void onClose(Session session, int closeCode, String reason) {
            closes.incrementAndGet();
            code = closeCode;
        }
    }

    record Out(int opcode, boolean rsv1, byte[] payload) {
    }

    /** Parses what the server wrote; fails on anything that is not a well-formed server frame. */
    static List<Out> parse(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        List<Out> frames = new ArrayList<>();
        while (true) {
            int b0 = in.read();
            if (b0 < 0) {
                return frames;
            }
            int b1 = in.readUnsignedByte();
            assertEquals(0, b1 & 0x80, "server frames are unmasked");
            assertEquals(0, b0 & 0x30, "no RSV2/RSV3");
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            frames.add(new Out(b0 & 0x0F, (b0 & 0x40) != 0, payload));
        }
    }

    static byte[] run(byte[] input, WebSocketOptions options, DeflateNegotiation.Agreement deflate, Counting listener) {
        ArrayTransport transport = new ArrayTransport(input);
        WebSocketConnection.Handshake handshake = new WebSocketConnection.Handshake("/t", null, deflate, null, Map.of());
        new WebSocketConnection(connection(transport), options, listener, handshake).run();
        assertEquals(1, listener.closes.get(), "onClose exactly once");
        return transport.out.toByteArray();
    }

    private static final WebSocketOptions SMALL = WebSocketOptions.defaults().withMaxMessageSize(4096).withMaxFrameSize(2048);

    @Test
    void echoAndCloseInMemory() throws IOException {
        byte[] input = TestFrames.concat(TestFrames.frame(true, 0, FrameReader.TEXT, "hi".getBytes(StandardCharsets.UTF_8)),
                TestFrames.frame(true, 0, FrameReader.CLOSE, new byte[] {3, (byte) 0xE8}));
        Counting listener = new Counting();
        List<Out> out = parse(run(input, SMALL, null, listener));
        assertEquals(2, out.size());
        assertEquals("hi", new String(out.get(0).payload(), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {3, (byte) 0xE8}, out.get(1).payload());
        assertEquals(1000, listener.code);
    }

    @Test
    void listenerIoFailureIsAnInternalErrorNotABrokenConnection() throws IOException {
        byte[] input = TestFrames.frame(true, 0, FrameReader.TEXT, "hi".getBytes(StandardCharsets.UTF_8));
        List<Throwable> errors = new ArrayList<>();
        Counting listener = new Counting() {
            @Override
            public void onText(Session session, String text) throws IOException {
                throw new IOException("the application's own file failed");
            }

            @Override
            public void onError(Session session, Throwable failure) {
                errors.add(failure);
            }
        };
        List<Out> out = parse(run(input, SMALL, null, listener));
        assertEquals(1, out.size());
        assertArrayEquals(new byte[] {3, (byte) 0xF3}, out.get(0).payload(), "close 1011 without a reason");
        assertEquals(1011, listener.code);
        assertEquals("the application's own file failed", errors.get(0).getMessage());
    }

    @Test
    void messageKeptPastItsOnMessageCannotReadTheNextOne() throws IOException {
        byte[] input = TestFrames.concat(TestFrames.frame(true, 0, FrameReader.TEXT, "first".getBytes(StandardCharsets.UTF_8)),
                TestFrames.frame(true, 0, FrameReader.TEXT, "second".getBytes(StandardCharsets.UTF_8)),
                TestFrames.frame(true, 0, FrameReader.CLOSE, new byte[] {3, (byte) 0xE8}));
        List<String> seen = new ArrayList<>();
        Message[] kept = new Message[1];
        Counting listener = new Counting() {
            @Override
            public void onMessage(Session session, Message message) throws Exception {
                if (kept[0] == null) {
                    kept[0] = message; // a mistake: handed on, to be read after onMessage returned
                    return;
                }
                try {
                    seen.add("read " + kept[0].text());
                } catch (IllegalStateException e) {
                    seen.add("refused");
                }
                seen.add("own " + message.text());
            }
        };
        run(input, SMALL, null, listener);
        assertEquals(List.of("refused", "own second"), seen, "the kept message does not read the next one's bytes");
        assertEquals(1000, listener.code);
    }

    @Test
    void sessionRefusesWhatMayNotBeSent() throws IOException {
        List<String> seen = new ArrayList<>();
        Counting listener = new Counting() {
            @Override
            public void onOpen(Session session) throws IOException {
                for (int code : new int[] {999, 1004, 1005, 1006, 1015, 2000, 5000}) {
                    try {
                        session.close(code, "");
                        seen.add("accepted " + code);
                    } catch (IllegalArgumentException e) {
                        seen.add("refused");
                    }
                }
                try {
                    session.close(1000, "r".repeat(124));
                } catch (IllegalArgumentException e) {
                    seen.add("long reason refused");
                }
                try {
                    session.ping(new byte[126]);
                } catch (IllegalArgumentException e) {
                    seen.add("long ping refused");
                }
                assertTrue(session.isOpen(), "nothing was sent");
                session.sendText("still open");
                session.close(4000, "é".repeat(61));
                assertTrue(!session.isOpen());
                try {
                    session.sendText("after close");
                    seen.add("sent after close");
                } catch (IOException e) {
                    seen.add("closed");
                }
            }
        };
        List<Out> out = parse(run(TestFrames.frame(true, 0, FrameReader.CLOSE, new byte[] {0x0F, (byte) 0xA0}), SMALL,
                null, listener));
        assertEquals(List.of("refused", "refused", "refused", "refused", "refused", "refused", "refused",
                "long reason refused", "long ping refused", "closed"), seen);
        assertEquals(2, out.size());
        assertEquals("still open", new String(out.get(0).payload(), StandardCharsets.UTF_8));
        assertEquals(4000, ((out.get(1).payload()[0] & 0xFF) << 8) | (out.get(1).payload()[1] & 0xFF));
        assertEquals(124, out.get(1).payload().length, "2 bytes of code and 122 of reason");
        assertEquals(4000, listener.code, "the peer's answer");
    }

    /**
     * Messages compressed the ways a client may (context kept, each stream finished with a final block,
     * full flushes, or not compressed), fragmented at random with pings between, come back as they were.
     */
    @Test
    void compressedMessagesOfEveryKindRoundTrip() throws Exception {
        Random random = new Random(1951);
        for (int round = 0; round < 60; round++) {
            boolean clientReset = random.nextBoolean();
            List<byte[]> messages = new ArrayList<>();
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            Deflater deflater = new Deflater(random.nextInt(10), true);
            for (int m = 0; m < 1 + random.nextInt(6); m++) {
                byte[] message = new byte[random.nextInt(3000)];
                if (random.nextBoolean()) {
                    java.util.Arrays.fill(message, (byte) ('a' + m)); // compressible
                } else {
                    random.nextBytes(message);
                }
                messages.add(message);
                int mode = random.nextInt(4);
                byte[] payload;
                boolean compressed = mode != 3;
                if (mode == 0) {
                    payload = CompressionTest.compress(deflater, message);
                } else if (mode == 1) {
                    Deflater finished = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
                    finished.setInput(message);
                    finished.finish();
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    byte[] buffer = new byte[512];
                    while (!finished.finished()) {
                        out.write(buffer, 0, finished.deflate(buffer));
                    }
                    payload = out.toByteArray();
                    deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true); // the context ended with the stream
                } else if (mode == 2) {
                    deflater.setInput(message);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    byte[] buffer = new byte[512];
                    int n;
                    do {
                        n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
                        out.write(buffer, 0, n);
                    } while (n == buffer.length);
                    byte[] all = out.toByteArray();
                    payload = java.util.Arrays.copyOf(all, all.length - 4);
                } else {
                    payload = message;
                }
                if (clientReset && mode != 1) {
                    deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
                }
                int at = 0;
                boolean first = true;
                do {
                    int n = Math.min(payload.length - at, random.nextInt(700) + 1);
                    boolean last = at + n == payload.length;
                    input.writeBytes(TestFrames.frame(last, first && compressed ? 4 : 0,
                            first ? FrameReader.BINARY : FrameReader.CONTINUATION,
                            java.util.Arrays.copyOfRange(payload, at, at + n)));
                    if (random.nextInt(4) == 0) {
                        input.writeBytes(TestFrames.frame(true, 0, FrameReader.PING, new byte[] {(byte) m}));
                    }
                    at += n;
                    first = false;
                } while (at < payload.length);
            }
            input.writeBytes(TestFrames.frame(true, 0, FrameReader.CLOSE, new byte[] {3, (byte) 0xE8}));
            DeflateNegotiation.Agreement agreement = new DeflateNegotiation.Agreement(random.nextBoolean(),
                    clientReset, 15, "permessage-deflate");
            Counting listener = new Counting();
            List<Out> out = parse(run(input.toByteArray(), WebSocketOptions.defaults(), agreement, listener));
            java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
            int next = 0;
            for (Out frame : out) {
                if (frame.opcode() == FrameReader.BINARY) {
                    byte[] echoed = frame.rsv1() ? CompressionTest.inflate(inflater, frame.payload()) : frame.payload();
                    assertArrayEquals(messages.get(next), echoed, "round " + round + ", message " + next);
                    next++;
                }
            }
            assertEquals(messages.size(), next, "round " + round + ": every message echoed");
            assertEquals(1000, listener.code, "round " + round);
        }
    }

    @Test
    void randomBytesEndInACloseOrNothing() throws IOException {
        Random random = new Random(6455);
        for (int i = 0; i < 2000; i++) {
            byte[] input = new byte[random.nextInt(300)];
            random.nextBytes(input);
            if (i % 2 == 0 && input.length > 1) {
                input[1] |= (byte) 0x80; // masked, so that the parser gets further
                input[0] = (byte) ((input[0] & 0x8F) | (i % 4 == 0 ? 0 : 0x40));
            }
            checkEnding(input, i % 3 == 0);
        }
    }

    @Test
    void mutatedValidStreamsEndInACloseOrNothing() throws IOException {
        Random random = new Random(7692);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        byte[] compressed = CompressionTest.compress(deflater, "compressible text ".repeat(50).getBytes(StandardCharsets.UTF_8));
        byte[] valid = TestFrames.concat(
                TestFrames.frame(false, 4, FrameReader.TEXT, java.util.Arrays.copyOf(compressed, compressed.length / 2)),
                TestFrames.frame(true, 0, FrameReader.PING, new byte[] {1, 2}),
                TestFrames.frame(true, 0, FrameReader.CONTINUATION,
                        java.util.Arrays.copyOfRange(compressed, compressed.length / 2, compressed.length)),
                TestFrames.frame(true, 0, FrameReader.BINARY, new byte[300]),
                TestFrames.frame(true, 0, FrameReader.CLOSE, new byte[] {3, (byte) 0xE8, 'o', 'k'}));
        checkEnding(valid, true);
        for (int i = 0; i < 2000; i++) {
            byte[] input = valid.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
            }
            checkEnding(input, true);
        }
    }

    private static void checkEnding(byte[] input, boolean deflate) throws IOException {
        DeflateNegotiation.Agreement agreement = deflate
                ? new DeflateNegotiation.Agreement(false, false, 15, "permessage-deflate") : null;
        Counting listener = new Counting();
        List<Out> out;
        try {
            out = parse(run(input, SMALL, agreement, listener));
        } catch (EOFException e) {
            throw new AssertionError("a truncated server frame", e);
        }
        for (int i = 0; i < out.size() - 1; i++) {
            assertTrue(out.get(i).opcode() != FrameReader.CLOSE, "nothing after the close frame");
        }
        if (!out.isEmpty()) {
            Out last = out.get(out.size() - 1);
            assertEquals(FrameReader.CLOSE, last.opcode(), "the last frame is a close");
            if (last.payload().length >= 2) {
                int code = ((last.payload()[0] & 0xFF) << 8) | (last.payload()[1] & 0xFF);
                assertTrue(CloseCodes.sendable(code), "a sendable code: " + code);
            }
        }
    }
}
