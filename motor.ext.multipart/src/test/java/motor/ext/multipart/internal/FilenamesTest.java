package motor.ext.multipart.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FilenamesTest {

    private static void assertSafe(String raw, String expected) {
        String safe = Filenames.sanitize(raw);
        assertEquals(expected, safe, raw);
        assertEquals(safe, Filenames.sanitize(safe), "sanitising twice changes nothing");
        assertTrue(safe.getBytes(StandardCharsets.UTF_8).length <= Filenames.MAX_BYTES);
    }

    @Test
    void ordinaryNamesStay() {
        assertSafe("report.pdf", "report.pdf");
        assertSafe("My Photo (1).JPG", "My Photo (1).JPG");
        assertSafe("na\u00efve \u65e5\u672c.txt", "na\u00efve \u65e5\u672c.txt");
        assertSafe("archive.tar.gz", "archive.tar.gz");
        assertSafe("emoji \ud83d\ude00.png", "emoji \ud83d\ude00.png");
    }

    @Test
    void directoriesAreStripped() {
        assertSafe("../../etc/passwd", "passwd");
        assertSafe("..\\..\\windows\\win.ini", "win.ini");
        assertSafe("C:\\Users\\me\\Desktop\\cv.docx", "cv.docx");
        assertSafe("/absolute/path/file.txt", "file.txt");
        assertSafe("mixed/path\\to/name.txt", "name.txt");
        assertSafe("dir/", "unnamed");
    }

    @Test
    void dotsAndEmptyNames() {
        assertSafe("", "unnamed");
        assertSafe(null, "unnamed");
        assertSafe(".", "unnamed");
        assertSafe("..", "unnamed");
        assertSafe("...", "unnamed");
        assertSafe(" . . ", "unnamed");
        assertSafe(".htaccess", "htaccess");
        assertSafe("..hidden.txt", "hidden.txt");
        assertSafe("trailing. . .", "trailing");
        assertSafe("  spaced name.txt  ", "spaced name.txt");
        assertSafe("..\u0000.", "unnamed");
    }

    @Test
    void controlFormatAndReservedCharactersGo() {
        assertSafe("a\u0000b\u0001c\u001fd\u007fe\u0085f.txt", "abcdef.txt");
        assertSafe("line\r\nbreak.txt", "linebreak.txt");
        assertSafe("tab\there.txt", "tabhere.txt");
        assertSafe("a<b>c:d\"e|f?g*h.txt", "abcdefgh.txt");
        // right-to-left override that shows "evil\u202Etxt.exe" as "evilexe.txt"
        assertSafe("evil\u202Etxt.exe", "eviltxt.exe");
        assertSafe("zero\u200Bwidth\uFEFF.txt", "zerowidth.txt");
        assertSafe("sep\u2028arators\u2029.txt", "separators.txt");
        assertSafe("lone\ud800surrogate.txt", "lonesurrogate.txt");
        assertSafe("stream.txt:secret", "stream.txtsecret");
    }

    @Test
    void windowsDeviceNamesGetAPrefix() {
        assertSafe("CON", "_CON");
        assertSafe("nul.txt", "_nul.txt");
        assertSafe("Com1.tar.gz", "_Com1.tar.gz");
        assertSafe("lpt9 .txt", "_lpt9 .txt");
        assertSafe("CONSOLE.txt", "CONSOLE.txt");
        assertSafe("_CON", "_CON");
    }

    @Test
    void unicodeIsComposed() {
        assertSafe("cafe\u0301.txt", "caf\u00e9.txt");
        // a removed character between a letter and its accent does not block composing
        assertSafe("cafe\u200B\u0301.txt", "caf\u00e9.txt");
    }

    @Test
    void longNamesAreShortenedKeepingTheExtension() {
        String safe = Filenames.sanitize("a".repeat(300) + ".jpeg");
        assertEquals("a".repeat(250) + ".jpeg", safe);
        assertSafe("a".repeat(300) + ".jpeg", safe);
        // multi-byte characters are never cut in half
        String wide = Filenames.sanitize("\u65e5".repeat(100) + ".txt");
        assertEquals("\u65e5".repeat(83) + ".txt", wide);
        assertSafe("\u65e5".repeat(100) + ".txt", wide);
        String emoji = Filenames.sanitize("\ud83d\ude00".repeat(70));
        assertEquals("\ud83d\ude00".repeat(63), emoji);
        // an "extension" too long to be one is cut like the rest
        assertSafe("x." + "y".repeat(300), "x." + "y".repeat(253));
        assertSafe("x".repeat(255), "x".repeat(255));
    }
}
