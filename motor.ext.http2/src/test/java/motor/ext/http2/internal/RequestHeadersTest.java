package motor.ext.http2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import motor.ext.http2.internal.hpack.HeaderField;
import motor.spi.HttpException;
import motor.spi.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestHeadersTest {

    private static List<HeaderField> fields(String... namesAndValues) {
        List<HeaderField> list = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            list.add(new HeaderField(namesAndValues[i], namesAndValues[i + 1], false));
        }
        return list;
    }

    private static List<HeaderField> get(String... extra) {
        List<HeaderField> list = fields(":method", "GET", ":scheme", "https", ":path", "/a/b?x=1", ":authority",
                "example.com");
        list.addAll(fields(extra));
        return list;
    }

    @Test
    void aSimpleGetBecomesAHead() throws Exception {
        RequestHeaders.Head head = RequestHeaders.request(get("accept", "*/*"));
        assertSame(Method.GET, head.method());
        assertEquals("/a/b?x=1", head.target());
        assertEquals("/a/b", head.path());
        assertEquals("x=1", head.query());
        assertEquals("example.com", head.authority());
        assertEquals("*/*", head.headers().first("Accept"));
        assertEquals("example.com", head.headers().first("Host"), "host is added from :authority");
        assertEquals(-1, head.contentLength());
    }

    @Test
    void cookieCrumbsAreJoined() throws Exception {
        RequestHeaders.Head head = RequestHeaders.request(get("cookie", "a=1", "accept", "x", "cookie", "b=2"));
        assertEquals(List.of("a=1; b=2"), head.headers().all("cookie"));
    }

    @Test
    void hostWithoutAuthorityIsTheAuthority() throws Exception {
        RequestHeaders.Head head = RequestHeaders.request(fields(":method", "GET", ":scheme", "http", ":path", "/",
                "host", "h.example:8080"));
        assertEquals("h.example:8080", head.authority());
    }

    @Test
    void noAuthorityAtAllIsEmpty() throws Exception {
        RequestHeaders.Head head = RequestHeaders.request(fields(":method", "GET", ":scheme", "http", ":path", "/"));
        assertEquals("", head.authority());
        assertFalse(head.headers().contains("host"));
    }

    @Test
    void contentLengthIsRead() throws Exception {
        assertEquals(12, RequestHeaders.request(get("content-length", "12")).contentLength());
        assertEquals(12, RequestHeaders.request(get("content-length", "12", "content-length", "12")).contentLength());
    }

    @Test
    void extensionMethodsAndOptionsAsterisk() throws Exception {
        assertEquals("PROPFIND", RequestHeaders.request(fields(":method", "PROPFIND", ":scheme", "http", ":path",
                "/")).method());
        RequestHeaders.Head star = RequestHeaders.request(fields(":method", "OPTIONS", ":scheme", "http", ":path", "*"));
        assertEquals("*", star.path());
        assertNull(star.query());
    }

    @Test
    void connectNeedsOnlyAnAuthority() throws Exception {
        RequestHeaders.Head head = RequestHeaders.request(fields(":method", "CONNECT", ":authority", "proxy.example:443"));
        assertSame(Method.CONNECT, head.method());
        assertEquals("proxy.example:443", head.target());
        assertThrows(RequestHeaders.Malformed.class, () -> RequestHeaders.request(fields(":method", "CONNECT",
                ":authority", "proxy.example:443", ":path", "/")));
        assertThrows(RequestHeaders.Malformed.class, () -> RequestHeaders.request(fields(":method", "CONNECT")));
    }

    /** RFC 9113 8.3.1 and 8.2: each of these makes the request malformed. */
    @ParameterizedTest
    @ValueSource(strings = {
        "missing-method", "missing-scheme", "missing-path", "empty-path", "dup-method", "dup-path", "dup-scheme",
        "dup-authority", "unknown-pseudo", "status-pseudo", "pseudo-after-regular", "uppercase-name",
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te-gzip", "nul-value",
        "cr-value", "lf-value", "leading-space", "trailing-tab", "space-in-name", "colon-in-name", "empty-name",
        "bad-content-length", "negative-content-length", "two-content-lengths", "authority-differs-from-host",
        "two-hosts", "relative-path", "bad-method", "empty-method", "bad-scheme", "control-in-value", "del-in-value"
    })
    void malformed(String kind) {
        List<HeaderField> f = switch (kind) {
            case "missing-method" -> fields(":scheme", "http", ":path", "/");
            case "missing-scheme" -> fields(":method", "GET", ":path", "/");
            case "missing-path" -> fields(":method", "GET", ":scheme", "http");
            case "empty-path" -> fields(":method", "GET", ":scheme", "http", ":path", "");
            case "dup-method" -> fields(":method", "GET", ":method", "GET", ":scheme", "http", ":path", "/");
            case "dup-path" -> fields(":method", "GET", ":scheme", "http", ":path", "/", ":path", "/");
            case "dup-scheme" -> fields(":method", "GET", ":scheme", "http", ":scheme", "http", ":path", "/");
            case "dup-authority" -> get(":authority", "example.com");
            case "unknown-pseudo" -> fields(":method", "GET", ":scheme", "http", ":path", "/", ":foo", "x");
            case "status-pseudo" -> fields(":method", "GET", ":scheme", "http", ":path", "/", ":status", "200");
            case "pseudo-after-regular" -> fields(":method", "GET", ":scheme", "http", "accept", "x", ":path", "/");
            case "uppercase-name" -> get("Accept", "x");
            case "connection" -> get("connection", "keep-alive");
            case "keep-alive" -> get("keep-alive", "timeout=5");
            case "proxy-connection" -> get("proxy-connection", "keep-alive");
            case "transfer-encoding" -> get("transfer-encoding", "chunked");
            case "upgrade" -> get("upgrade", "websocket");
            case "te-gzip" -> get("te", "gzip");
            case "nul-value" -> get("x", "a\0b");
            case "cr-value" -> get("x", "a\rb");
            case "lf-value" -> get("x", "a\nb");
            case "leading-space" -> get("x", " a");
            case "trailing-tab" -> get("x", "a\t");
            case "space-in-name" -> get("x y", "a");
            case "colon-in-name" -> get("x:y", "a");
            case "empty-name" -> get("", "a");
            case "bad-content-length" -> get("content-length", "1x");
            case "negative-content-length" -> get("content-length", "-1");
            case "two-content-lengths" -> get("content-length", "1", "content-length", "2");
            case "authority-differs-from-host" -> get("host", "other.example");
            case "two-hosts" -> fields(":method", "GET", ":scheme", "http", ":path", "/", "host", "a", "host", "a");
            case "relative-path" -> fields(":method", "GET", ":scheme", "http", ":path", "a/b");
            case "bad-method" -> fields(":method", "G T", ":scheme", "http", ":path", "/");
            case "empty-method" -> fields(":method", "", ":scheme", "http", ":path", "/");
            case "bad-scheme" -> fields(":method", "GET", ":scheme", "1http", ":path", "/");
            case "control-in-value" -> get("x", "a\u0001b");
            case "del-in-value" -> get("x", "a\u007fb");
            default -> throw new IllegalArgumentException(kind);
        };
        assertThrows(RequestHeaders.Malformed.class, () -> RequestHeaders.request(f), kind);
    }

    @Test
    void teTrailersIsAllowed() throws Exception {
        assertEquals("trailers", RequestHeaders.request(get("te", "trailers")).headers().first("te"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a b", "/a#frag", "/%zz", "/%4", "/a\u00e9", "/a\"b", "/a<b", "/a{b"})
    void targetsHttpRefusesGet400(String path) {
        HttpException e = assertThrows(HttpException.class, () -> RequestHeaders.request(fields(":method", "GET",
                ":scheme", "http", ":path", path)));
        assertEquals(400, e.status());
        assertFalse(e.getMessage().contains(path), "the message never echoes the target");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@host", "host:port", "ho st", "[::1", "h,h", "host:123456"})
    void badAuthoritiesGet400(String authority) {
        HttpException e = assertThrows(HttpException.class, () -> RequestHeaders.request(fields(":method", "GET",
                ":scheme", "http", ":path", "/", ":authority", authority)));
        assertEquals(400, e.status());
    }

    @Test
    void goodAuthorities() throws Exception {
        for (String a : List.of("localhost", "127.0.0.1:8080", "[::1]:443", "xn--bcher-kva.example", "a-b.c_d~e")) {
            assertEquals(a, RequestHeaders.request(fields(":method", "GET", ":scheme", "http", ":path", "/",
                    ":authority", a)).authority());
        }
    }

    @Test
    void trailersAreRegularFieldsOnly() throws Exception {
        assertEquals("abc", RequestHeaders.trailers(fields("x-checksum", "abc")).first("X-Checksum"));
        assertThrows(RequestHeaders.Malformed.class, () -> RequestHeaders.trailers(fields(":path", "/")));
        assertThrows(RequestHeaders.Malformed.class, () -> RequestHeaders.trailers(fields("X-Upper", "a")));
        assertThrows(RequestHeaders.Malformed.class, () -> RequestHeaders.trailers(fields("x", "a\nb")));
    }

    @Test
    void latin1ValuesPass() throws Exception {
        assertTrue(RequestHeaders.request(get("x", "caf\u00e9")).headers().contains("x"));
    }
}
