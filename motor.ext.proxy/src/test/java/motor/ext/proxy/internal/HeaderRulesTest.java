package motor.ext.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import motor.spi.Headers;
import org.junit.jupiter.api.Test;

class HeaderRulesTest {

    private static InetSocketAddress at(String ip) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(ip), 40000);
    }

    @Test
    void hopByHopFieldsAndTheOnesConnectionNamesStayBehind() throws Exception {
        Headers in = Headers.of("Accept", "text/plain", "Connection", "keep-alive, X-Secret", "Connection", "x-other",
                "X-Secret", "s", "X-Other", "o", "Keep-Alive", "timeout=5", "Proxy-Connection", "keep-alive",
                "TE", "trailers", "Trailer", "X-T", "Transfer-Encoding", "chunked", "Upgrade", "h2c",
                "Proxy-Authorization", "Basic eDp5", "Content-Length", "5", "Expect", "100-continue",
                "Host", "front.example", "Authorization", "Bearer t", "Cookie", "a=1", "Cookie", "b=2");
        Headers out = HeaderRules.requestFields(in, at("192.0.2.7"), "http", "front.example", "HTTP/1.1", false);
        for (String gone : List.of("Connection", "X-Secret", "X-Other", "Keep-Alive", "Proxy-Connection", "TE",
                "Trailer", "Transfer-Encoding", "Upgrade", "Proxy-Authorization", "Content-Length", "Expect", "Host")) {
            assertFalse(out.contains(gone), gone);
        }
        assertEquals("text/plain", out.first("Accept"));
        assertEquals("Bearer t", out.first("Authorization"));
        assertEquals(List.of("a=1", "b=2"), out.all("Cookie"));
    }

    @Test
    void forwardingFieldsThatConnectionNamesAreNotExtendedButReplaced() throws Exception {
        // RFC 9110 section 7.6.1: the fields Connection names end at this hop
        Headers in = Headers.of("Connection", "X-Forwarded-For, forwarded, VIA", "X-Forwarded-For", "6.6.6.6",
                "Forwarded", "for=6.6.6.6", "Via", "1.1 fake");
        Headers out = HeaderRules.requestFields(in, at("192.0.2.7"), "http", "", "HTTP/1.1", false);
        assertEquals(List.of("192.0.2.7"), out.all("X-Forwarded-For"));
        assertEquals(List.of("for=192.0.2.7;proto=http"), out.all("Forwarded"));
        assertEquals(List.of("1.1 motor"), out.all("Via"));
    }

    @Test
    void underscoreTwinsOfReplacedFieldsAreNotForwarded() throws Exception {
        // a CGI-style upstream reads X_Forwarded_For and X-Forwarded-For as the same HTTP_X_FORWARDED_FOR
        Headers in = Headers.of("X_Forwarded_For", "6.6.6.6", "x_forwarded_proto", "https", "X-Forwarded_Host",
                "evil.example", "Transfer_Encoding", "chunked", "Content_Length", "5", "X_Real_Name", "kept");
        Headers out = HeaderRules.requestFields(in, at("192.0.2.7"), "http", "front.example", "HTTP/1.1", false);
        for (String gone : List.of("X_Forwarded_For", "x_forwarded_proto", "X-Forwarded_Host", "Transfer_Encoding",
                "Content_Length")) {
            assertFalse(out.contains(gone), gone);
        }
        assertEquals("kept", out.first("X_Real_Name"));
        assertEquals(List.of("192.0.2.7"), out.all("X-Forwarded-For"));
    }

    @Test
    void forwardingFieldsAreAddedAndAppended() throws Exception {
        Headers in = Headers.of("X-Forwarded-For", "203.0.113.9", "X-Forwarded-For", "198.51.100.1",
                "Forwarded", "for=203.0.113.9", "Via", "1.0 edge", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "spoofed.example");
        Headers out = HeaderRules.requestFields(in, at("192.0.2.7"), "http", "front.example:8080", "HTTP/1.1", false);
        assertEquals(List.of("203.0.113.9, 198.51.100.1, 192.0.2.7"), out.all("X-Forwarded-For"));
        assertEquals(List.of("http"), out.all("X-Forwarded-Proto"));
        assertEquals(List.of("front.example:8080"), out.all("X-Forwarded-Host"));
        assertEquals(List.of("for=203.0.113.9, for=192.0.2.7;host=\"front.example:8080\";proto=http"),
                out.all("Forwarded"));
        assertEquals(List.of("1.0 edge, 1.1 motor"), out.all("Via"));
        assertNull(out.first("Host"));
    }

    @Test
    void aMalformedForwardedFromTheClientCannotSwallowTheProxysElement() throws Exception {
        // appended to an unterminated quoted-string, the proxy's element would be read as part of the client's
        Headers in = Headers.of("Forwarded", "for=\"203.0.113.66", "Forwarded", "for=198.51.100.1;proto=https",
                "Forwarded", "for=10.0.0.1 junk", "Forwarded", "for=\"[2001:db8::7]:80\";by=x, ;for=\"a\\\"b\"");
        Headers out = HeaderRules.requestFields(in, at("192.0.2.7"), "http", "", "HTTP/1.1", false);
        assertEquals(List.of("for=198.51.100.1;proto=https, for=\"[2001:db8::7]:80\";by=x, ;for=\"a\\\"b\", "
                + "for=192.0.2.7;proto=http"), out.all("Forwarded"));
        Headers onlyBad = HeaderRules.requestFields(Headers.of("Forwarded", "for=\"x, for=1.2.3.4"), at("192.0.2.7"),
                "http", "", "HTTP/1.1", false);
        assertEquals(List.of("for=192.0.2.7;proto=http"), onlyBad.all("Forwarded"));
    }

    @Test
    void forwardedSyntaxFollowsRfc7239() {
        for (String good : List.of("for=1.2.3.4", "for=\"[::1]\";proto=https", " for=a ; by=b , for=c ", "for=a,,for=b",
                "host=\"a\\\\b\"", "FOR=unknown")) {
            assertTrue(HeaderRules.isForwarded(good), good);
        }
        for (String bad : List.of("", " , ", "for", "for=", "=x", "for=\"x", "for=\"x\\", "for=a b", "for=a\"b\"",
                "for=[::1]", "f(r=x", "for=\"a\u0001\"", "for=a;;x")) {
            assertFalse(HeaderRules.isForwarded(bad), bad);
        }
    }

    @Test
    void ipv6ClientsAreBracketedAndQuotedInForwarded() throws Exception {
        Headers out = HeaderRules.requestFields(new Headers(), at("2001:db8::1"), "https", "h", "HTTP/2", false);
        assertEquals("2001:db8::1", out.first("X-Forwarded-For"));
        assertEquals("for=\"[2001:db8::1]\";host=h;proto=https", out.first("Forwarded"));
        assertEquals("2 motor", out.first("Via"));
    }

    @Test
    void ipv6AddressesAreWrittenInTheirCanonicalForm() throws Exception {
        String[][] cases = {{"2001:db8:0:0:0:0:0:1", "2001:db8::1"}, {"::1", "::1"}, {"::", "::"},
                {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"}, {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},
                {"2001:db8:1:1:1:1:1:0", "2001:db8:1:1:1:1:1:0"}, {"fe80:0:0:0:0:0:0:0", "fe80::"},
                {"2001:DB8:a:b:c:d:0:1", "2001:db8:a:b:c:d:0:1"}};
        for (String[] c : cases) {
            assertEquals(c[1], HeaderRules.literal(InetAddress.getByName(c[0])), c[0]);
        }
        assertEquals("127.0.0.1", HeaderRules.literal(InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void hostIsPassedOnOnlyWhenPreserved() throws Exception {
        Headers out = HeaderRules.requestFields(Headers.of("Host", "front.example"), at("127.0.0.1"), "http",
                "front.example", "HTTP/1.1", true);
        assertEquals(List.of("front.example"), out.all("Host"));
        Headers none = HeaderRules.requestFields(new Headers(), at("127.0.0.1"), "http", "", "HTTP/1.0", true);
        assertFalse(none.contains("Host"));
        assertFalse(none.contains("X-Forwarded-Host"));
        assertEquals("for=127.0.0.1;proto=http", none.first("Forwarded"));
        assertEquals("1.0 motor", none.first("Via"));
    }

    @Test
    void responseFieldsLoseHopByHopOnesAndServer() {
        Set<String> options = HeaderRules.connectionOptions(List.of("close, X-Up", " ,x-more "));
        assertEquals(Set.of("close", "x-up", "x-more"), options);
        for (String gone : List.of("connection", "keep-alive", "transfer-encoding", "upgrade", "trailer", "te",
                "proxy-authenticate", "x-up", "x-more", "server", "content-length")) {
            assertFalse(HeaderRules.forwardResponseField(gone, options), gone);
        }
        for (String kept : List.of("set-cookie", "content-type", "cache-control", "www-authenticate", "date")) {
            assertTrue(HeaderRules.forwardResponseField(kept, options), kept);
        }
    }

    @Test
    void responseNamesGetTheirUsualSpelling() {
        assertEquals("Content-Type", HeaderRules.usualSpelling("content-type"));
        assertEquals("X-Upstream", HeaderRules.usualSpelling("x-upstream"));
        assertEquals("ETag", HeaderRules.usualSpelling("etag"));
        assertEquals("WWW-Authenticate", HeaderRules.usualSpelling("www-authenticate"));
        assertEquals("Set-Cookie", HeaderRules.usualSpelling("set-cookie"));
        assertEquals("X-1-A--B", HeaderRules.usualSpelling("x-1-a--b"));
        assertEquals("", HeaderRules.usualSpelling(""));
    }

    @Test
    void quotedStringsEscapeQuotesAndBackslashes() {
        assertEquals("token", HeaderRules.tokenOrQuoted("token"));
        assertEquals("\"a:b\"", HeaderRules.tokenOrQuoted("a:b"));
        assertEquals("\"a\\\"b\\\\c\"", HeaderRules.tokenOrQuoted("a\"b\\c"));
    }
}
