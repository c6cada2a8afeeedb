package motor.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import motor.spi.HttpException;
import motor.spi.Method;
import motor.spi.Request;
import org.junit.jupiter.api.Test;

/** The in-memory request behaves as the server's does: target parts, headers, body limits and errors. */
class TestRequestTest {

    private static HttpException status(int expected, org.junit.jupiter.api.function.Executable call) {
        HttpException e = assertThrows(HttpException.class, call);
        assertEquals(expected, e.status(), e.getMessage());
        return e;
    }

    @Test
    void defaults() {
        TestRequest request = TestRequest.builder().build();
        assertSame(Method.GET, request.method());
        assertEquals("/", request.target());
        assertEquals("/", request.path());
        assertEquals(List.of(""), request.pathSegments());
        assertNull(request.rawQuery());
        assertTrue(request.query().isEmpty());
        assertEquals("HTTP/1.1", request.protocol());
        assertEquals("http", request.scheme());
        assertEquals("localhost", request.header("Host"), "an HTTP/1.1 request has a Host header");
        assertEquals("localhost", request.authority());
        assertEquals(0, request.contentLength());
        assertFalse(request.headers().contains("Content-Length"));
        assertEquals(TestRequest.DEFAULT_BODY_LIMIT, request.bodyLimit());
        assertEquals(new InetSocketAddress("127.0.0.1", 40000), request.remoteAddress());
        assertEquals(new InetSocketAddress("127.0.0.1", 8080), request.localAddress());
        assertTrue(request.id().startsWith("test-"));
        assertTrue(request.pathParameters().isEmpty());
        assertTrue(request.attributes().isEmpty());
        assertTrue(request.trailers().isEmpty());
        assertEquals(Optional.empty(), request.principal());
    }

    @Test
    void standardMethodsAreTheSpiConstants() {
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH")) {
            String copy = new String(method.toCharArray());
            assertSame(method, TestRequest.builder(copy, "/").build().method(), method);
        }
        assertEquals("PROPFIND", TestRequest.builder("PROPFIND", "/").build().method());
        for (String bad : new String[] {"", "GE T", "GET\r\n", "G(ET"}) {
            assertThrows(IllegalArgumentException.class, () -> TestRequest.builder(bad, "/"), bad);
        }
    }

    @Test
    void originFormTarget() {
        TestRequest request = TestRequest.builder("GET", "/a/b%20c/?x=1&y=%C3%A9&x=2").build();
        assertEquals("/a/b%20c/", request.path());
        assertEquals(List.of("a", "b c", ""), request.pathSegments());
        assertEquals("x=1&y=%C3%A9&x=2", request.rawQuery());
        assertEquals(List.of("1", "2"), request.query().all("x"));
        assertEquals("\u00e9", request.query().first("y"));
        assertEquals("", TestRequest.builder("GET", "/?").build().rawQuery());
    }

    @Test
    void segmentsAreDecodedOnceWithDotsResolvedAfterDecoding() {
        assertEquals(List.of("b"), segments("/a/../b"));
        assertEquals(List.of("b"), segments("/a/%2e%2E/b"));
        assertEquals(List.of("a", ""), segments("/a/."));
        assertEquals(List.of(""), segments("/a/.."));
        assertEquals(List.of("a/b", "c"), segments("/a%2Fb/c"), "an encoded slash stays in its segment");
        assertEquals(List.of("%2e%2e", "x"), segments("/%252e%252e/x"), "decoded once only");
        assertEquals(List.of("", "a", "", ""), segments("//a//"));
        assertEquals(List.of("caf\u00e9"), segments("/caf%C3%A9"));
        status(400, () -> segments("/.."));
        status(400, () -> segments("/a/../../b"));
        status(400, () -> segments("/a%00b"));
        status(400, () -> segments("/%ff"));
        status(400, () -> TestRequest.builder("GET", "/?a=%ff").build().query());
    }

    private static List<String> segments(String target) {
        return TestRequest.builder("GET", target).build().pathSegments();
    }

    @Test
    void otherTargetForms() {
        TestRequest absolute = TestRequest.builder("GET", "http://example.com:8080?q").build();
        assertEquals("/", absolute.path());
        assertEquals("q", absolute.rawQuery());
        assertEquals("example.com:8080", absolute.authority());
        assertEquals("example.com:8080", absolute.header("Host"));
        TestRequest withHost = TestRequest.builder("GET", "https://a.example/x").header("Host", "b.example").build();
        assertEquals("a.example", withHost.authority(), "the target's authority wins over Host");
        assertEquals("/x", withHost.path());

        TestRequest asterisk = TestRequest.builder("OPTIONS", "*").build();
        assertEquals("*", asterisk.path());
        assertEquals(List.of(), asterisk.pathSegments());
        assertThrows(IllegalArgumentException.class, () -> TestRequest.builder("GET", "*").build());

        TestRequest connect = TestRequest.builder("CONNECT", "example.com:443").build();
        assertEquals("", connect.path());
        assertEquals("example.com:443", connect.authority());
        assertEquals(List.of(), connect.pathSegments());
        assertThrows(IllegalArgumentException.class, () -> TestRequest.builder("CONNECT", "/").build());
        assertThrows(IllegalArgumentException.class, () -> TestRequest.builder("CONNECT", "example.com").build());

        for (String bad : new String[] {"", "a/b", "ftp://x/", "http:///x", "/a b", "/a#f", "/%zz", "/%4", "/\u00e9",
            "/a\tb", "/a\\b"}) {
            assertThrows(IllegalArgumentException.class, () -> TestRequest.builder("GET", bad).build(), bad);
        }
    }

    @Test
    void hostAndHttp10() {
        assertEquals(List.of("example.com"),
                TestRequest.builder().header("host", "example.com").build().headers().all("Host"));
        TestRequest old = TestRequest.builder().protocol("HTTP/1.0").build();
        assertEquals("HTTP/1.0", old.protocol());
        assertFalse(old.headers().contains("Host"));
        assertEquals("", old.authority());
        assertThrows(IllegalArgumentException.class, () -> TestRequest.builder().protocol("HTTP/2"));
    }

    @Test
    void everySettingReachesTheRequest() {
        Principal alice = () -> "alice";
        TestRequest request = TestRequest.builder("PUT", "/users/7")
                .headers("Accept", "text/plain", "Accept", "text/html")
                .header("X-One", "1")
                .scheme("https")
                .remoteAddress(new InetSocketAddress("192.0.2.1", 1234))
                .localAddress(new InetSocketAddress("192.0.2.2", 443))
                .pathParameter("id", "7")
                .attribute(Request.PRINCIPAL, alice)
                .id("r1")
                .build();
        assertEquals(List.of("text/plain", "text/html"), request.headers().all("accept"));
        assertEquals("1", request.header("x-one"));
        assertEquals("https", request.scheme());
        assertEquals(new InetSocketAddress("192.0.2.1", 1234), request.remoteAddress());
        assertEquals(new InetSocketAddress("192.0.2.2", 443), request.localAddress());
        assertEquals("7", request.pathParameter("id"));
        assertEquals(Map.of("id", "7"), request.pathParameters());
        assertEquals(Optional.of(alice), request.principal());
        assertEquals("r1", request.id());
        request.attributes().put("k", "v");
        assertEquals("v", request.attributes().get("k"));
        assertThrows(IllegalArgumentException.class, () -> TestRequest.builder().scheme("ftp"));
        assertThrows(IllegalArgumentException.class, () -> TestRequest.builder().headers("Accept"));
    }

    @Test
    void requestsFromOneBuilderShareNoState() {
        TestRequest.Builder builder = TestRequest.builder().attribute("a", 1);
        TestRequest first = builder.build();
        first.attributes().put("b", 2);
        first.headers().add("X", "y");
        TestRequest second = builder.build();
        assertEquals(Map.of("a", 1), second.attributes());
        assertFalse(second.headers().contains("X"));
        assertFalse(first.id().equals(second.id()));
    }

    @Test
    void bodyBytesAndText() throws IOException {
        TestRequest request = TestRequest.builder("POST", "/").header("Content-Type", "text/plain; charset=ISO-8859-1")
                .body("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)).build();
        assertEquals(4, request.contentLength());
        assertEquals("4", request.header("Content-Length"));
        assertSame(request.body(), request.body());
        assertFalse(request.bodyStarted());
        assertEquals("caf\u00e9", request.bodyText());
        assertTrue(request.bodyStarted());
        assertEquals(-1, request.body().read());

        TestRequest text = TestRequest.builder("POST", "/").body("\u00e9").build();
        assertEquals(2, text.contentLength(), "UTF-8");
        TestRequest empty = TestRequest.builder("POST", "/").body(new byte[0]).build();
        assertEquals("0", empty.header("Content-Length"));
        assertEquals(-1, empty.body().read());
        assertFalse(empty.bodyStarted(), "an empty body is never started, as on the server");
    }

    @Test
    void bodyOfUnknownLengthIsChunkedWithTrailersAtTheEnd() throws IOException {
        TestRequest request = TestRequest.builder("POST", "/")
                .body(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)), -1)
                .trailer("Digest", "x").build();
        assertEquals(-1, request.contentLength());
        assertEquals("chunked", request.header("Transfer-Encoding"));
        assertFalse(request.headers().contains("Content-Length"));
        assertTrue(request.trailers().isEmpty());
        assertEquals('a', request.body().read());
        assertTrue(request.trailers().isEmpty(), "not before the end");
        assertEquals("bc", new String(request.body().readAllBytes(), StandardCharsets.US_ASCII));
        assertEquals("x", request.trailers().first("Digest"));
    }

    @Test
    void framingHeadersGivenByHandMustAgree() {
        byte[] five = new byte[5];
        assertEquals("5", TestRequest.builder("POST", "/").header("Content-Length", "5").body(five).build()
                .header("Content-Length"));
        assertThrows(IllegalArgumentException.class,
                () -> TestRequest.builder("POST", "/").header("Content-Length", "4").body(five).build());
        assertThrows(IllegalArgumentException.class,
                () -> TestRequest.builder("POST", "/").header("Transfer-Encoding", "chunked").body(five).build());
        assertThrows(IllegalArgumentException.class, () -> TestRequest.builder("POST", "/")
                .header("Content-Length", "5").body(new ByteArrayInputStream(five), -1).build());
        assertEquals("gzip, chunked", TestRequest.builder("POST", "/").header("Transfer-Encoding", "gzip, chunked")
                .body(new ByteArrayInputStream(five), -1).build().header("Transfer-Encoding"));
        assertThrows(IllegalArgumentException.class, () -> TestRequest.builder().body(InputStream.nullInputStream(), -2));
    }

    @Test
    void declaredLengthOverTheLimitIs413OnTheFirstRead() throws IOException {
        TestRequest request = TestRequest.builder("POST", "/").body(new byte[11]).bodyLimit(10).build();
        InputStream body = request.body(); // asking for the stream is not reading it
        HttpException e = status(413, body::read);
        assertEquals("request body larger than 10 bytes", e.getMessage());
        assertEquals(10, TestRequest.builder("POST", "/").body(new byte[10]).bodyLimit(10).build().bodyBytes().length,
                "exactly the limit is fine");
    }

    @Test
    void unknownLengthPastTheLimitIs413AtTheByteThatPassesIt() throws IOException {
        byte[] data = new byte[100];
        TestRequest request = TestRequest.builder("POST", "/").body(new ByteArrayInputStream(data), -1).build();
        request.bodyLimit(50);
        InputStream body = request.body();
        assertEquals(50, body.readNBytes(50).length);
        status(413, body::read);

        TestRequest exact = TestRequest.builder("POST", "/").body(new ByteArrayInputStream(data), -1).bodyLimit(100)
                .build();
        assertArrayEquals(data, exact.bodyBytes());
    }

    @Test
    void theLimitIsFixedOnceReadingBegins() throws IOException {
        TestRequest request = TestRequest.builder("POST", "/").body(new byte[4]).build();
        request.bodyLimit(4);
        request.body();
        request.bodyLimit(5); // the stream exists but nothing was read
        assertEquals(0, request.body().read());
        assertThrows(IllegalStateException.class, () -> request.bodyLimit(6));
        assertEquals(5, request.bodyLimit());
        assertThrows(IllegalArgumentException.class, () -> TestRequest.builder().build().bodyLimit(-1));
        assertThrows(IllegalArgumentException.class, () -> TestRequest.builder().bodyLimit(-1));
    }

    @Test
    void aBodyShorterThanDeclaredIs400AndStreamFailuresPassThrough() throws IOException {
        TestRequest shortBody = TestRequest.builder("POST", "/")
                .body(new ByteArrayInputStream(new byte[3]), 10).build();
        InputStream body = shortBody.body();
        assertEquals(3, body.read(new byte[10]));
        status(400, body::read);

        TestRequest longer = TestRequest.builder("POST", "/").body(new ByteArrayInputStream(new byte[20]), 10).build();
        assertEquals(10, longer.bodyBytes().length, "the declared length bounds what is read");

        IOException reset = new IOException("connection reset");
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[2]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw reset;
            }
        });
        TestRequest broken = TestRequest.builder("POST", "/").body(failing, -1).build();
        assertSame(reset, assertThrows(IOException.class, broken::bodyBytes));
    }

    @Test
    void readSizeHandsTheBodyOutInPieces() throws IOException {
        byte[] data = "0123456789".getBytes(StandardCharsets.US_ASCII);
        TestRequest request = TestRequest.builder("POST", "/").body(data).readSize(3).build();
        byte[] buffer = new byte[10];
        assertEquals(3, request.body().read(buffer));
        assertEquals(3, request.body().read(buffer, 3, 7));
        assertEquals("6789", new String(request.body().readNBytes(100), StandardCharsets.US_ASCII));

        TestRequest oneByOne = TestRequest.builder("POST", "/").body(new ByteArrayInputStream(data), -1).readSize(1)
                .bodyLimit(9).build();
        assertEquals(1, oneByOne.body().read(buffer));
        status(413, oneByOne::bodyBytes);
        assertThrows(IllegalArgumentException.class, () -> TestRequest.builder().readSize(0));
    }

    @Test
    void servicesStandInForWhatExtensionsProvide() {
        TestRequest request = TestRequest.builder().service(CharSequence.class, "provided").build();
        org.junit.jupiter.api.Assertions.assertEquals("provided", request.service(CharSequence.class).orElseThrow());
        org.junit.jupiter.api.Assertions.assertTrue(request.service(Integer.class).isEmpty());
        org.junit.jupiter.api.Assertions.assertTrue(TestRequest.builder().build().service(CharSequence.class).isEmpty());
    }
}
