package motor.ext.staticfiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MediaTypesTest {

    @Test
    void builtInTableByLastExtensionIgnoringCase() {
        MediaTypes types = new MediaTypes(Map.of());
        assertEquals("text/html; charset=utf-8", types.forName("index.html"));
        assertEquals("text/css; charset=utf-8", types.forName("APP.CSS"));
        assertEquals("text/javascript; charset=utf-8", types.forName("app.min.js"));
        assertEquals("image/svg+xml", types.forName("logo.svg"));
        assertEquals("application/wasm", types.forName("m.wasm"));
        assertEquals("application/gzip", types.forName("archive.tar.gz"));
        assertEquals(MediaTypes.DEFAULT, types.forName("README"));
        assertEquals(MediaTypes.DEFAULT, types.forName("trailing."));
        assertEquals(MediaTypes.DEFAULT, types.forName("x.unknownext"));
    }

    @Test
    void overridesWin() {
        MediaTypes types = new MediaTypes(Map.of("JS", "application/javascript", "log", "text/plain; charset=utf-8"));
        assertEquals("application/javascript", types.forName("a.js"));
        assertEquals("text/plain; charset=utf-8", types.forName("server.LOG"));
    }

    @Test
    void globs() {
        assertTrue(Glob.of("*.html").matches("a/b/index.html"));
        assertFalse(Glob.of("*.html").matches("a/b/index.htm"));
        assertTrue(Glob.of("assets/**").matches("assets/x/y/app.js"));
        assertTrue(Glob.of("/assets/**").matches("assets/app.js"));
        assertFalse(Glob.of("assets/**").matches("other/assets/app.js"));
        assertTrue(Glob.of("assets/*.js").matches("assets/app.js"));
        assertFalse(Glob.of("assets/*.js").matches("assets/x/app.js"));
        assertTrue(Glob.of("**/*.woff2").matches("f.woff2"));
        assertTrue(Glob.of("**/*.woff2").matches("a/b/f.woff2"));
        assertTrue(Glob.of("app.????????.js").matches("js/app.0123abcd.js"));
        assertFalse(Glob.of("a?c/x").matches("a/c/x"));
        assertThrows(IllegalArgumentException.class, () -> Glob.of(""));
    }

    @Test
    void hostileGlobInputEndsQuickly() {
        // backtracking is bounded by the pattern's stars; a long subject with no match still ends
        assertFalse(Glob.of("*a*a*a*a*b").matches("a".repeat(5000)));
    }

    @Test
    void listingEscapesNames() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;",
                Listing.escape("<script>alert('x')</script> & \""));
        assertEquals("a\uFFFDb", Listing.escape("a\u0001b"));
        String page = new String(Listing.render("/d/<x>", java.util.List.of(
                new Listing.Entry("<img src=x onerror=alert(1)>", false),
                new Listing.Entry("a\"b", true),
                new Listing.Entry("q?#%.txt", false)), true), java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(page.contains("<img"), page);
        assertFalse(page.contains("<x>"), page);
        assertTrue(page.contains("href=\"./%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E\""), page);
        assertTrue(page.contains("href=\"./a%22b/\""), page);
        assertTrue(page.contains("href=\"./q%3F%23%25.txt\""), page);
        assertTrue(page.contains("More entries are not shown"), page);
    }
}
