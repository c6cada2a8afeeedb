package motor.ext.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Longest-prefix lookup on decoded segments. */
class PathTableTest {

    private static PathTable<String> table() {
        PathTable<String> table = new PathTable<>("root");
        table.put(PathTable.segments("/api"), "api");
        table.put(PathTable.segments("/api/admin/"), "admin");
        table.put(PathTable.segments("/files/a%20b"), "space");
        return table;
    }

    @Test
    void longestPrefixWins() {
        PathTable<String> table = table();
        assertEquals("root", table.find(List.of("")));
        assertEquals("api", table.find(List.of("api")));
        assertEquals("api", table.find(List.of("api", "")));
        assertEquals("api", table.find(List.of("api", "users", "1")));
        assertEquals("admin", table.find(List.of("api", "admin")));
        assertEquals("admin", table.find(List.of("api", "admin", "x")));
        assertEquals("api", table.find(List.of("api", "administrator")));
    }

    @Test
    void segmentsAreWholeAndCaseSensitive() {
        PathTable<String> table = table();
        assertEquals("root", table.find(List.of("apix")));
        assertEquals("root", table.find(List.of("API")));
        assertEquals("root", table.find(List.of("api/admin")), "an encoded slash stays inside its segment");
        assertEquals("root", table.find(List.of("x", "api")));
    }

    @Test
    void emptySegmentsAreSkipped() {
        PathTable<String> table = table();
        assertEquals("admin", table.find(List.of("", "api", "", "admin")));
    }

    @Test
    void prefixesAreDecodedLikePaths() {
        assertEquals("space", table().find(List.of("files", "a b", "c")));
        assertEquals(List.of("a", "b"), PathTable.segments("//a///b/"));
        assertEquals(List.of(), PathTable.segments("/"));
        assertThrows(IllegalArgumentException.class, () -> PathTable.segments("api"));
        assertThrows(IllegalArgumentException.class, () -> PathTable.segments("/a/../b"));
        assertThrows(IllegalArgumentException.class, () -> PathTable.segments("/a/%2e"));
        assertThrows(IllegalArgumentException.class, () -> PathTable.segments("/a%zz"));
    }
}
