package motor.ext.cache.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import motor.test.TestRequest;
import org.junit.jupiter.api.Test;

class PathPrefixesTest {

    private static boolean matches(PathPrefixes prefixes, String target) {
        return prefixes.matches(TestRequest.builder("GET", target).build());
    }

    @Test
    void segmentPrefixes() {
        PathPrefixes p = new PathPrefixes(List.of("/cache/", "/users/*/avatar"));
        assertTrue(matches(p, "/cache"));
        assertTrue(matches(p, "/cache/"));
        assertTrue(matches(p, "/cache/a/b?x=1"));
        assertFalse(matches(p, "/cached"));
        assertFalse(matches(p, "/"));
        assertTrue(matches(p, "/users/7/avatar"));
        assertTrue(matches(p, "/users/7/avatar/small"));
        assertFalse(matches(p, "/users/7/profile"));
        assertFalse(matches(p, "/users/avatar"));
    }

    @Test
    void decodedPathIsCompared() {
        PathPrefixes p = new PathPrefixes(List.of("/cache"));
        assertTrue(matches(p, "/%63ache/x"));
        assertFalse(matches(p, "/cache/%2e%2e/private"), "an encoded .. leaves the prefix");
        assertTrue(matches(p, "/other/%2e%2e/cache/x"), "and may enter it: it is the path the router sees");
    }

    @Test
    void rootCoversEverythingAndNothingCoversNothing() {
        assertTrue(matches(new PathPrefixes(List.of("/")), "/anything/at/all"));
        PathPrefixes none = new PathPrefixes(List.of());
        assertTrue(none.isEmpty());
        assertFalse(matches(none, "/"));
    }

    @Test
    void configuredValuesAreChecked() {
        assertNull(PathPrefixes.problem("/"));
        assertNull(PathPrefixes.problem("/a/b/"));
        assertNull(PathPrefixes.problem("/a/*/c"));
        for (String bad : new String[] {"a", "", "/a//b", "/a/../b", "/./a", "/a?b", "/a%20b", "/a b", "/a\\b",
            "/\u00e9", "/a#b"}) {
            assertNotNull(PathPrefixes.problem(bad), bad);
        }
        assertNotNull(PathPrefixes.problem(null));
    }
}
