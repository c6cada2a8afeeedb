package motor.ext.forwarded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.InetSocketAddress;
import java.util.List;
import motor.spi.Headers;
import org.junit.jupiter.api.Test;

/** The chain walk and the header syntax, on header values alone. */
class ResolverTest {

    private static final InetSocketAddress PROXY = new InetSocketAddress("10.0.0.2", 40000);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("198.51.100.9", 40000);

    private final Resolver both = new Resolver(motor.spi.AddressRanges.parse(List.of("10.0.0.0/8", "2001:db8::/32")),
            List.of(Resolver.Source.FORWARDED, Resolver.Source.X_FORWARDED));

    private static String client(Resolver.Result result) {
        return result.client() == null ? null
                : result.client().getAddress().getHostAddress() + ":" + result.client().getPort();
    }

    private Resolver.Result resolve(String... namesAndValues) {
        return both.resolve(PROXY, Headers.of(namesAndValues));
    }

    @Test
    void anUntrustedPeerChangesNothing() {
        assertSame(Resolver.Result.NONE, both.resolve(STRANGER, Headers.of("X-Forwarded-For", "1.2.3.4",
                "Forwarded", "for=1.2.3.4;proto=https")));
    }

    @Test
    void noForwardingFieldsChangeNothing() {
        assertSame(Resolver.Result.NONE, resolve("Host", "example.com"));
    }

    @Test
    void theRightmostUntrustedHopIsTheClient() {
        // a client sent its own X-Forwarded-For; our two proxies appended theirs
        Resolver.Result result = resolve("X-Forwarded-For", "6.6.6.6, 203.0.113.7, 10.0.0.9");
        assertEquals("203.0.113.7:0", client(result));
    }

    @Test
    void fieldLinesAreJoinedInOrder() {
        Resolver.Result result = resolve("X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "203.0.113.7",
                "X-Forwarded-For", "10.0.0.9");
        assertEquals("203.0.113.7:0", client(result));
    }

    @Test
    void allTrustedMeansTheLeftmostIsTheClient() {
        assertEquals("10.1.1.1:0", client(resolve("X-Forwarded-For", "10.1.1.1, 10.0.0.9")));
    }

    @Test
    void aMalformedHopStopsTheWalkAtTheLastTrustedProxy() {
        assertEquals("10.0.0.9:0", client(resolve("X-Forwarded-For", "203.0.113.7, not-an-ip, 10.0.0.9")));
        // the nearest hop itself is garbage: nothing is believed
        assertSame(Resolver.Result.NONE, resolve("X-Forwarded-For", "203.0.113.7, <script>"));
    }

    @Test
    void unknownClientKeepsThePeerButTakesTheScheme() {
        Resolver.Result result = resolve("X-Forwarded-For", "unknown", "X-Forwarded-Proto", "https");
        assertNull(result.client());
        assertEquals("https", result.scheme());
    }

    @Test
    void xForwardedProtoHostAndPortFollowTheChosenHop() {
        Resolver.Result result = resolve("X-Forwarded-For", "203.0.113.7, 10.0.0.9",
                "X-Forwarded-Proto", "https, http", "X-Forwarded-Host", "shop.example, inner.local");
        assertEquals("203.0.113.7:0", client(result));
        assertEquals("https", result.scheme());
        assertEquals("shop.example", result.host());
        // a single value applies whatever the chain's length
        result = resolve("X-Forwarded-For", "203.0.113.7, 10.0.0.9", "X-Forwarded-Proto", "HTTPS",
                "X-Forwarded-Host", "shop.example", "X-Forwarded-Port", "8443");
        assertEquals("https", result.scheme());
        assertEquals("shop.example:8443", result.host());
        // lists of another length cannot be matched to the hop: ignored
        result = resolve("X-Forwarded-For", "203.0.113.7, 10.0.0.9, 10.0.0.8", "X-Forwarded-Proto", "https, http");
        assertNull(result.scheme());
    }

    @Test
    void badSchemesAndHostsAreIgnored() {
        Resolver.Result result = resolve("X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "javascript",
                "X-Forwarded-Host", "evil.example/path");
        assertEquals("203.0.113.7:0", client(result));
        assertNull(result.scheme());
        assertNull(result.host());
        for (String host : List.of("a b", "x\r\nSet-Cookie: y", "", ":80", "host:99999", "[::1", "[zz::1]", "h:80:80")) {
            assertNull(Resolver.authority(host, -1), host);
        }
        assertEquals("[2001:db8::1]:8080", Resolver.authority("[2001:db8::1]:8080", -1));
        assertEquals("[2001:db8::1]:8443", Resolver.authority("[2001:db8::1]", 8443));
        assertEquals("EXAMPLE.com", Resolver.authority("EXAMPLE.com", -1));
    }

    @Test
    void forwardedElementsWithQuotedIpv6PortsAndParameters() {
        Resolver.Result result = resolve("Forwarded",
                "for=192.0.2.60;proto=http;by=203.0.113.43, for=\"[2001:db9:cafe::17]:4711\";proto=https;"
                        + "host=\"api.example:443\", for=10.0.0.9");
        assertEquals("2001:db9:cafe:0:0:0:0:17:4711", client(result));
        // the same chain with that IPv6 hop inside a trusted range: the walk goes on to the first hop
        result = resolve("Forwarded", "for=192.0.2.60;proto=http, for=\"[2001:db8::17]\";proto=https, for=10.0.0.9");
        assertEquals("192.0.2.60:0", client(result));
        assertEquals("http", result.scheme());
        result = resolve("Forwarded", "for=192.0.2.60;proto=http;by=203.0.113.43, for=\"[2001:db9:cafe::17]:4711\";proto=https;"
                + "host=\"api.example:443\", for=10.0.0.9");
        assertEquals("https", result.scheme());
        assertEquals("api.example:443", result.host());
    }

    @Test
    void forwardedIsPreferredAndCaseOfNamesIgnored() {
        Resolver.Result result = resolve("Forwarded", "For=203.0.113.7;PROTO=https", "X-Forwarded-For", "198.51.100.1");
        assertEquals("203.0.113.7:0", client(result));
        assertEquals("https", result.scheme());
        Resolver xFirst = new Resolver(motor.spi.AddressRanges.parse(List.of("10.0.0.0/8")),
                List.of(Resolver.Source.X_FORWARDED, Resolver.Source.FORWARDED));
        assertEquals("198.51.100.1:0", client(xFirst.resolve(PROXY,
                Headers.of("Forwarded", "for=203.0.113.7", "X-Forwarded-For", "198.51.100.1"))));
        Resolver forwardedOnly = new Resolver(motor.spi.AddressRanges.parse(List.of("10.0.0.0/8")), List.of(Resolver.Source.FORWARDED));
        assertSame(Resolver.Result.NONE, forwardedOnly.resolve(PROXY, Headers.of("X-Forwarded-For", "198.51.100.1")));
    }

    @Test
    void malformedForwardedElementsAreNotBelieved() {
        // a parameter twice, an unquoted IPv6, a bad quoted string, an IPv4 in brackets, a host name
        for (String bad : List.of("for=1.2.3.4;for=5.6.7.8", "for=2001:db8::1", "for=\"1.2.3.4", "for=[1.2.3.4]",
                "for=proxy.example", "for", "=1.2.3.4", "for=1.2.3.4:0", "for=\"[::1]x\"", "for=1.2.3.4:65536",
                "for=\"bad\\\"")) {
            assertSame(Resolver.Result.NONE, resolve("Forwarded", bad), bad);
            // after a good hop from a client that we do not trust, the bad one of our proxy ends the walk
            assertSame(Resolver.Result.NONE, resolve("Forwarded", "for=203.0.113.7, " + bad), bad);
        }
        // obfuscated and unknown nodes are valid but carry no address
        Resolver.Result result = resolve("Forwarded", "for=_hidden;proto=https, for=10.0.0.9");
        assertNull(result.client());
        assertEquals("https", result.scheme());
        assertNull(resolve("Forwarded", "for=unknown:_port").client());
        // empty pairs and extension parameters are allowed
        assertEquals("203.0.113.7:8080", client(resolve("Forwarded", ";for=\"203.0.113.7:8080\";;ext=\"x,y\"")));
    }

    @Test
    void quotedCommasAndSemicolonsDoNotSplit() {
        Resolver.Result result = resolve("Forwarded", "for=203.0.113.7;host=\"a.example\";x=\"1,2;3\"");
        assertEquals("203.0.113.7:0", client(result));
        assertEquals("a.example", result.host());
    }
}
