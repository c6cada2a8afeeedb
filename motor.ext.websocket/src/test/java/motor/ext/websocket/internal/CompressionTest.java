package motor.ext.websocket.internal;

import static motor.ext.websocket.internal.FrameReader.BINARY;
import static motor.ext.websocket.internal.FrameReader.CONTINUATION;
import static motor.ext.websocket.internal.FrameReader.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import motor.test.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * permessage-deflate (RFC 7692) over a raw socket, with the JDK's Deflater and Inflater on the client
 * side (the JDK's WebSocket client does not offer compression): Autobahn's categories 12 and 13.
 */
class CompressionTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(TestEndpoints::configure);

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    /** Compresses a message as a client does: raw DEFLATE, sync flush, tail removed. */
    static byte[] compress(Deflater deflater, byte[] data) {
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length);
        byte[] all = out.toByteArray();
        assertArrayEquals(TAIL, Arrays.copyOfRange(all, all.length - 4, all.length));
        return Arrays.copyOf(all, all.length - 4);
    }

    static byte[] inflate(Inflater inflater, byte[] payload) throws DataFormatException {
        inflater.setInput(TestFrames.concat(payload, TAIL));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            int n = inflater.inflate(buffer);
            out.write(buffer, 0, n);
            if (n == 0 && (inflater.needsInput() || inflater.finished())) {
                return out.toByteArray();
            }
        }
    }

    static WsClient open(String path, String offer) throws IOException {
        return WsClient.open(server, path, "Sec-WebSocket-Extensions", offer);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void offerIsAcceptedAndMessagesGoBothWaysCompressedWithContext() throws Exception {
        try (WsClient ws = open("/echo", "permessage-deflate; client_max_window_bits")) {
            assertEquals("permessage-deflate", ws.header("Sec-WebSocket-Extensions"));
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            Inflater inflater = new Inflater(true);
            String text = "Hello, compressed world! ".repeat(20);
            for (int i = 0; i < 3; i++) {
                ws.send(TestFrames.frame(true, 4, TEXT, compress(deflater, utf8(text + i))));
                WsClient.Frame echo = ws.read();
                assertEquals(4, echo.rsv(), "the echo is compressed: RSV1");
                assertEquals(text + i, new String(inflate(inflater, echo.payload()), StandardCharsets.UTF_8));
                if (i > 0) {
                    assertTrue(echo.payload().length < 20, "context takeover makes the repeat tiny");
                }
            }
        }
    }

    @Test
    void declinedWhenOffTheEndpoint() throws IOException {
        try (WsClient ws = open("/plain", "permessage-deflate")) {
            assertNull(ws.header("Sec-WebSocket-Extensions"));
            assertEquals(1002, closeAfter(ws, TestFrames.frame(true, 4, TEXT, new byte[] {0})));
        }
    }

    private static int closeAfter(WsClient ws, byte[] frame) throws IOException {
        ws.send(frame);
        return ws.expectClose();
    }

    @Test
    void uncompressedMessagesMayStillBeSent() throws IOException {
        try (WsClient ws = open("/echo", "permessage-deflate")) {
            ws.text("plain");
            WsClient.Frame echo = ws.read();
            assertTrue(echo.rsv() == 4 || "plain".equals(echo.text()));
        }
    }

    @Test
    void compressedMessageInFragments() throws Exception {
        try (WsClient ws = open("/echo", "permessage-deflate")) {
            byte[] text = utf8("fragmented and compressed, ".repeat(100));
            byte[] c = compress(new Deflater(Deflater.DEFAULT_COMPRESSION, true), text);
            int a = c.length / 3;
            int b = 2 * c.length / 3;
            ws.send(TestFrames.frame(false, 4, TEXT, Arrays.copyOfRange(c, 0, a)));
            ws.send(TestFrames.frame(true, 0, FrameReader.PING, new byte[0]));
            ws.send(TestFrames.frame(false, 0, CONTINUATION, Arrays.copyOfRange(c, a, b)));
            ws.send(TestFrames.frame(true, 0, CONTINUATION, Arrays.copyOfRange(c, b, c.length)));
            assertEquals(FrameReader.PONG, ws.read().opcode());
            assertArrayEquals(text, inflate(new Inflater(true), ws.read().payload()));
        }
    }

    @Test
    void manyConnectionsSharingPooledCompressors() throws Exception {
        List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 40; c++) {
                int connection = c;
                results.add(pool.submit(() -> {
                    try (WsClient ws = open("/echo", "permessage-deflate; server_no_context_takeover")) {
                        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
                        for (int i = 0; i < 20; i++) {
                            byte[] text = utf8(("connection " + connection + " message " + i + " ").repeat(30));
                            ws.send(TestFrames.frame(true, 4, TEXT, compress(deflater, text)));
                            byte[] echo = inflate(new Inflater(true), ws.read().payload());
                            if (!Arrays.equals(text, echo)) {
                                return "connection " + connection + " message " + i + " differs";
                            }
                        }
                        return "ok";
                    }
                }));
            }
            for (java.util.concurrent.Future<String> result : results) {
                assertEquals("ok", result.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void rsv1OnAContinuationIsAProtocolError() throws IOException {
        try (WsClient ws = open("/echo", "permessage-deflate")) {
            ws.send(TestFrames.frame(false, 4, TEXT, new byte[] {0}));
            assertEquals(1002, closeAfter(ws, TestFrames.frame(true, 4, CONTINUATION, new byte[] {0})));
        }
    }

    @Test
    void noContextTakeoverOnBothSides() throws Exception {
        try (WsClient ws = open("/echo", "permessage-deflate; server_no_context_takeover; client_no_context_takeover")) {
            assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                    ws.header("Sec-WebSocket-Extensions"));
            for (int i = 0; i < 3; i++) {
                byte[] text = utf8("each message on its own " + i);
                ws.send(TestFrames.frame(true, 4, TEXT, compress(new Deflater(Deflater.DEFAULT_COMPRESSION, true), text)));
                // a fresh inflater must be able to read each message
                assertArrayEquals(text, inflate(new Inflater(true), ws.read().payload()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 12, 15})
    void smallServerWindowIsHonoured(int bits) throws Exception {
        try (WsClient ws = open("/echo", "permessage-deflate; server_max_window_bits=" + bits)) {
            assertEquals("permessage-deflate; server_max_window_bits=" + bits, ws.header("Sec-WebSocket-Extensions"));
            Inflater inflater = new Inflater(true);
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            byte[] text = utf8("window ".repeat(3000));
            for (int i = 0; i < 2; i++) {
                ws.send(TestFrames.frame(true, 4, BINARY, compress(deflater, text)));
                WsClient.Frame echo = ws.read();
                assertArrayEquals(text, inflate(inflater, echo.payload()));
            }
        }
    }

    @Test
    void deflateBombIsStoppedAtTheLimit() throws IOException {
        byte[] bomb = compress(new Deflater(Deflater.BEST_COMPRESSION, true), new byte[64 * 1024 * 1024]);
        assertTrue(bomb.length < 128 * 1024, "the bomb fits in a frame: " + bomb.length);
        try (WsClient ws = open("/echo", "permessage-deflate")) {
            assertEquals(1009, closeAfter(ws, TestFrames.frame(true, 4, BINARY, bomb)));
        }
    }

    @Test
    void brokenDeflateDataIsInvalidData() throws IOException {
        try (WsClient ws = open("/echo", "permessage-deflate")) {
            assertEquals(1007, closeAfter(ws, TestFrames.frame(true, 4, BINARY, new byte[] {0x07, 0x12, 0x34})));
        }
    }

    @Test
    void invalidUtf8InsideCompressedText() throws IOException {
        byte[] bad = compress(new Deflater(Deflater.DEFAULT_COMPRESSION, true),
                java.util.HexFormat.of().parseHex("cebae1bdb9cf83eda080"));
        try (WsClient ws = open("/echo", "permessage-deflate")) {
            assertEquals(1007, closeAfter(ws, TestFrames.frame(true, 4, TEXT, bad)));
        }
    }

    @Test
    void emptyCompressedMessage() throws IOException {
        try (WsClient ws = open("/echo", "permessage-deflate")) {
            ws.send(TestFrames.frame(true, 4, TEXT, new byte[] {0}));
            WsClient.Frame echo = ws.read();
            assertEquals(TEXT, echo.opcode());
            assertEquals(0, echo.payload().length);
        }
    }

    @Test
    void finalBlockInAMessageRestartsTheStream() throws Exception {
        try (WsClient ws = open("/echo", "permessage-deflate")) {
            Inflater inflater = new Inflater(true);
            for (int i = 0; i < 2; i++) {
                Deflater finished = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
                finished.setInput(utf8("final block " + i));
                finished.finish();
                byte[] buffer = new byte[256];
                int n = finished.deflate(buffer);
                ws.send(TestFrames.frame(true, 4, TEXT, Arrays.copyOf(buffer, n)));
                WsClient.Frame echo = ws.read();
                assertEquals("final block " + i, new String(inflate(inflater, echo.payload()), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void emptyFinalBlockThenAnotherMessage() throws Exception {
        try (WsClient ws = open("/echo", "permessage-deflate")) {
            ws.send(TestFrames.frame(true, 4, TEXT, new byte[] {0x03, 0x00})); // BFINAL, fixed Huffman, no data
            assertEquals(0, inflate(new Inflater(true), ws.read().payload()).length);
            byte[] text = utf8("the next message starts a new stream");
            ws.send(TestFrames.frame(true, 4, TEXT, compress(new Deflater(Deflater.DEFAULT_COMPRESSION, true), text)));
            WsClient.Frame echo = ws.read();
            assertEquals(TEXT, echo.opcode(), "not a close: " + echo.text());
        }
    }

    @Test
    void streamFlushedBeforeItsCloseEndsOnADeflateBlockBoundary() throws Exception {
        try (WsClient ws = open("/flushclose", "permessage-deflate")) {
            Inflater inflater = new Inflater(true); // the server's context is kept, so is the client's
            for (int i = 0; i < 3; i++) {
                String text = "flushed, then closed " + i;
                ws.text(text);
                WsClient.Frame message = ws.readMessage();
                assertEquals(4, message.rsv());
                assertEquals(text, new String(inflate(inflater, message.payload()), StandardCharsets.UTF_8));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"permessage-deflate", "permessage-deflate; server_no_context_takeover"})
    void streamedEchoIsCompressedAcrossFrames(String offer) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 2 * 1024 * 1024; i++) {
            sb.append("line ").append(i).append(" of a long compressible message\n");
        }
        byte[] text = utf8(sb.toString());
        byte[] c = compress(new Deflater(Deflater.DEFAULT_COMPRESSION, true), text);
        try (WsClient ws = open("/stream", offer)) {
            int chunk = 8192;
            for (int off = 0; off < c.length; off += chunk) {
                int n = Math.min(chunk, c.length - off);
                ws.send(TestFrames.frame(off + n == c.length, off == 0 ? 4 : 0, off == 0 ? TEXT : CONTINUATION,
                        Arrays.copyOfRange(c, off, off + n)));
            }
            WsClient.Frame first = ws.read();
            assertEquals(4, first.rsv());
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(first.payload());
            WsClient.Frame next = first;
            int frames = 1;
            while (!next.fin()) {
                next = ws.read();
                assertEquals(0, next.rsv(), "RSV1 on the first frame only");
                all.writeBytes(next.payload());
                frames++;
            }
            assertTrue(frames > 1, "streamed in several frames");
            assertArrayEquals(text, inflate(new Inflater(true), all.toByteArray()));
        }
    }
}
