package motor.ext.websocket.internal;

import static motor.ext.websocket.internal.FrameReader.BINARY;
import static motor.ext.websocket.internal.FrameReader.CLOSE;
import static motor.ext.websocket.internal.FrameReader.CONTINUATION;
import static motor.ext.websocket.internal.FrameReader.PING;
import static motor.ext.websocket.internal.FrameReader.PONG;
import static motor.ext.websocket.internal.FrameReader.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import motor.test.TestServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 over a raw socket, arranged like the Autobahn testsuite's categories: framing, pings, reserved
 * bits, opcodes, fragmentation, UTF-8, close handling and limits. Compression is in {@link CompressionTest}.
 */
class ProtocolTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(TestEndpoints::configure);

    static byte[] bytes(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Sends the frames on a fresh connection to /echo and returns the close code the server sends. */
    static int closeCodeFor(String path, byte[]... frames) throws IOException {
        try (WsClient ws = WsClient.open(server, path)) {
            for (byte[] frame : frames) {
                ws.send(frame);
            }
            return ws.expectClose();
        }
    }

    static byte[] f(boolean fin, int opcode, byte[] payload) {
        return TestFrames.frame(fin, 0, opcode, payload);
    }

    @Nested
    class Framing {
        @ParameterizedTest
        @ValueSource(ints = {0, 1, 125, 126, 127, 128, 65535, 65536, 100_000})
        void textAndBinaryOfEveryLengthEncodingAreEchoed(int length) throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                String text = "x".repeat(length);
                ws.text(text);
                WsClient.Frame echo = ws.read();
                assertEquals(TEXT, echo.opcode());
                assertTrue(echo.fin());
                assertEquals(text, echo.text());
                ws.send(true, 0, BINARY, bytes(length));
                WsClient.Frame binary = ws.read();
                assertEquals(BINARY, binary.opcode());
                assertArrayEquals(bytes(length), binary.payload());
                ws.close(1000);
                assertEquals(1000, ws.expectClose());
            }
        }

        @Test
        void frameWrittenOneByteAtATimeIsEchoed() throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                byte[] frame = f(true, TEXT, utf8("Hello, byte by byte"));
                for (byte b : frame) {
                    ws.send(new byte[] {b});
                }
                assertEquals("Hello, byte by byte", ws.read().text());
            }
        }

        @Test
        void pipelinedFramesAfterTheHandshakeAreNotLost() throws IOException {
            try (WsClient ws = new WsClientOpener().openWithFrames("/plain", f(true, TEXT, utf8("early")))) {
                assertEquals("early", ws.read().text());
            }
        }
    }

    @Nested
    class Pings {
        @Test
        void pingIsAnsweredWithTheSamePayload() throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                ws.send(true, 0, PING, new byte[0]);
                WsClient.Frame pong = ws.read();
                assertEquals(PONG, pong.opcode());
                assertEquals(0, pong.payload().length);
                ws.send(true, 0, PING, bytes(125));
                assertArrayEquals(bytes(125), ws.read().payload());
                byte[] binary = {0, (byte) 0xFF, (byte) 0xFE, 0x7F};
                ws.send(true, 0, PING, binary);
                assertArrayEquals(binary, ws.read().payload());
            }
        }

        @Test
        void tenPingsGetTenPongsInOrder() throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                for (int i = 0; i < 10; i++) {
                    ws.send(true, 0, PING, utf8("p" + i));
                }
                for (int i = 0; i < 10; i++) {
                    assertEquals("p" + i, ws.read().text());
                }
            }
        }

        @Test
        void unsolicitedPongIsIgnored() throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                ws.send(true, 0, PONG, utf8("unsolicited"));
                ws.text("after");
                assertEquals("after", ws.read().text());
            }
        }

        @Test
        void longOrFragmentedPingIsAProtocolError() throws IOException {
            assertEquals(1002, closeCodeFor("/plain", f(true, PING, bytes(126))));
            assertEquals(1002, closeCodeFor("/plain", f(false, PING, bytes(2)), f(true, CONTINUATION, bytes(2))));
        }

        @Test
        void listenerSeesPingsAndPongs() throws Exception {
            TestEndpoints.EVENTS.clear();
            try (WsClient ws = WsClient.open(server, "/events")) {
                ws.send(true, 0, PING, utf8("hi"));
                assertEquals(PONG, ws.read().opcode());
                ws.text("ping");
                WsClient.Frame ping = ws.read();
                assertEquals(PING, ping.opcode());
                ws.send(true, 0, PONG, ping.payload());
                ws.close(1000);
                assertEquals(1000, ws.expectClose());
            }
            assertEquals("open", next());
            assertEquals("ping:hi", next());
            assertEquals("text:ping", next());
            assertEquals("pong:p", next());
            assertEquals("close:1000:", next());
        }
    }

    static String next() throws InterruptedException {
        String event = TestEndpoints.EVENTS.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        return event == null ? "(nothing within 10 s)" : event;
    }

    @Nested
    class ReservedBits {
        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
        void reservedBitsWithoutAnExtensionCloseWith1002(int rsv) throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                ws.text("before");
                ws.send(TestFrames.frame(true, rsv, TEXT, utf8("bad")));
                ws.send(true, 0, PING, new byte[0]);
                assertEquals("before", ws.read().text(), "what came before is still answered");
                assertEquals(1002, ws.expectClose());
            }
        }

        @Test
        void reservedBitOnAControlFrame() throws IOException {
            assertEquals(1002, closeCodeFor("/plain", TestFrames.frame(true, 4, PING, new byte[0])));
            assertEquals(1002, closeCodeFor("/echo", TestFrames.frame(true, 4, PING, new byte[0])));
        }
    }

    @Nested
    class Opcodes {
        @ParameterizedTest
        @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
        void reservedOpcodesCloseWith1002(int opcode) throws IOException {
            assertEquals(1002, closeCodeFor("/plain", f(true, opcode, new byte[0])));
            assertEquals(1002, closeCodeFor("/plain", f(true, opcode, utf8("payload"))));
        }
    }

    @Nested
    class Fragmentation {
        @Test
        void fragmentedTextIsEchoedWhole() throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                ws.send(f(false, TEXT, utf8("frag")));
                ws.send(f(false, CONTINUATION, utf8("men")));
                ws.send(f(true, CONTINUATION, utf8("ted")));
                assertEquals("fragmented", ws.read().text());
            }
        }

        @Test
        void controlFramesBetweenFragmentsAreAnsweredAtOnce() throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                ws.send(f(false, TEXT, utf8("one ")));
                ws.send(f(true, PING, utf8("between")));
                WsClient.Frame pong = ws.read();
                assertEquals(PONG, pong.opcode(), "the pong does not wait for the message to end");
                assertEquals("between", pong.text());
                ws.send(f(true, PONG, utf8("x")));
                ws.send(f(true, CONTINUATION, utf8("two")));
                assertEquals("one two", ws.read().text());
            }
        }

        @Test
        void manyOneByteFragmentsWithPings() throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                String text = "abcdefghijklmnopqrstuvwxyz";
                for (int i = 0; i < text.length(); i++) {
                    int opcode = i == 0 ? BINARY : CONTINUATION;
                    ws.send(f(true, PING, new byte[] {(byte) i}));
                    ws.send(f(i == text.length() - 1, opcode, new byte[] {(byte) text.charAt(i)}));
                }
                for (int i = 0; i < text.length(); i++) {
                    assertEquals(PONG, ws.read().opcode());
                }
                assertEquals(text, ws.read().text());
            }
        }

        @Test
        void emptyFragmentsAreFine() throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                ws.send(f(false, TEXT, new byte[0]));
                ws.send(f(false, CONTINUATION, new byte[0]));
                ws.send(f(true, CONTINUATION, new byte[0]));
                assertEquals("", ws.read().text());
            }
        }

        @Test
        void brokenFragmentOrderClosesWith1002() throws IOException {
            assertEquals(1002, closeCodeFor("/plain", f(true, CONTINUATION, utf8("nothing to continue"))));
            assertEquals(1002, closeCodeFor("/plain", f(false, CONTINUATION, utf8("a")), f(true, CONTINUATION, utf8("b"))));
            assertEquals(1002, closeCodeFor("/plain", f(false, TEXT, utf8("a")), f(true, TEXT, utf8("b"))));
            assertEquals(1002, closeCodeFor("/plain", f(false, TEXT, utf8("a")), f(false, BINARY, utf8("b"))));
        }
    }

    @Nested
    class Utf8 {
        private static final HexFormat HEX = HexFormat.of();

        @Test
        void validTextSplitAtEveryByteIsEchoed() throws IOException {
            byte[] text = utf8("κόσμε 日本 😀 Hello-µ@ßöäüàá-UTF-8!!");
            try (WsClient ws = WsClient.open(server, "/plain")) {
                for (int split = 0; split <= text.length; split++) {
                    ws.send(f(false, TEXT, java.util.Arrays.copyOfRange(text, 0, split)));
                    ws.send(f(true, CONTINUATION, java.util.Arrays.copyOfRange(text, split, text.length)));
                    assertArrayEquals(text, ws.read().payload(), "split at " + split);
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"cebae1bdb9cf83cebcceb5eda080656469746564", "c0af", "eda080", "f4908080", "ff", "80",
                "e282", "cebae1bd"})
        void invalidTextClosesWith1007(String hex) throws IOException {
            assertEquals(1007, closeCodeFor("/plain", f(true, TEXT, HEX.parseHex(hex))));
        }

        @Test
        void invalidTextFailsFastBeforeTheMessageEnds() throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                ws.send(f(false, TEXT, HEX.parseHex("cebae1bdb9cf83cebcceb5eda080")));
                // no further fragment is ever sent: the server must not wait for one
                assertEquals(1007, ws.expectClose());
            }
        }

        @Test
        void invalidCodePointSplitOverFragments() throws IOException {
            assertEquals(1007, closeCodeFor("/plain", f(false, TEXT, HEX.parseHex("f4")), f(true, CONTINUATION,
                    HEX.parseHex("908080"))));
        }

        @Test
        void binaryIsNotValidated() throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                ws.send(f(true, BINARY, HEX.parseHex("ff80c0")));
                assertArrayEquals(HEX.parseHex("ff80c0"), ws.read().payload());
            }
        }
    }

    @Nested
    class Closing {
        @Test
        void closeIsEchoedWithItsCode() throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                ws.send(f(true, CLOSE, new byte[] {3, (byte) 0xE8, 'b', 'y', 'e'}));
                WsClient.Frame close = ws.read();
                assertEquals(1000, close.closeCode());
                assertTrue(ws.closedByServer());
            }
        }

        @Test
        void closeWithoutPayloadIsEchoedWithoutPayload() throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                ws.send(f(true, CLOSE, new byte[0]));
                assertEquals(0, ws.read().payload().length);
                assertTrue(ws.closedByServer());
            }
        }

        @Test
        void oneBytePayloadIsAProtocolError() throws IOException {
            assertEquals(1002, closeCodeFor("/plain", f(true, CLOSE, new byte[] {3})));
        }

        @ParameterizedTest
        @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
        void validCodesAreEchoed(int code) throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                ws.close(code);
                assertEquals(code, ws.expectClose());
            }
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
        void invalidCodesCloseWith1002(int code) throws IOException {
            assertEquals(1002, closeCodeFor("/plain", f(true, CLOSE, new byte[] {(byte) (code >>> 8), (byte) code})));
        }

        @Test
        void reasonMustBeUtf8() throws IOException {
            byte[] payload = TestFrames.concat(new byte[] {3, (byte) 0xE8}, HexFormat.of().parseHex("cebae1bdb9cf83eda080"));
            assertEquals(1007, closeCodeFor("/plain", f(true, CLOSE, payload)));
        }

        @Test
        void longestReasonIsFine() throws IOException {
            byte[] payload = TestFrames.concat(new byte[] {3, (byte) 0xE8}, utf8("r".repeat(123)));
            try (WsClient ws = WsClient.open(server, "/plain")) {
                ws.send(f(true, CLOSE, payload));
                assertEquals(1000, ws.expectClose());
            }
        }

        @Test
        void nothingIsAnsweredAfterTheClose() throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                ws.send(TestFrames.concat(f(true, CLOSE, new byte[] {3, (byte) 0xE8}), f(true, TEXT, utf8("too late")),
                        f(true, PING, new byte[0])));
                WsClient.Frame first = ws.read();
                assertEquals(CLOSE, first.opcode(), "the close echo is the last frame");
                assertTrue(ws.closedByServer());
            }
        }

        @Test
        void serverInitiatedCloseWaitsForTheEcho() throws Exception {
            TestEndpoints.EVENTS.clear();
            try (WsClient ws = WsClient.open(server, "/events")) {
                ws.text("close 4001 going");
                WsClient.Frame close = ws.read();
                assertEquals(4001, close.closeCode());
                assertEquals("going", new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8));
                ws.text("ignored: the server closed");
                ws.close(4001);
                assertTrue(ws.closedByServer());
            }
            assertEquals("open", next());
            assertEquals("text:close 4001 going", next());
            assertEquals("close:4001:", next(), "the peer's echo, without a reason");
        }

        @Test
        void listenerFailureClosesWith1011() throws Exception {
            TestEndpoints.EVENTS.clear();
            assertEquals(1011, closeCodeFor("/events", f(true, TEXT, utf8("fail"))));
            assertEquals("open", next());
            assertEquals("text:fail", next());
            assertEquals("error:IllegalStateException", next());
            assertEquals("close:1011:", next());
        }

        @Test
        void peerThatVanishesGives1006() throws Exception {
            TestEndpoints.EVENTS.clear();
            try (WsClient ws = WsClient.open(server, "/events")) {
                ws.send(f(false, TEXT, utf8("half a message")));
            }
            assertEquals("open", next());
            assertEquals("close:1006:", next());
        }

        @Test
        void protocolErrorIsReportedToTheListener() throws Exception {
            TestEndpoints.EVENTS.clear();
            assertEquals(1002, closeCodeFor("/events", TestFrames.frame(true, 0, TEXT, utf8("x"), false)));
            assertEquals("open", next());
            assertEquals("error:WebSocketException", next());
            assertTrue(next().startsWith("close:1002:"));
        }
    }

    @Nested
    class Limits {
        @Test
        void frameAboveTheLimitIsRefusedFromItsHead() throws IOException {
            try (WsClient ws = WsClient.open(server, "/echo")) {
                // the head announces 200 KiB; only the head is sent
                ws.send(TestFrames.frame(true, 0, BINARY, new byte[0], new byte[] {1, 2, 3, 4}, 200 * 1024));
                assertEquals(1009, ws.expectClose());
            }
        }

        @Test
        void hostileSixtyFourBitLengthIsRefused() throws IOException {
            try (WsClient ws = WsClient.open(server, "/plain")) {
                ws.send(TestFrames.frame(true, 0, BINARY, new byte[0], new byte[] {1, 2, 3, 4}, Long.MIN_VALUE + 5));
                assertEquals(1002, ws.expectClose());
            }
        }

        @Test
        void messageAboveTheLimitIsRefusedAtTheFragmentThatPassesIt() throws IOException {
            try (WsClient ws = WsClient.open(server, "/echo")) {
                ws.send(f(false, BINARY, bytes(100 * 1024)));
                ws.send(f(false, CONTINUATION, bytes(100 * 1024)));
                ws.send(TestFrames.frame(false, 0, CONTINUATION, new byte[0], new byte[] {1, 2, 3, 4}, 100 * 1024));
                assertEquals(1009, ws.expectClose());
            }
        }

        @Test
        void messageAtTheLimitPasses() throws IOException {
            try (WsClient ws = WsClient.open(server, "/echo")) {
                ws.send(f(false, BINARY, bytes(128 * 1024)));
                ws.send(f(true, CONTINUATION, bytes(128 * 1024)));
                WsClient.Frame echo = ws.readMessage();
                assertEquals(256 * 1024, echo.payload().length);
            }
        }

        @Test
        void streamedEchoOfAMessageFarAboveTheBufferSizes() throws IOException {
            byte[] big = bytes(3 * 1024 * 1024 + 17);
            try (WsClient ws = WsClient.open(server, "/stream", "Sec-WebSocket-Extensions", "none")) {
                int chunk = 256 * 1024;
                for (int off = 0; off < big.length; off += chunk) {
                    int n = Math.min(chunk, big.length - off);
                    ws.send(f(off + n == big.length, off == 0 ? BINARY : CONTINUATION,
                            java.util.Arrays.copyOfRange(big, off, off + n)));
                }
                WsClient.Frame echo = ws.readMessage();
                assertEquals(BINARY, echo.opcode());
                assertArrayEquals(big, echo.payload());
            }
        }
    }

    /** Opens with frames sent in the same packet as the handshake. */
    static final class WsClientOpener {
        WsClient openWithFrames(String path, byte[] frames) throws IOException {
            byte[] head = WsClient.handshake(path).getBytes(StandardCharsets.ISO_8859_1);
            return WsClient.openRaw(server, TestFrames.concat(head, frames));
        }
    }
}
