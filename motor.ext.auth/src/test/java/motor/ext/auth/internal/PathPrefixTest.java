package motor.ext.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import motor.spi.PercentCoding;
import motor.spi.Request;
import motor.test.TestRequest;
import org.junit.jupiter.api.Test;

/**
 * Prefix matching on decoded segments. The segments here are what {@code Request.pathSegments()} gives
 * for the path in the comment (percent-decoded once, dot segments resolved); the integration test sends
 * the same paths to a real server.
 */
class PathPrefixTest {

    /**
     * The request whose path decodes to these segments: each one percent-encoded in the target, so that
     * {@code "admin/x"} arrives as {@code /admin%2Fx}; none is {@code OPTIONS *}.
     */
    static Request at(String... segments) {
        if (segments.length == 0) {
            return TestRequest.builder("OPTIONS", "*").build();
        }
        return TestRequest.builder("GET", "/" + String.join("/", Stream.of(segments).map(PercentCoding::encode).toList()))
                .build();
    }

    private static boolean covered(String prefix, String... segments) {
        Request request = at(segments);
        assertEquals(List.of(segments), request.pathSegments(), "the segments the core would decode");
        return PathPrefix.parse(prefix).matches(request);
    }

    @Test
    void wholeSegmentsOnly() {
        for (String prefix : List.of("/admin", "/admin/", "//admin//")) {
            assertTrue(covered(prefix, "admin"), prefix);                 // /admin
            assertTrue(covered(prefix, "admin", ""), prefix);             // /admin/
            assertTrue(covered(prefix, "admin", "x", "y"), prefix);       // /admin/x/y
            assertFalse(covered(prefix, "administrator"), prefix);        // /administrator
            assertFalse(covered(prefix, "adm"), prefix);                  // /adm
            assertFalse(covered(prefix, ""), prefix);                     // /
            assertFalse(covered(prefix, "x", "admin"), prefix);           // /x/admin
            assertFalse(covered(prefix), prefix);                         // * (asterisk-form)
        }
    }

    @Test
    void rootCoversEverything() {
        assertTrue(covered("/", ""));
        assertTrue(covered("/", "x", "y"));
        assertTrue(covered("/"));
    }

    @Test
    void emptySegmentsAreSkipped() {
        assertTrue(covered("/admin/", "", "admin"));                      // //admin
        assertTrue(covered("/admin/", "", "", "admin", "", "x"));         // ///admin//x
        assertTrue(covered("/a/b", "a", "", "b"));                        // /a//b
    }

    @Test
    void caseIsIgnored() {
        assertTrue(covered("/admin/", "ADMIN", "x"));                     // /ADMIN/x
        assertTrue(covered("/admin/", "AdMiN"));
        assertTrue(covered("/ADMIN/", "admin"));
        assertTrue(covered("/\u00e9t\u00e9/", "\u00c9T\u00c9"));
    }

    @Test
    void decodedAndResolvedByTheCore() {
        // /%61dmin/x and /public/../admin/x and /admin/./x arrive decoded and resolved
        assertTrue(covered("/admin/", "admin", "x"));
    }

    @Test
    void encodedSlashesAndBackslashesAreReadAsSeparators() {
        assertTrue(covered("/admin/", "admin/x"));                        // /admin%2Fx
        assertTrue(covered("/admin/", "public/../admin/x"));              // /public%2F..%2Fadmin%2Fx
        assertTrue(covered("/admin/", "public", "..\\admin"));            // /public/..%5Cadmin
        assertTrue(covered("/admin/", "x\\..\\admin"));                   // /x%5C..%5Cadmin
        assertTrue(covered("/admin/secret", "admin/./secret"));           // /admin%2F.%2Fsecret
        assertTrue(covered("/admin/", "../../admin"));                    // /..%2F..%2Fadmin: not above the root
        assertFalse(covered("/admin/", "admin/../public"));               // /admin%2F..%2Fpublic: public
        assertFalse(covered("/admin/", "x/admin"));
    }

    @Test
    void pathParametersAreDropped() {
        assertTrue(covered("/admin/", "admin;jsessionid=1", "x"));        // /admin;jsessionid=1/x
        assertTrue(covered("/admin/", "public", "..;", "admin"));         // /public/..;/admin
        assertTrue(covered("/admin/", ";x", "admin"));                    // /;x/admin
        assertFalse(covered("/admin/", "administrator;x"));
    }

    @Test
    void encodedTwice() {
        assertTrue(covered("/admin/", "%61dmin", "x"));                    // /%2561dmin/x
        assertTrue(covered("/admin/", "public%2F..%2Fadmin"));             // /public%252F..%252Fadmin
        assertTrue(covered("/admin/", "%252561dmin"));                     // encoded four times: three more rounds
        assertFalse(covered("/admin/", "100%", "admin"));                  // a literal % is no escape
        assertFalse(covered("/admin/", "%25252561dmin"), "encoded five times is beyond the bound");
    }

    @Test
    void nestedPrefixes() {
        assertTrue(covered("/admin/reports", "admin", "reports", "2026"));
        assertFalse(covered("/admin/reports", "admin", "x"));
        assertFalse(covered("/admin/reports", "admin"));
    }

    @Test
    void prefixesAreDecoded() {
        assertTrue(covered("/my%20files/", "my files", "x"));
        assertEquals("/my files", PathPrefix.parse("/my%20files/").normalised());
        assertEquals(2, PathPrefix.parse("/a//b/").length());
        assertEquals(0, PathPrefix.parse("/").length());
    }

    @Test
    void malformedPrefixes() {
        for (String prefix : new String[] {"admin", "", "/a/../b", "/./a", "/a/%2e%2e", "/%zz", "/a%2Fb", "/a%5Cb", "/a;b"}) {
            assertThrows(IllegalArgumentException.class, () -> PathPrefix.parse(prefix), prefix);
        }
        assertThrows(IllegalArgumentException.class, () -> PathPrefix.parse(null));
    }

    @Test
    void plainPathsNeedNoDecoding() {
        assertTrue(PathPrefix.plain("/admin/x"));
        assertTrue(PathPrefix.plain("//admin//x/"));
        assertTrue(PathPrefix.plain("/a.b/c."));
        assertTrue(PathPrefix.plain("/"));
        for (String path : new String[] {"", "*", "admin", "/%61dmin", "/a;b", "/a\\b", "/./a", "/a/..", "/.hidden", "/caf\u00e9"}) {
            assertFalse(PathPrefix.plain(path), path);
        }
    }

    @Test
    void plainMatchingAgreesWithSegmentMatching() {
        java.util.Random random = new java.util.Random(11);
        String alphabet = "/aAdDmMiInNx";
        List<PathPrefix> prefixes = List.of(PathPrefix.parse("/admin/"), PathPrefix.parse("/a/"), PathPrefix.parse("/ad/min"),
                PathPrefix.parse("/"), PathPrefix.parse("/x/ADMIN"));
        int covered = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder path = new StringBuilder("/");
            for (int i = random.nextInt(14); i > 0; i--) {
                path.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String raw = path.toString();
            assertTrue(PathPrefix.plain(raw), raw);
            List<String> segments = List.of(raw.substring(1).split("/", -1));
            for (PathPrefix prefix : prefixes) {
                boolean expected = prefix.covers(segments);
                assertEquals(expected, prefix.coversPlain(raw), prefix + " " + raw);
                covered += expected && prefix.length() > 0 ? 1 : 0;
            }
        }
        assertTrue(covered > 100, "the random paths hit the prefixes often enough: " + covered);
    }

    @Test
    void alternativeReading() {
        assertNull(PathPrefix.alternative(List.of("a", "b", "")));
        assertEquals(List.of("a", "b", "c"), PathPrefix.alternative(List.of("a/b", "c")));
        assertEquals(List.of("c"), PathPrefix.alternative(List.of("a/..", "b\\..", "c;p")));
        assertEquals(List.of(), PathPrefix.alternative(List.of("../..;x")));
        assertEquals(List.of("a", "b"), PathPrefix.alternative(List.of("%61", "b")));
        assertEquals(List.of("100%", "x"), PathPrefix.alternative(List.of("100%", "x")));
    }
}
