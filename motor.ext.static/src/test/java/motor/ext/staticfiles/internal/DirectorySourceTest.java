package motor.ext.staticfiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups below a root, with and without the metadata cache, on a real file system. */
class DirectorySourceTest {

    private static final FileTime PAST = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));

    @TempDir
    Path temp;

    private Path root() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root")).toRealPath();
        Files.writeString(root.resolve("a.txt"), "one");
        Files.setLastModifiedTime(root.resolve("a.txt"), PAST);
        Files.setLastModifiedTime(root, PAST);
        return root;
    }

    @Test
    void lookupsWithoutCache() throws IOException {
        Path root = root();
        DirectorySource source = new DirectorySource(root, false, false, 0);
        Source.Resource file = source.lookup(List.of("a.txt"));
        assertNotNull(file);
        assertEquals(3, file.length());
        assertFalse(file.directory());
        assertTrue(source.lookup(List.of()).directory());
        assertNull(source.lookup(List.of("absent.txt")));
        assertNull(source.lookup(List.of("a.txt", "below-a-file")));
        assertEquals(0, source.cached());
    }

    @Test
    void cachedFileIsCheckedOnEveryUse() throws IOException {
        Path root = root();
        DirectorySource source = new DirectorySource(root, false, false, 100);
        String tag = source.lookup(List.of("a.txt")).etag("");
        assertEquals(1, source.cached());
        assertEquals(tag, source.lookup(List.of("a.txt")).etag(""));

        Files.writeString(root.resolve("a.txt"), "three");
        Source.Resource changed = source.lookup(List.of("a.txt"));
        assertEquals(5, changed.length());
        assertFalse(tag.equals(changed.etag("")));

        Files.delete(root.resolve("a.txt"));
        assertNull(source.lookup(List.of("a.txt")));
    }

    @Test
    void cachedAbsenceEndsWhenTheFileAppears() throws IOException {
        Path root = root();
        DirectorySource source = new DirectorySource(root, false, false, 100);
        assertNull(source.lookup(List.of("a.txt.gz")));
        assertEquals(1, source.cached(), "an absence in a settled directory is remembered");
        assertNull(source.lookup(List.of("a.txt.gz")));

        Files.writeString(root.resolve("a.txt.gz"), "zipped");
        assertNotNull(source.lookup(List.of("a.txt.gz")), "creating a file changes its directory's time");
    }

    @Test
    void freshChangesAreNotRemembered() throws IOException {
        Path root = root();
        Files.writeString(root.resolve("new.txt"), "just written");
        DirectorySource source = new DirectorySource(root, false, false, 100);
        assertNotNull(source.lookup(List.of("new.txt")));
        assertNull(source.lookup(List.of("other.txt")), "the directory changed just now");
        assertEquals(0, source.cached());
    }

    @Test
    void refusedFilesAreNotRemembered() throws IOException {
        Path root = root();
        Files.writeString(temp.resolve("outside.txt"), "secret");
        Files.createSymbolicLink(root.resolve("link.txt"), temp.resolve("outside.txt"));
        Files.setLastModifiedTime(root, PAST);
        DirectorySource source = new DirectorySource(root, false, false, 100);
        assertNull(source.lookup(List.of("link.txt")));
        assertEquals(0, source.cached());
    }

    @Test
    void fullCacheIsEmptiedNotGrown() throws IOException {
        Path root = root();
        DirectorySource source = new DirectorySource(root, false, false, 3);
        for (int i = 0; i < 10; i++) {
            assertNull(source.lookup(List.of("absent-" + i)));
            assertTrue(source.cached() <= 3);
        }
    }

    @Test
    void aFileReplacedAfterItsLookupIsNotOpenedAsIfItWereTheSame() throws IOException {
        Path root = root();
        DirectorySource source = new DirectorySource(root, false, false, 0);
        Source.Resource looked = source.lookup(List.of("a.txt"));
        try (Source.Body body = looked.open()) {
            assertNotNull(body, "unchanged: opened");
        }

        // a deployment renames a new version into place between the lookup and the opening
        Path next = root.resolve("next.tmp");
        Files.writeString(next, "a longer new version");
        Files.move(next, root.resolve("a.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertNull(looked.open(), "replaced: the caller must look it up again");

        Source.Resource again = source.lookup(List.of("a.txt"));
        Files.writeString(root.resolve("a.txt"), "rewritten in place");
        assertNull(again.open(), "rewritten: the old length and tag no longer hold");

        Source.Resource last = source.lookup(List.of("a.txt"));
        Files.delete(root.resolve("a.txt"));
        assertNull(last.open(), "deleted: absent, not an error");
    }

    @Test
    void aLinkPutInPlaceOfTheFileAfterItsLookupIsNotFollowed() throws IOException {
        Path root = root();
        Path outside = Files.createDirectories(temp.resolve("outside"));
        // the same inode outside the root: identity, time and size all still agree after the swap
        Path twin = Files.createLink(outside.resolve("twin.txt"), root.resolve("a.txt"));
        DirectorySource source = new DirectorySource(root, false, false, 0);
        Source.Resource looked = source.lookup(List.of("a.txt"));

        Path swap = root.resolve("swap.tmp");
        Files.createSymbolicLink(swap, twin);
        Files.move(swap, root.resolve("a.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertNull(looked.open(), "a link out of the root in the file's place: looked up again");
        assertNull(source.lookup(List.of("a.txt")), "and then refused");
    }

    @Test
    void aLinkOutOfTheRootNeverLeadsIntoAHiddenDirectory() throws IOException {
        Path root = root();
        Path keys = Files.createDirectories(temp.resolve("home/.ssh"));
        Files.writeString(keys.resolve("id_ed25519"), "PRIVATE KEY");
        Files.writeString(Files.createDirectories(temp.resolve("home/public")).resolve("page.txt"), "public");
        Files.createSymbolicLink(root.resolve("keys"), keys);
        Files.createSymbolicLink(root.resolve("pub"), temp.resolve("home/public"));

        DirectorySource followed = new DirectorySource(root, false, true, 0);
        assertNotNull(followed.lookup(List.of("pub", "page.txt")), "links out of the root are followed");
        assertNull(followed.lookup(List.of("keys", "id_ed25519")), "but not into a hidden directory");
        assertNull(followed.lookup(List.of("keys")));
        assertNotNull(new DirectorySource(root, true, true, 0).lookup(List.of("keys", "id_ed25519")),
                "unless hidden names are allowed as well");
    }
}
