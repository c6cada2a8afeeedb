package motor.ext.template.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import motor.ext.template.TemplateException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Template names, checked before any file is touched. */
class StoreTest {

    @ParameterizedTest
    @ValueSource(strings = {"page.html", "parts/footer.html", "a-b_c/d.e.mustache", "日本/ページ.html"})
    void relativePathsAreNames(String name) {
        assertDoesNotThrow(() -> Store.checkName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../x.html", "a/../x.html", "./x.html", "a//b.html", "a\\b.html",
        "c:x.html", "x.html/", "a\0.html", "a\n.html", "forged\r\nERROR log line.html", "tab\t.html", "del\u007f.html",
        "bell\u0007.html", "next\u0085line.html"})
    void everythingElseIsRefusedWithoutEchoingControlCharacters(String name) {
        TemplateException e = assertThrows(TemplateException.class, () -> Store.checkName(name));
        assertFalse(e.getMessage().chars().anyMatch(c -> c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0),
                e.getMessage());
    }
}
