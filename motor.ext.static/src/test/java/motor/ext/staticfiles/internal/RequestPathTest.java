package motor.ext.staticfiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RequestPathTest {

    @Test
    void wildcardPartOfThePath() {
        RequestPath.Names names = RequestPath.of(List.of("static", "css", "app.css"), "css/app.css", false);
        assertEquals(List.of("css", "app.css"), names.names());
        assertFalse(names.trailingSlash());
        assertEquals("css/app.css", names.joined());
    }

    @Test
    void trailingSlashAndRoot() {
        RequestPath.Names dir = RequestPath.of(List.of("static", "docs", ""), "docs/", false);
        assertEquals(List.of("docs"), dir.names());
        assertTrue(dir.trailingSlash());
        RequestPath.Names root = RequestPath.of(List.of("static", ""), "", false);
        assertEquals(List.of(), root.names());
        assertTrue(root.trailingSlash());
        RequestPath.Names bare = RequestPath.of(List.of("static"), "", false);
        assertEquals(List.of(), bare.names());
        assertFalse(bare.trailingSlash());
        RequestPath.Names top = RequestPath.of(List.of(""), "", false);
        assertTrue(top.trailingSlash());
    }

    @Test
    void withoutWildcardTheWholePathIsServed() {
        assertEquals(List.of("robots.txt"), RequestPath.of(List.of("robots.txt"), null, false).names());
    }

    @Test
    void encodedSlashStaysOneSegmentAndIsRefused() {
        // /static/a%2Fb: the router captured "a/b" from the single segment "a/b"
        assertNull(RequestPath.of(List.of("static", "a/b"), "a/b", false));
        assertNull(RequestPath.of(List.of("static", "..\\secret"), "..\\secret", false));
    }

    @Test
    void capturedValueThatDoesNotFitTheSegmentsIsRefused() {
        assertNull(RequestPath.of(List.of("static", "a"), "b", false));
        assertNull(RequestPath.of(List.of("a"), "x/a", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", ".env", ".git", "a/b", "a\\b", "a\u0000b", "a\nb", "a\u007fb", "\r"})
    void refusedNames(String name) {
        assertFalse(RequestPath.allowed(name, false));
    }

    @Test
    void dotfilesWhenAllowed() {
        assertTrue(RequestPath.allowed(".well-known", true));
        assertFalse(RequestPath.allowed("..", true));
        assertTrue(RequestPath.allowed("a..b", false));
        assertTrue(RequestPath.allowed("...", true));
        assertTrue(RequestPath.allowed("\u00e9t\u00e9 <b>.txt", false));
        assertNull(RequestPath.of(List.of("static", ".git", "config"), ".git/config", false));
        assertEquals(List.of(".git", "config"), RequestPath.of(List.of("static", ".git", "config"), ".git/config", true).names());
    }

    @Test
    void emptyInnerSegmentIsRefused() {
        assertNull(RequestPath.of(List.of("static", "", "etc"), "/etc", false));
    }
}
