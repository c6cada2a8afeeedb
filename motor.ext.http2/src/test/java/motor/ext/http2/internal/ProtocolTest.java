package motor.ext.http2.internal;

import static motor.ext.http2.internal.H2Raw.block;
import static motor.ext.http2.internal.H2Raw.data;
import static motor.ext.http2.internal.H2Raw.frame;
import static motor.ext.http2.internal.H2Raw.get;
import static motor.ext.http2.internal.H2Raw.headers;
import static motor.ext.http2.internal.H2Raw.int32;
import static motor.ext.http2.internal.H2Raw.settings;
import static motor.ext.http2.internal.frame.Http2.CONTINUATION;
import static motor.ext.http2.internal.frame.Http2.DATA;
import static motor.ext.http2.internal.frame.Http2.FLAG_ACK;
import static motor.ext.http2.internal.frame.Http2.FLAG_END_HEADERS;
import static motor.ext.http2.internal.frame.Http2.FLAG_END_STREAM;
import static motor.ext.http2.internal.frame.Http2.FLAG_PADDED;
import static motor.ext.http2.internal.frame.Http2.FLAG_PRIORITY;
import static motor.ext.http2.internal.frame.Http2.GOAWAY;
import static motor.ext.http2.internal.frame.Http2.HEADERS;
import static motor.ext.http2.internal.frame.Http2.PING;
import static motor.ext.http2.internal.frame.Http2.PRIORITY;
import static motor.ext.http2.internal.frame.Http2.PUSH_PROMISE;
import static motor.ext.http2.internal.frame.Http2.RST_STREAM;
import static motor.ext.http2.internal.frame.Http2.SETTINGS;
import static motor.ext.http2.internal.frame.Http2.WINDOW_UPDATE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import motor.ext.http2.internal.H2Raw.Outcome;
import motor.ext.http2.internal.frame.Http2;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Raw frames against the server, in the categories of h2spec (RFC 9113 sections 3 to 8): for each
 * violation, the error the RFC requires, as a GOAWAY (connection error) or a RST_STREAM (stream error).
 * Where the RFC allows either, a connection error is accepted for a stream error too (5.4).
 */
class ProtocolTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.discoverExtensions(false)
            .extension(new Http2Extension()).config(Map.of("http2", Map.of("maxConcurrentStreams", 3)))
            .routes(TestRoutes::routes));

    @AfterEach
    void release() {
        TestRoutes.gate.countDown();
    }

    private static final byte[] GET_1 = headers(1, true, get("/hello"));

    private static Arguments connectionError(String name, int code, byte[]... frames) {
        return Arguments.of(name, 0, code, frames);
    }

    private static Arguments streamError(String name, int stream, int code, byte[]... frames) {
        return Arguments.of(name, stream, code, frames);
    }

    static Stream<Arguments> violations() {
        byte[] bigData = new byte[16_385];
        return Stream.of(
                // 4.2 frame size
                connectionError("4.2 DATA larger than SETTINGS_MAX_FRAME_SIZE", Http2.FRAME_SIZE_ERROR,
                        openPost(1), data(1, true, bigData)),
                connectionError("4.2 HEADERS larger than SETTINGS_MAX_FRAME_SIZE", Http2.FRAME_SIZE_ERROR,
                        frame(HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM, 1, bigData)),
                // 4.3 header compression
                connectionError("4.3 invalid header block index", Http2.COMPRESSION_ERROR,
                        frame(HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM, 1, new byte[] {(byte) 0xff, (byte) 0xff, 0x7f})),
                connectionError("4.3 index 0", Http2.COMPRESSION_ERROR,
                        frame(HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM, 1, new byte[] {(byte) 0x80})),
                // 5.1 idle
                connectionError("5.1 idle: DATA", Http2.PROTOCOL_ERROR, data(1, true, new byte[1])),
                connectionError("5.1 idle: RST_STREAM", Http2.PROTOCOL_ERROR, frame(RST_STREAM, 0, 1, int32(8))),
                connectionError("5.1 idle: WINDOW_UPDATE", Http2.PROTOCOL_ERROR, frame(WINDOW_UPDATE, 0, 1, int32(100))),
                connectionError("5.1 idle: CONTINUATION", Http2.PROTOCOL_ERROR,
                        frame(CONTINUATION, FLAG_END_HEADERS, 1, block(get("/hello")))),
                // 5.1 half-closed (remote): the handler of /block keeps the stream from closing
                streamError("5.1 half-closed (remote): DATA", 1, Http2.STREAM_CLOSED,
                        headers(1, true, get("/block")), data(1, true, new byte[1])),
                streamError("5.1 half-closed (remote): HEADERS", 1, Http2.STREAM_CLOSED,
                        headers(1, true, get("/block")), headers(1, true, "x-trailer", "1")),
                connectionError("5.1 half-closed (remote): CONTINUATION", Http2.PROTOCOL_ERROR,
                        headers(1, true, get("/block")), frame(CONTINUATION, FLAG_END_HEADERS, 1, block("a", "b"))),
                // 5.1 closed
                streamError("5.1 closed: DATA after RST_STREAM", 1, Http2.STREAM_CLOSED,
                        openPost(1), frame(RST_STREAM, 0, 1, int32(Http2.CANCEL)),
                        data(1, true, new byte[1])),
                connectionError("5.1 closed: CONTINUATION after RST_STREAM", Http2.PROTOCOL_ERROR,
                        openPost(1), frame(RST_STREAM, 0, 1, int32(Http2.CANCEL)),
                        frame(CONTINUATION, FLAG_END_HEADERS, 1, block("a", "b"))),
                // 5.1.1 stream identifiers
                connectionError("5.1.1 even stream id", Http2.PROTOCOL_ERROR, headers(2, true, get("/hello"))),
                connectionError("5.1.1 decreasing stream id", Http2.PROTOCOL_ERROR,
                        headers(5, true, get("/hello")), headers(3, true, get("/hello"))),
                // 5.3.1 priority
                streamError("5.3.1 HEADERS depending on itself", 1, Http2.PROTOCOL_ERROR,
                        frame(HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM | FLAG_PRIORITY, 1,
                                concat(new byte[] {0, 0, 0, 1, 16}, block(get("/hello"))))),
                streamError("5.3.1 trailers HEADERS depending on itself", 1, Http2.PROTOCOL_ERROR,
                        openPost(1), frame(HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM | FLAG_PRIORITY, 1,
                                concat(new byte[] {0, 0, 0, 1, 16}, block("x-trailer", "1")))),
                streamError("5.3.1 PRIORITY depending on itself", 1, Http2.PROTOCOL_ERROR,
                        frame(PRIORITY, 0, 1, new byte[] {0, 0, 0, 1, 16})),
                // 5.5 extensions
                connectionError("5.5 unknown frame inside a header block", Http2.PROTOCOL_ERROR,
                        frame(HEADERS, FLAG_END_STREAM, 1, block(get("/hello"))), frame(0x42, 0, 1, new byte[4])),
                // 6.1 DATA
                connectionError("6.1 DATA on stream 0", Http2.PROTOCOL_ERROR, data(0, true, new byte[1])),
                connectionError("6.1 DATA with padding too long", Http2.PROTOCOL_ERROR,
                        openPost(1), frame(DATA, FLAG_PADDED | FLAG_END_STREAM, 1, new byte[] {5, 1, 2})),
                // 6.2 HEADERS
                connectionError("6.2 HEADERS followed by DATA", Http2.PROTOCOL_ERROR,
                        frame(HEADERS, FLAG_END_STREAM, 1, block(get("/hello"))), data(1, true, new byte[1])),
                connectionError("6.2 HEADERS on stream 0", Http2.PROTOCOL_ERROR, headers(0, true, get("/hello"))),
                connectionError("6.2 HEADERS with padding too long", Http2.PROTOCOL_ERROR,
                        frame(HEADERS, FLAG_END_HEADERS | FLAG_PADDED, 1, concat(new byte[] {(byte) 200}, block("a", "b")))),
                connectionError("6.2 HEADERS followed by HEADERS of another stream", Http2.PROTOCOL_ERROR,
                        frame(HEADERS, FLAG_END_STREAM, 1, block(get("/hello"))), headers(3, true, get("/hello"))),
                // 6.3 PRIORITY
                connectionError("6.3 PRIORITY on stream 0", Http2.PROTOCOL_ERROR, frame(PRIORITY, 0, 0, new byte[5])),
                streamError("6.3 PRIORITY of the wrong length", 1, Http2.FRAME_SIZE_ERROR, frame(PRIORITY, 0, 1, new byte[4])),
                // 6.4 RST_STREAM
                connectionError("6.4 RST_STREAM on stream 0", Http2.PROTOCOL_ERROR, frame(RST_STREAM, 0, 0, int32(8))),
                connectionError("6.4 RST_STREAM of the wrong length", Http2.FRAME_SIZE_ERROR,
                        openPost(1), frame(RST_STREAM, 0, 1, new byte[3])),
                // 6.5 SETTINGS
                connectionError("6.5 SETTINGS ACK with a payload", Http2.FRAME_SIZE_ERROR,
                        frame(SETTINGS, FLAG_ACK, 0, new byte[6])),
                connectionError("6.5 SETTINGS on a stream", Http2.PROTOCOL_ERROR, frame(SETTINGS, 0, 1, new byte[0])),
                connectionError("6.5 SETTINGS not a multiple of 6", Http2.FRAME_SIZE_ERROR, frame(SETTINGS, 0, 0, new byte[3])),
                connectionError("6.5.2 ENABLE_PUSH 2", Http2.PROTOCOL_ERROR, settings(Http2.SETTINGS_ENABLE_PUSH, 2)),
                connectionError("6.5.2 INITIAL_WINDOW_SIZE above 2^31-1", Http2.FLOW_CONTROL_ERROR,
                        settings(Http2.SETTINGS_INITIAL_WINDOW_SIZE, 0x80000000)),
                connectionError("6.5.2 MAX_FRAME_SIZE too small", Http2.PROTOCOL_ERROR,
                        settings(Http2.SETTINGS_MAX_FRAME_SIZE, 16383)),
                connectionError("6.5.2 MAX_FRAME_SIZE too large", Http2.PROTOCOL_ERROR,
                        settings(Http2.SETTINGS_MAX_FRAME_SIZE, 16_777_216)),
                // 6.6 PUSH_PROMISE
                connectionError("6.6 PUSH_PROMISE from a client", Http2.PROTOCOL_ERROR,
                        openPost(1), frame(PUSH_PROMISE, FLAG_END_HEADERS, 1,
                                concat(int32(2), block(get("/x"))))),
                // 6.7 PING
                connectionError("6.7 PING on a stream", Http2.PROTOCOL_ERROR, frame(PING, 0, 1, new byte[8])),
                connectionError("6.7 PING of the wrong length", Http2.FRAME_SIZE_ERROR, frame(PING, 0, 0, new byte[6])),
                // 6.8 GOAWAY
                connectionError("6.8 GOAWAY on a stream", Http2.PROTOCOL_ERROR, frame(GOAWAY, 0, 1, new byte[8])),
                // 6.9 WINDOW_UPDATE
                connectionError("6.9 zero increment on the connection", Http2.PROTOCOL_ERROR,
                        frame(WINDOW_UPDATE, 0, 0, int32(0))),
                streamError("6.9 zero increment on a stream", 1, Http2.PROTOCOL_ERROR,
                        openPost(1), frame(WINDOW_UPDATE, 0, 1, int32(0))),
                connectionError("6.9 WINDOW_UPDATE of the wrong length", Http2.FRAME_SIZE_ERROR,
                        frame(WINDOW_UPDATE, 0, 0, new byte[3])),
                connectionError("6.9.1 connection window above 2^31-1", Http2.FLOW_CONTROL_ERROR,
                        frame(WINDOW_UPDATE, 0, 0, int32(0x7fffffff)), frame(WINDOW_UPDATE, 0, 0, int32(0x7fffffff))),
                streamError("6.9.1 stream window above 2^31-1", 1, Http2.FLOW_CONTROL_ERROR,
                        openPost(1), frame(WINDOW_UPDATE, 0, 1, int32(0x7fffffff))),
                connectionError("6.9.2 INITIAL_WINDOW_SIZE change overflowing an open stream", Http2.FLOW_CONTROL_ERROR,
                        openPost(1), frame(WINDOW_UPDATE, 0, 1, int32(0x7fffffff - 65_535)),
                        settings(Http2.SETTINGS_INITIAL_WINDOW_SIZE, 65_536)),
                // 6.10 CONTINUATION
                connectionError("6.10 CONTINUATION after END_HEADERS", Http2.PROTOCOL_ERROR,
                        openPost(1), frame(CONTINUATION, FLAG_END_HEADERS, 1, block("a", "b"))),
                connectionError("6.10 CONTINUATION on stream 0", Http2.PROTOCOL_ERROR,
                        frame(HEADERS, FLAG_END_STREAM, 1, block(get("/hello"))), frame(CONTINUATION, FLAG_END_HEADERS, 0,
                                block("a", "b"))),
                connectionError("6.10 CONTINUATION of another stream", Http2.PROTOCOL_ERROR,
                        frame(HEADERS, FLAG_END_STREAM, 1, block(get("/hello"))), frame(CONTINUATION, FLAG_END_HEADERS, 3,
                                block("a", "b"))),
                // 8.1 malformed requests: stream errors of type PROTOCOL_ERROR
                streamError("8.2 uppercase field name", 1, Http2.PROTOCOL_ERROR, headers(1, true, get("/hello", "X-Upper", "1"))),
                streamError("8.2.2 connection field", 1, Http2.PROTOCOL_ERROR,
                        headers(1, true, get("/hello", "connection", "keep-alive"))),
                streamError("8.2.2 te other than trailers", 1, Http2.PROTOCOL_ERROR,
                        headers(1, true, get("/hello", "te", "gzip"))),
                streamError("8.2.1 LF in a value", 1, Http2.PROTOCOL_ERROR, headers(1, true, get("/hello", "x", "a\nb"))),
                streamError("8.3 unknown pseudo-header", 1, Http2.PROTOCOL_ERROR,
                        headers(1, true, ":method", "GET", ":scheme", "http", ":path", "/", ":foo", "x")),
                streamError("8.3 :status in a request", 1, Http2.PROTOCOL_ERROR,
                        headers(1, true, ":method", "GET", ":scheme", "http", ":path", "/", ":status", "200")),
                streamError("8.3 pseudo-header after a regular one", 1, Http2.PROTOCOL_ERROR,
                        headers(1, true, ":method", "GET", ":scheme", "http", "x", "1", ":path", "/")),
                streamError("8.3 duplicate :path", 1, Http2.PROTOCOL_ERROR,
                        headers(1, true, ":method", "GET", ":scheme", "http", ":path", "/", ":path", "/")),
                streamError("8.3.1 missing :path", 1, Http2.PROTOCOL_ERROR, headers(1, true, ":method", "GET", ":scheme", "http")),
                streamError("8.3.1 empty :path", 1, Http2.PROTOCOL_ERROR,
                        headers(1, true, ":method", "GET", ":scheme", "http", ":path", "")),
                streamError("8.1.1 content-length larger than the DATA", 1, Http2.PROTOCOL_ERROR,
                        headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/echo", "content-length", "4"),
                        data(1, true, new byte[3])),
                streamError("8.1.1 content-length smaller than the DATA", 1, Http2.PROTOCOL_ERROR,
                        headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/echo", "content-length", "2"),
                        data(1, true, new byte[3])),
                streamError("8.1 trailers without END_STREAM", 1, Http2.PROTOCOL_ERROR,
                        headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/echo"), data(1, false, new byte[3]),
                        headers(1, false, "x-checksum", "1")),
                streamError("8.1 pseudo-header in trailers", 1, Http2.PROTOCOL_ERROR,
                        headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/echo"), data(1, false, new byte[3]),
                        headers(1, true, ":path", "/")));
    }

    /** A POST to /echo whose body is still to come: the handler waits for it, the stream stays open. */
    private static byte[] openPost(int stream) {
        return headers(stream, false, ":method", "POST", ":scheme", "http", ":path", "/echo");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void violationGetsTheRequiredError(String name, int stream, int code, byte[][] frames) throws Exception {
        TestRoutes.gate = new CountDownLatch(1);
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(frames);
            Outcome outcome = raw.outcome(stream == 0 ? Integer.MIN_VALUE : stream);
            if (stream == 0) {
                assertEquals(Outcome.goAway(code), outcome, name);
                assertTrue(raw.closesAfterGoAway(), "the connection closes after the GOAWAY");
            } else {
                assertTrue(outcome.equals(Outcome.reset(code)) || outcome.equals(Outcome.goAway(code)),
                        name + ": " + outcome + ", " + Http2.errorName(outcome.code()));
            }
        }
    }

    @Test
    void thePrefaceMustEndWithSettings() throws Exception {
        try (H2Raw raw = H2Raw.open(server.port())) {
            raw.send(Http2.preface(), frame(PING, 0, 0, new byte[8]));
            assertEquals(Outcome.goAway(Http2.PROTOCOL_ERROR), raw.outcome(Integer.MIN_VALUE));
        }
    }

    @Test
    void frameLevelStreamErrorsAreResetsOnly() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(frame(PRIORITY, 0, 1, new byte[4]));
            assertEquals(Outcome.reset(Http2.FRAME_SIZE_ERROR), raw.outcome(1));
            raw.send(openPost(3), frame(WINDOW_UPDATE, 0, 3, int32(0)));
            assertEquals(Outcome.reset(Http2.PROTOCOL_ERROR), raw.outcome(3));
            assertTrue(raw.pingPong());
        }
    }

    @Test
    void streamErrorsLeaveTheConnectionWorking() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(1, true, get("/hello", "X-Upper", "1")));
            assertEquals(Outcome.reset(Http2.PROTOCOL_ERROR), raw.outcome(1));
            raw.send(headers(3, true, get("/hello")));
            assertEquals("200", raw.response(3).status());
        }
    }

    @Test
    void settingsAreAcknowledgedAndUnknownOnesIgnored() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(settings(0x99, 7, Http2.SETTINGS_HEADER_TABLE_SIZE, 0));
            H2Raw.RawFrame ack = raw.until(SETTINGS, 0);
            while (ack != null && !ack.flag(FLAG_ACK)) {
                ack = raw.until(SETTINGS, 0);
            }
            assertNotNull(ack);
            assertEquals(0, ack.payload().length);
            raw.send(headers(1, true, get("/hello")));
            assertEquals("200", raw.response(1).status(), "a table size of 0 is honoured by the encoder");
            raw.send(headers(3, true, get("/hello")));
            assertEquals("200", raw.response(3).status());
        }
    }

    @Test
    void serverSettingsAnnounceTheLimits() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            byte[] p = raw.serverSettings.payload();
            Map<Integer, Integer> values = new java.util.HashMap<>();
            for (int i = 0; i < p.length; i += 6) {
                values.put((p[i] & 0xff) << 8 | p[i + 1] & 0xff, new H2Raw.RawFrame(0, 0, 0, p).int32(i + 2));
            }
            assertEquals(3, values.get(Http2.SETTINGS_MAX_CONCURRENT_STREAMS));
            assertEquals(0, values.get(Http2.SETTINGS_ENABLE_PUSH));
            assertEquals(1 << 20, values.get(Http2.SETTINGS_INITIAL_WINDOW_SIZE));
            assertEquals(16384, values.get(Http2.SETTINGS_MAX_FRAME_SIZE));
        }
    }

    @Test
    void pingIsAnsweredAndUnknownFramesIgnored() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(frame(0x42, 0xff, 0, new byte[10]), frame(0x42, 0, 1, new byte[3]));
            assertTrue(raw.pingPong());
            raw.send(frame(PRIORITY, 0, 9, new byte[] {0, 0, 0, 3, 16}), frame(PING, FLAG_ACK, 0, new byte[8]));
            assertTrue(raw.pingPong(), "PRIORITY is ignored, a PING ACK is not answered");
        }
    }

    @Test
    void undefinedFlagsReservedBitsPaddingAndPriorityAreAccepted() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            byte[] block = block(get("/hello"));
            byte[] payload = new byte[1 + 5 + block.length + 4];
            payload[0] = 4; // pad length
            payload[1] = (byte) 0x80; // exclusive dependency on stream 0
            payload[5] = 15; // weight
            System.arraycopy(block, 0, payload, 6, block.length);
            raw.send(frame(HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM | FLAG_PADDED | FLAG_PRIORITY | 0x40, 1, payload));
            assertEquals("200", raw.response(1).status());
            byte[] ping = frame(PING, 0xfe, 0, new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
            ping[5] |= (byte) 0x80; // the reserved bit of the stream id
            raw.send(ping);
            H2Raw.RawFrame ack = raw.until(PING, 0);
            assertNotNull(ack);
            assertTrue(ack.flag(FLAG_ACK));
            assertArrayEquals(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, ack.payload());
        }
    }

    @Test
    void aWindowMadeNegativeBySettingsIsHonoured() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(settings(Http2.SETTINGS_INITIAL_WINDOW_SIZE, 3));
            raw.send(headers(1, true, get("/big?n=10&seed=2")));
            assertEquals(3, raw.until(DATA, 1).payload().length);
            raw.send(settings(Http2.SETTINGS_INITIAL_WINDOW_SIZE, 0)); // the window is now -3
            raw.send(frame(WINDOW_UPDATE, 0, 1, int32(4))); // and now 1
            H2Raw.RawFrame one = raw.until(DATA, 1);
            assertEquals(1, one.payload().length, "one byte fits in a window of 1");
            raw.send(frame(WINDOW_UPDATE, 0, 1, int32(100)));
            H2Raw.RawFrame rest = raw.until(DATA, 1);
            assertEquals(6, rest.payload().length);
            assertTrue(rest.flag(FLAG_END_STREAM));
        }
    }

    @Test
    void tooManyStreamsAreRefused() throws Exception {
        TestRoutes.gate = new CountDownLatch(1);
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(1, true, get("/block")), headers(3, true, get("/block")), headers(5, true, get("/block")),
                    headers(7, true, get("/hello")));
            assertEquals(Outcome.reset(Http2.REFUSED_STREAM), raw.outcome(7));
            TestRoutes.gate.countDown();
            assertEquals("released", new String(raw.response(1).body()));
        }
    }

    @Test
    void dataAfterACompleteResponseIsStoppedWithNoError() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(1, false, get("/hello")), data(1, false, new byte[10]));
            assertEquals(Outcome.reset(Http2.NO_ERROR), raw.outcome(1));
            assertTrue(raw.pingPong());
        }
    }

    @Test
    void aSmallPeerWindowIsRespected() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(settings(Http2.SETTINGS_INITIAL_WINDOW_SIZE, 3));
            raw.send(headers(1, true, get("/big?n=10&seed=1")));
            H2Raw.RawFrame first = raw.until(DATA, 1);
            assertEquals(3, first.payload().length, "the first DATA fills the stream window exactly");
            raw.send(frame(WINDOW_UPDATE, 0, 1, int32(100)));
            H2Raw.RawFrame rest = raw.until(DATA, 1);
            assertEquals(7, rest.payload().length);
            assertTrue(rest.flag(FLAG_END_STREAM));
            byte[] all = concat(first.payload(), rest.payload());
            assertArrayEquals(TestRoutes.bytes(10, 1), all);
        }
    }

    @Test
    void trailersReachTheHandlerAndPaddingIsStripped() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/echo", "content-length", "5"),
                    frame(DATA, FLAG_PADDED, 1, new byte[] {3, 'a', 'b', 0, 0, 0}),
                    data(1, false, new byte[] {'c', 'd', 'e'}),
                    headers(1, true, "x-checksum", "abc123"));
            H2Raw.Response response = raw.response(1);
            assertEquals("200", response.status());
            assertEquals("abcde", new String(response.body()));
            assertEquals("abc123", response.header("x-trailer"));
        }
    }

    @Test
    void expectContinueIsAnsweredWhenTheBodyIsRead() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/echo", "expect", "100-continue"));
            H2Raw.RawFrame interim = raw.until(HEADERS, 1);
            assertNotNull(interim);
            assertEquals("100", interim.fields().get(0).value());
            raw.send(data(1, true, "body".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            assertEquals("body", new String(raw.response(1).body()));
        }
    }

    @Test
    void cookieCrumbsHeadAndHints() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(1, true, get("/headers", "cookie", "a=1", "cookie", "b=2")));
            assertTrue(new String(raw.response(1).body()).contains("cookie=a=1; b=2\n"));
            raw.send(headers(3, true, ":method", "HEAD", ":scheme", "http", ":path", "/hello"));
            H2Raw.Response head = raw.response(3);
            assertEquals(0, head.body().length);
            assertNotNull(head.header("content-length"));
            raw.send(headers(5, true, get("/hints")));
            H2Raw.RawFrame interim = raw.until(HEADERS, 5);
            assertTrue(!interim.flag(FLAG_END_STREAM), "the 103 does not end the stream");
            assertEquals("with hints", new String(raw.response(5).body()));
        }
    }

    @Test
    void switchingProtocolsAsksForHttp11() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(1, true, get("/ws")));
            assertEquals(Outcome.reset(Http2.HTTP_1_1_REQUIRED), raw.outcome(1));
        }
    }

    @Test
    void aFailureAfterCommitResetsTheStream() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(1, true, get("/late-boom")));
            assertEquals(Outcome.reset(Http2.INTERNAL_ERROR), raw.outcome(1));
            raw.send(headers(3, true, get("/boom")));
            H2Raw.Response response = raw.response(3);
            assertEquals("500", response.status());
            assertTrue(!new String(response.body()).contains("secret"));
        }
    }

    @Test
    void aBadTargetGets400() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(1, true, get("/a%zz")));
            assertEquals("400", raw.response(1).status());
            raw.send(headers(3, true, get("/../etc/passwd")));
            assertEquals("400", raw.response(3).status());
        }
    }

    @Test
    void headerListsOverTheLimitGet431() throws Exception {
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(frame(HEADERS, FLAG_END_STREAM, 1, block(get("/hello", "x-big", "a".repeat(10_000)))),
                    frame(CONTINUATION, FLAG_END_HEADERS, 1, block("x-big2", "b".repeat(10_000))));
            assertEquals("431", raw.response(1).status());
            raw.send(headers(3, true, get("/hello")));
            assertEquals("200", raw.response(3).status(), "the connection goes on");
        }
    }

    @Test
    void anInvalidPrefaceAfterAnUpgradeIsAProtocolError() throws Exception {
        try (H2Raw raw = H2Raw.open(server.port())) {
            raw.send(("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: \r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            raw.send("PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String head = switchingProtocols(raw); // the 101 head comes first, then frames
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            assertEquals(Outcome.goAway(Http2.PROTOCOL_ERROR), raw.outcome(Integer.MIN_VALUE));
        }
    }

    @Test
    void anUpgradedRequestIsAnsweredOnStream1() throws Exception {
        try (H2Raw raw = H2Raw.open(server.port())) {
            raw.send(("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String head = switchingProtocols(raw);
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("upgrade: h2c"), head);
            raw.handshake();
            H2Raw.Response response = raw.response(1);
            assertEquals("200", response.status());
            assertEquals("hello HTTP/2.0 http localhost [hello]", new String(response.body()));
            raw.send(headers(3, true, get("/hello")));
            assertEquals("200", raw.response(3).status());
        }
    }

    /** Reads the HTTP/1.1 head that precedes the frames after an upgrade. */
    private static String switchingProtocols(H2Raw raw) throws java.io.IOException {
        java.io.InputStream in = raw.input();
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            assertTrue(c >= 0, "the 101 head ended early: " + sb);
            sb.append((char) c);
        }
        return sb.toString();
    }

    @Test
    void upgradeRequestsWithoutTheRightHeadersStayOnHttp11() throws Exception {
        for (String headers : List.of("Connection: Upgrade\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABk\r\n",
                "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n",
                "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: !!\r\n")) {
            try (motor.test.RawClient client = server.raw()) {
                motor.test.RawClient.Response response = client.send("GET /hello HTTP/1.1\r\nHost: localhost\r\n"
                        + headers + "\r\n").read();
                assertEquals(200, response.status(), headers);
            }
        }
    }

    @Test
    void handlersBlockedOnOneStreamDoNotStopOthers() throws Exception {
        TestRoutes.gate = new CountDownLatch(1);
        TestRoutes.blocked = new CountDownLatch(1);
        try (H2Raw raw = H2Raw.connect(server.port())) {
            raw.send(headers(1, true, get("/block")));
            assertTrue(TestRoutes.blocked.await(10, TimeUnit.SECONDS));
            raw.send(headers(3, true, get("/hello")));
            assertEquals("200", raw.response(3).status());
            TestRoutes.gate.countDown();
            assertEquals("released", new String(raw.response(1).body()));
        }
    }
}
