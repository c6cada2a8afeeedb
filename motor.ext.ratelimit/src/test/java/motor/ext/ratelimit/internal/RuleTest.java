package motor.ext.ratelimit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import motor.spi.Request;
import motor.test.TestRequest;
import org.junit.jupiter.api.Test;

class RuleTest {

    private static Rule rule(List<String> paths, Set<String> methods, Rule.Key key, String header) {
        return new Rule("r", paths, methods, key, header, 64, 10, 60, Duration.ofMinutes(1),
                new Limiter(10, Duration.ofMinutes(1), 10, 100, System::nanoTime));
    }

    private static Request request(String method, String target, String remote) {
        return TestRequest.builder(method, target).remoteAddress(new InetSocketAddress(remote, 5000)).build();
    }

    @Test
    void pathsAndMethodsSelectRequests() {
        Rule rule = rule(List.of("/api/", "/login"), Set.of("POST"), Rule.Key.IP, null);
        assertTrue(rule.applies(request("POST", "/api/items", "192.0.2.1")));
        assertTrue(rule.applies(request("POST", "/login", "192.0.2.1")));
        assertFalse(rule.applies(request("GET", "/api/items", "192.0.2.1")));
        assertFalse(rule.applies(request("POST", "/apiary", "192.0.2.1")));
        assertTrue(rule(List.of(), Set.of(), Rule.Key.IP, null).applies(request("DELETE", "/x", "192.0.2.1")));
    }

    @Test
    void ipv6ClientsAreGroupedByTheirPrefix() {
        Rule rule = rule(List.of(), Set.of(), Rule.Key.IP, null);
        assertEquals(rule.keyOf(request("GET", "/", "2001:db8:1:2::1")), rule.keyOf(request("GET", "/", "2001:db8:1:2:ffff::9")));
        assertFalse(rule.keyOf(request("GET", "/", "2001:db8:1:2::1")).equals(rule.keyOf(request("GET", "/", "2001:db8:1:3::1"))));
        assertFalse(rule.keyOf(request("GET", "/", "192.0.2.1")).equals(rule.keyOf(request("GET", "/", "192.0.2.2"))));
        assertEquals("a:20010db8000000000000000000000000", Rule.address(new InetSocketAddress("2001:db8::1", 1), 32));
        assertEquals("a:20010db8000000000000000000000001", Rule.address(new InetSocketAddress("2001:db8::1", 1), 128));
        assertEquals("a:20010db0000000000000000000000000", Rule.address(new InetSocketAddress("2001:db8::1", 1), 28));
        assertEquals("a:local", Rule.address(UnixDomainSocketAddress.of("/tmp/s"), 64));
    }

    @Test
    void longHeaderValuesAreKeptAsADigestSoTheTableStaysSmall() {
        Rule byKey = rule(List.of(), Set.of(), Rule.Key.HEADER, "X-Api-Key");
        String long1 = "k".repeat(8000);
        String long2 = "k".repeat(7999) + "j";
        String key1 = byKey.keyOf(TestRequest.builder("GET", "/").header("X-Api-Key", long1).build());
        String key2 = byKey.keyOf(TestRequest.builder("GET", "/").header("X-Api-Key", long2).build());
        assertTrue(key1.length() <= 80, key1);
        assertFalse(key1.equals(key2));
        assertEquals(key1, byKey.keyOf(TestRequest.builder("GET", "/").header("X-Api-Key", long1).build()));
        // a digest never collides with a short value kept as it is
        String shortKey = byKey.keyOf(TestRequest.builder("GET", "/").header("X-Api-Key", key1.substring(2)).build());
        assertFalse(shortKey.equals(key1), shortKey);
    }

    @Test
    void getRulesCountHeadAndPathsAreMatchedDecoded() {
        Rule reads = rule(List.of("/api/"), Set.of("GET"), Rule.Key.IP, null);
        assertTrue(reads.applies(request("HEAD", "/api/items", "192.0.2.1")));
        assertTrue(reads.applies(request("GET", "/%61pi/items", "192.0.2.1")));
        assertTrue(reads.applies(request("GET", "/x/../api/items", "192.0.2.1")));
        assertFalse(reads.applies(request("GET", "/api", "192.0.2.1")));
        assertFalse(reads.applies(request("GET", "/apiary/x", "192.0.2.1")));
        Rule root = rule(List.of("/"), Set.of(), Rule.Key.IP, null);
        assertTrue(root.applies(request("GET", "/", "192.0.2.1")));
    }

    @Test
    void headerAndUserKeysFallBackToTheAddress() {
        Rule byKey = rule(List.of(), Set.of(), Rule.Key.HEADER, "X-Api-Key");
        Request withKey = TestRequest.builder("GET", "/").header("X-Api-Key", "k1")
                .remoteAddress(new InetSocketAddress("192.0.2.1", 1)).build();
        assertEquals("h:k1", byKey.keyOf(withKey));
        assertEquals(Rule.address(new InetSocketAddress("192.0.2.1", 1), 64), byKey.keyOf(request("GET", "/", "192.0.2.1")));
        Rule byUser = rule(List.of(), Set.of(), Rule.Key.USER, null);
        Request anonymous = request("GET", "/", "192.0.2.7");
        assertEquals(Rule.address(new InetSocketAddress("192.0.2.7", 1), 64), byUser.keyOf(anonymous));
        Request alice = request("GET", "/", "192.0.2.7");
        alice.attributes().put(Request.PRINCIPAL, (java.security.Principal) () -> "alice");
        assertEquals("u:alice", byUser.keyOf(alice));
        assertEquals("", rule(List.of(), Set.of(), Rule.Key.GLOBAL, null).keyOf(anonymous));
    }
}
