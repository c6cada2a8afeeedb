package motor.core.internal.http1;

import static motor.core.internal.http1.ParserHarness.incomplete;
import static motor.core.internal.http1.ParserHarness.parse;
import static motor.core.internal.http1.ParserHarness.reject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import motor.core.Compliance;
import motor.spi.HttpException;
import motor.spi.Method;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestParserTest {

    private static final String HOST = "Host: example.com\r\n";

    @Nested
    class WellFormed {

        @Test
        void simpleGet() {
            RequestHead head = parse("GET /index.html?a=1 HTTP/1.1\r\n" + HOST + "Accept: */*\r\n\r\n");
            assertSame(Method.GET, head.method());
            assertEquals("/index.html?a=1", head.target());
            assertEquals("/index.html", head.path());
            assertEquals("a=1", head.query());
            assertEquals("example.com", head.authority());
            assertEquals(1, head.minorVersion());
            assertEquals("*/*", head.headers().first("accept"));
            assertEquals(0, head.contentLength());
            assertTrue(head.keepAlive());
            assertFalse(head.expectContinue());
        }

        @Test
        void headLengthCountsOnlyTheHead() {
            String head = "POST /x HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n\r\n";
            RequestHead parsed = ParserHarness.whole((head + "hello").getBytes(StandardCharsets.US_ASCII),
                    EnumSet.noneOf(Compliance.class));
            assertEquals(head.length(), parsed.length());
            assertEquals(5, parsed.contentLength());
        }

        @Test
        void standardMethodsAreCanonicalInstances() {
            for (String method : new String[] {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"}) {
                RequestHead head = parse(method + " / HTTP/1.1\r\n" + HOST + "\r\n");
                assertSame(method.intern(), head.method(), method);
            }
        }

        @Test
        void extensionMethodIsKeptAsSent() {
            assertEquals("PROPFIND", parse("PROPFIND / HTTP/1.1\r\n" + HOST + "\r\n").method());
        }

        @Test
        void fieldValuesAreTrimmedOfOptionalWhitespace() {
            RequestHead head = parse("GET / HTTP/1.1\r\n" + HOST + "X-A: \t padded \t \r\nX-B:tight\r\nX-C:\r\n\r\n");
            assertEquals("padded", head.headers().first("X-A"));
            assertEquals("tight", head.headers().first("x-b"));
            assertEquals("", head.headers().first("X-C"));
        }

        @Test
        void repeatedFieldsKeepTheirOrder() {
            RequestHead head = parse("GET / HTTP/1.1\r\n" + HOST + "Accept: a\r\nAccept: b\r\n\r\n");
            assertEquals(java.util.List.of("a", "b"), head.headers().all("Accept"));
        }

        @Test
        void obsTextInValuesIsLatin1() {
            RequestHead head = parse("GET / HTTP/1.1\r\n" + HOST + "X-Name: caf\u00e9\r\n\r\n");
            assertEquals("caf\u00e9", head.headers().first("X-Name"));
        }

        @Test
        void leadingEmptyLinesAreIgnored() {
            RequestHead head = parse("\r\n\r\nGET / HTTP/1.1\r\n" + HOST + "\r\n");
            assertEquals("/", head.target());
            assertEquals(("\r\n\r\nGET / HTTP/1.1\r\n" + HOST + "\r\n").length(), head.length());
        }

        @Test
        void http10WithoutHost() {
            RequestHead head = parse("GET / HTTP/1.0\r\n\r\n");
            assertEquals(0, head.minorVersion());
            assertEquals("", head.authority());
            assertFalse(head.keepAlive());
        }

        @Test
        void http10KeepAliveOnlyWhenAsked() {
            assertTrue(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive());
        }

        @Test
        void http11CloseWhenAsked() {
            assertFalse(parse("GET / HTTP/1.1\r\n" + HOST + "Connection: foo, close\r\n\r\n").keepAlive());
        }

        @Test
        void absoluteFormTakesTheAuthorityFromTheTarget() {
            RequestHead head = parse("GET http://Other.example:8080/p/q?x=1 HTTP/1.1\r\n" + HOST + "\r\n");
            assertEquals("Other.example:8080", head.authority());
            assertEquals("/p/q", head.path());
            assertEquals("x=1", head.query());
        }

        @Test
        void absoluteFormWithoutPathIsTheRoot() {
            assertEquals("/", parse("GET https://h.example HTTP/1.1\r\n" + HOST + "\r\n").path());
        }

        @Test
        void asteriskFormForOptions() {
            RequestHead head = parse("OPTIONS * HTTP/1.1\r\n" + HOST + "\r\n");
            assertEquals("*", head.path());
        }

        @Test
        void authorityFormForConnect() {
            RequestHead head = parse("CONNECT example.com:443 HTTP/1.1\r\n" + HOST + "\r\n");
            assertEquals("example.com:443", head.authority());
            assertEquals("", head.path());
        }

        @Test
        void ipv6Host() {
            assertEquals("[::1]:8080", parse("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n").authority());
        }

        @Test
        void emptyHostIsAllowed() {
            assertEquals("", parse("GET / HTTP/1.1\r\nHost:\r\n\r\n").authority());
        }

        @Test
        void contentLength() {
            assertEquals(42, parse("POST / HTTP/1.1\r\n" + HOST + "Content-Length: 42\r\n\r\n").contentLength());
        }

        @Test
        void identicalContentLengthsAreOne() {
            assertEquals(7, parse("POST / HTTP/1.1\r\n" + HOST + "Content-Length: 7\r\nContent-Length: 7\r\n\r\n")
                    .contentLength());
            assertEquals(7, parse("POST / HTTP/1.1\r\n" + HOST + "Content-Length: 7, 7\r\n\r\n").contentLength());
        }

        @Test
        void chunked() {
            RequestHead head = parse("POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n");
            assertTrue(head.chunked());
            assertEquals(-1, head.contentLength());
        }

        @Test
        void chunkedIsCaseInsensitive() {
            assertTrue(parse("POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: CHUNKED\r\n\r\n").chunked());
        }

        @Test
        void expectContinue() {
            assertTrue(parse("PUT / HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\nExpect: 100-Continue\r\n\r\n")
                    .expectContinue());
        }

        @Test
        void expectContinueWithoutBodyWaitsForNothing() {
            assertFalse(parse("GET / HTTP/1.1\r\n" + HOST + "Expect: 100-continue\r\n\r\n").expectContinue());
        }

        @Test
        void expectIsIgnoredFromHttp10() {
            assertFalse(parse("PUT / HTTP/1.0\r\nContent-Length: 3\r\nExpect: something-else\r\n\r\n")
                    .expectContinue());
        }

        @Test
        void percentEncodingInTargetIsKept() {
            assertEquals("/a%20b", parse("GET /a%20b HTTP/1.1\r\n" + HOST + "\r\n").path());
        }

        @Test
        void commonHeaderNamesAreCanonical() {
            RequestHead head = parse("GET / HTTP/1.1\r\nhost: a\r\nUSER-AGENT: x\r\n\r\n");
            assertSame(HeaderNames.HOST, head.headers().name(0));
            assertEquals("User-Agent", head.headers().name(1));
        }

        @Test
        void incompleteHeadWaits() {
            incomplete("GET / HTTP/1.1\r\nHost: a\r\n");
            incomplete("GET / HTT");
            incomplete("");
        }
    }

    @Nested
    class RequestLine {

        @Test
        void bareLfIsRefusedByDefault() {
            reject("GET / HTTP/1.1\n" + HOST + "\r\n", 400);
            reject("GET / HTTP/1.1\r\n" + "Host: a\n\r\n", 400);
            reject("GET / HTTP/1.1\r\n" + HOST + "\n", 400);
        }

        @Test
        void bareLfIsANamedTolerance() {
            RequestHead head = parse("GET / HTTP/1.1\nHost: a\nX: y\n\n", Compliance.BARE_LF);
            assertEquals("y", head.headers().first("X"));
        }

        @Test
        void bareCrIsRefused() {
            reject("GET / HTTP/1.1\r" + HOST + "\r\n", 400);
            reject("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "GET  / HTTP/1.1", "GET /  HTTP/1.1", " GET / HTTP/1.1", "GET / HTTP/1.1 ", "GET\t/ HTTP/1.1",
            "GET /", "GET", "GET / HTTP/1.1 extra", "G@T / HTTP/1.1", "GET / http/1.1", "GET / HTTP/1.10",
            "GET / HTTP/11", "GET / HTTP/1.x", "GET / HTTPS/1.1", "\u0016\u0003\u0001 / HTTP/1.1",
        })
        void malformedRequestLines(String line) {
            reject(line + "\r\n" + HOST + "\r\n", 400);
        }

        @ParameterizedTest
        @ValueSource(strings = {"HTTP/2.0", "HTTP/0.9", "HTTP/1.2", "HTTP/3.0"})
        void otherVersionsAre505(String version) {
            reject("GET / " + version + "\r\n" + HOST + "\r\n", 505);
        }

        @Test
        void tlsHandshakeBytesAreRefusedAtOnce() {
            byte[] clientHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
            RequestParser parser = ParserHarness.parser(EnumSet.noneOf(Compliance.class));
            HttpException e = org.junit.jupiter.api.Assertions.assertThrows(HttpException.class,
                    () -> parser.parse(clientHello, 0, 1));
            assertEquals(400, e.status());
        }

        @Test
        void longMethodIsRefused() {
            reject("A".repeat(RequestParser.MAX_METHOD_LENGTH + 1) + " / HTTP/1.1\r\n" + HOST + "\r\n", 400);
        }

        @Test
        void tooManyLeadingEmptyLines() {
            reject("\r\n".repeat(RequestParser.MAX_LEADING_EMPTY_LINES + 1) + "GET / HTTP/1.1\r\n" + HOST + "\r\n",
                    400);
        }

        @Test
        void targetAtTheLimitIsAccepted() {
            String target = "/" + "a".repeat(ParserHarness.MAX_TARGET - 1);
            assertEquals(target, parse("GET " + target + " HTTP/1.1\r\n" + HOST + "\r\n").target());
        }

        @Test
        void longTargetIs414() {
            String target = "/" + "a".repeat(ParserHarness.MAX_TARGET);
            reject("GET " + target + " HTTP/1.1\r\n" + HOST + "\r\n", 414);
        }

        @Test
        void endlessTargetIs414BeforeTheLineEnds() {
            String start = "GET /" + "a".repeat(ParserHarness.MAX_TARGET + 20);
            byte[] bytes = start.getBytes(StandardCharsets.US_ASCII);
            HttpException e = org.junit.jupiter.api.Assertions.assertThrows(HttpException.class,
                    () -> ParserHarness.parser(EnumSet.noneOf(Compliance.class)).parse(bytes, 0, bytes.length));
            assertEquals(414, e.status());
        }
    }

    @Nested
    class Targets {

        @ParameterizedTest
        @ValueSource(strings = {"/a b", "/a\u0000b", "/a\u007fb", "/caf\u00e9", "/a#frag", "/a%2", "/a%zz", "/%",
            "/a\"b", "/a<b", "/a{b}", "/a|b", "/a\\b", "/a^b", "/a`b", "/[x]", "x/y", "ftp://h/x",
            "http://", "http:///x", "http://user@h/x", "http://h:99999999/x", "http://h:x/", "http://h/[", "*x"})
        void invalidTargetsAre400(String target) {
            if (target.indexOf(' ') >= 0) {
                reject("GET " + target + " HTTP/1.1\r\n" + HOST + "\r\n", 400);
            } else {
                reject("GET " + target + " HTTP/1.1\r\n" + HOST + "\r\n", 400);
            }
        }

        @Test
        void unsafeCharactersAreANamedTolerance() {
            RequestHead head = parse("GET /a|b{c}^`\"<>\\ HTTP/1.1\r\n" + HOST + "\r\n",
                    Compliance.UNSAFE_TARGET_CHARACTERS);
            assertEquals("/a|b{c}^`\"<>\\", head.path());
            reject("GET /a\u0001b HTTP/1.1\r\n" + HOST + "\r\n", 400, Compliance.UNSAFE_TARGET_CHARACTERS);
        }

        @Test
        void asteriskOnlyForOptions() {
            reject("GET * HTTP/1.1\r\n" + HOST + "\r\n", 400);
        }

        @Test
        void connectNeedsAuthorityForm() {
            reject("CONNECT / HTTP/1.1\r\n" + HOST + "\r\n", 400);
            reject("CONNECT example.com HTTP/1.1\r\n" + HOST + "\r\n", 400);
        }

        @Test
        void authorityFormOnlyForConnect() {
            reject("GET example.com:80 HTTP/1.1\r\n" + HOST + "\r\n", 400);
        }
    }

    @Nested
    class Fields {

        @Test
        void whitespaceBeforeColonIsRefused() {
            String message = reject("GET / HTTP/1.1\r\n" + HOST + "Content-Length : 5\r\n\r\n", 400);
            assertTrue(message.contains("whitespace"), message);
            reject("GET / HTTP/1.1\r\n" + HOST + "X-A\t: b\r\n\r\n", 400);
        }

        @Test
        void obsFoldIsRefusedByDefault() {
            reject("GET / HTTP/1.1\r\n" + HOST + "X-A: b\r\n  c\r\n\r\n", 400);
        }

        @Test
        void obsFoldIsANamedTolerance() {
            RequestHead head = parse("GET / HTTP/1.1\r\n" + HOST + "X-A: b\r\n  c\r\n\td\r\nX-B: e\r\n\r\n",
                    Compliance.OBS_FOLD);
            assertEquals("b c d", head.headers().first("X-A"));
            assertEquals("e", head.headers().first("X-B"));
        }

        @Test
        void whitespaceBeforeFirstFieldIsRefused() {
            reject("GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400);
            reject("GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400, Compliance.OBS_FOLD);
        }

        @ParameterizedTest
        @ValueSource(strings = {"X-A: b\u0000c", "X-A: b\u0001", "X-A: b\u007f", "X(A): b", "X@: b", ": b",
            "NoColon", "X-\u00e9: b", "X A: b"})
        void malformedFieldsAre400(String field) {
            reject("GET / HTTP/1.1\r\n" + HOST + field + "\r\n\r\n", 400);
        }

        @Test
        void secretsAreNotEchoedInMessages() {
            String message = reject("GET / HTTP/1.1\r\n" + HOST + "Authorization: Bearer s3cr3t\u0001\r\n\r\n", 400);
            assertFalse(message.contains("s3cr3t"), message);
            assertFalse(message.contains("Bearer"), message);
        }

        @Test
        void headerSectionLimitIs431() {
            String big = "X-Big: " + "v".repeat(ParserHarness.MAX_HEADERS) + "\r\n";
            reject("GET / HTTP/1.1\r\n" + HOST + big + "\r\n", 431);
        }

        @Test
        void headerCountLimitIs431() {
            StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\n" + HOST);
            for (int i = 0; i < ParserHarness.MAX_COUNT; i++) {
                sb.append("X-").append(i).append(": v\r\n");
            }
            reject(sb + "\r\n", 431);
        }

        @Test
        void headerCountAtTheLimitIsAccepted() {
            StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\n" + HOST);
            for (int i = 1; i < ParserHarness.MAX_COUNT; i++) {
                sb.append("X-").append(i).append(": v\r\n");
            }
            assertEquals(ParserHarness.MAX_COUNT, parse(sb + "\r\n").headers().size());
        }
    }

    @Nested
    class HostRules {

        @Test
        void http11NeedsHost() {
            reject("GET / HTTP/1.1\r\n\r\n", 400);
        }

        @Test
        void twoHostsAre400() {
            reject("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
            reject("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", 400);
        }

        @ParameterizedTest
        @ValueSource(strings = {"a b", "a/b", "user@a", "a:b", "a:123456", "[::1", "[]", "a\u00e9", "a,b"})
        void invalidHostIs400(String host) {
            reject("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n", 400);
        }

        @Test
        void absoluteFormStillNeedsHostOnHttp11() {
            reject("GET http://a/ HTTP/1.1\r\n\r\n", 400);
        }
    }

    @Nested
    class Framing {

        @Test
        void contentLengthWithTransferEncodingIs400() {
            reject("POST / HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400);
            reject("POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", 400);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "+5", "5 5", "0x10", "5a", "", " ", "1e3", "5.0", "99999999999999999999",
            "\u00b2"})
        void invalidContentLengthIs400(String value) {
            reject("POST / HTTP/1.1\r\n" + HOST + "Content-Length: " + value + "\r\n\r\n", 400);
        }

        @Test
        void conflictingContentLengthsAre400() {
            reject("POST / HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n", 400);
            reject("POST / HTTP/1.1\r\n" + HOST + "Content-Length: 5, 6\r\n\r\n", 400);
            reject("POST / HTTP/1.1\r\n" + HOST + "Content-Length: 5,\r\n\r\n", 400);
        }

        @Test
        void chunkedMustBeLast() {
            reject("POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked, gzip\r\n\r\n", 400);
            reject("POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip\r\n\r\n", 400);
            reject("POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n",
                    400);
        }

        @Test
        void chunkedTwiceIs400() {
            reject("POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked, chunked\r\n\r\n", 400);
        }

        @Test
        void otherCodingsBeforeChunkedAre501() {
            reject("POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501);
        }

        @ParameterizedTest
        @ValueSource(strings = {"chunked;x=1", "\"chunked\"", "chunk", "chunked\u000b", "xchunked", "chunked x"})
        void malformedTransferEncodingIs400(String value) {
            reject("POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: " + value + "\r\n\r\n", 400);
        }

        @Test
        void transferEncodingInHttp10Is400() {
            reject("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400);
        }

        @Test
        void unknownExpectationIs417() {
            reject("PUT / HTTP/1.1\r\n" + HOST + "Content-Length: 1\r\nExpect: 200-ok\r\n\r\n", 417);
            reject("PUT / HTTP/1.1\r\n" + HOST + "Content-Length: 1\r\nExpect: 100-continue, x\r\n\r\n", 417);
        }
    }

    @Test
    void parserIsReusableAfterReset() {
        RequestParser parser = ParserHarness.parser(EnumSet.noneOf(Compliance.class));
        byte[] two = ("GET /1 HTTP/1.1\r\n" + HOST + "\r\nGET /2 HTTP/1.1\r\n" + HOST + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        RequestHead first = parser.parse(two, 0, two.length);
        assertEquals("/1", first.target());
        parser.reset();
        RequestHead second = parser.parse(two, first.length(), two.length);
        assertEquals("/2", second.target());
        parser.reset();
        assertNull(parser.parse(two, two.length, two.length));
    }
}
