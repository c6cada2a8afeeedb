package motor.ext.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {

    @Test
    void prefixesAreStrippedToAPathThatStillStartsWithASlash() {
        assertEquals("/x/y", Targets.forwardPath("/api/x/y", "/api"));
        assertEquals("/x/y", Targets.forwardPath("/api/x/y", "/api/"));
        assertEquals("/", Targets.forwardPath("/api/", "/api/"));
        assertEquals("/", Targets.forwardPath("/api", "/api"));
        assertEquals("/other", Targets.forwardPath("/other", "/api/"));
        assertEquals("/api/x", Targets.forwardPath("/api/x", ""));
    }

    @Test
    void dotSegmentsAreFoundInEveryDisguise() {
        for (String path : List.of("/a/../b", "/..", "/.", "/a/./b", "/a/%2e%2e/b", "/a/%2E%2e", "/a/.%2E/b",
                "/%2e/", "/a/..", "/a/%2e")) {
            assertTrue(Targets.hasDotSegment(path), path);
        }
        for (String path : List.of("/", "/a/b", "/a/...", "/a/.b", "/a/b.", "/a/%2e%2e%2e", "/a/%2f..x", "/a//b",
                "/%2", "/a/%2", "/a/%2x", "/.well-known/x")) {
            assertFalse(Targets.hasDotSegment(path), path);
        }
    }

    @Test
    void dotSegmentsThatUpstreamsFindElsewhereAreFoundToo() {
        // a servlet container reads "/..;x/" as "/../"; a server that decodes %2F or %5C, or runs on Windows,
        // splits segments there: each would climb out of the proxied prefix after the proxy matched it
        for (String path : List.of("/api/..;/admin", "/api/..;jsessionid=1/admin", "/api/.;/x", "/api/%2e%2e;x/a",
                "/api/..%2Fadmin", "/api/..%2fadmin", "/api/x%2F..%2Fadmin", "/api/..%5Cadmin", "/api/..%5c",
                "/api/..\\admin", "/api/x\\..", "/api%2F..")) {
            assertTrue(Targets.hasDotSegment(path), path);
        }
        for (String path : List.of("/api/a;b/c", "/api/...;/x", "/api/..x;/y", "/api/;../x", "/api/a%2Fb", "/api/%5",
                "/api/%2", "/api/x..%2Fy", "/api/a\\b")) {
            assertFalse(Targets.hasDotSegment(path), path);
        }
    }

    @Test
    void pathAndQueryReachTheUpstreamByteForByte() {
        String path = "/a%2Fb/c%20d/%7e+x/%E2%82%AC";
        String query = "q=%2B+y&&z=%e2%82%ac&empty=&k=a%3Db;c";
        URI uri = Targets.upstreamUri("http://10.0.0.5:8080", "", path, query);
        assertEquals(path, uri.getRawPath());
        assertEquals(query, uri.getRawQuery());
        assertEquals("http://10.0.0.5:8080/base" + path, Targets.upstreamUri("http://10.0.0.5:8080", "/base", path,
                null).toString());
    }

    @Test
    void charactersAUriCannotHoldAreEscapedAndNothingElse() {
        URI uri = Targets.upstreamUri("http://h", "", "/a|b/{c}", "x=\"y\"^&z=%zz&ok=%41");
        assertEquals("/a%7Cb/%7Bc%7D", uri.getRawPath());
        assertEquals("x=%22y%22%5E&z=%25zz&ok=%41", uri.getRawQuery());
        assertEquals("%E9%20%25%E2%82%AC", Targets.escapeIllegal("\u00e9 %\u20ac"));
        assertEquals("/%E9", Targets.upstreamUri("http://h", "", "/\u00e9", null).getRawPath(),
                "a URI would take it as it is; the wire must not");
    }
}
