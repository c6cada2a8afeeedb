package motor.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersTest {

    @Test
    void namesCompareCaseInsensitively() {
        Headers headers = Headers.of("Content-Type", "text/plain");
        assertEquals("text/plain", headers.first("content-type"));
        assertEquals("text/plain", headers.first("CONTENT-TYPE"));
        assertTrue(headers.contains("Content-type"));
        assertNull(headers.first("Content-Length"));
    }

    @Test
    void caseFoldingIsAsciiOnly() {
        // '^' and '~' differ by 0x20 like letters do; they must not match
        Headers headers = Headers.of("X-^", "a");
        assertNull(headers.first("X-~"));
        assertFalse(Headers.equalsIgnoreCase("a^", "A~"));
        assertTrue(Headers.equalsIgnoreCase("aBc-1", "AbC-1"));
    }

    @Test
    void multipleValuesInOrder() {
        Headers headers = new Headers(1).add("Via", "a").add("X", "1").add("via", "b");
        assertEquals(List.of("a", "b"), headers.all("VIA"));
        assertEquals(2, headers.count("Via"));
        assertEquals(List.of(), headers.all("None"));
        assertEquals(Set.of("Via", "X"), headers.names());
    }

    @Test
    void setReplacesAllInPlaceOfTheFirst() {
        Headers headers = new Headers().add("A", "1").add("B", "2").add("a", "3");
        headers.set("A", "x");
        assertEquals(2, headers.size());
        assertEquals("A", headers.name(0));
        assertEquals("x", headers.value(0));
        assertEquals("B", headers.name(1));
    }

    @Test
    void removeAndClear() {
        Headers headers = new Headers().add("A", "1").add("B", "2").add("a", "3");
        assertTrue(headers.remove("a"));
        assertFalse(headers.remove("a"));
        assertEquals(1, headers.size());
        headers.clear();
        assertTrue(headers.isEmpty());
    }

    @Test
    void setIfAbsentKeepsExisting() {
        Headers headers = Headers.of("A", "1");
        headers.setIfAbsent("a", "2").setIfAbsent("B", "3");
        assertEquals("1", headers.first("A"));
        assertEquals("3", headers.first("B"));
    }

    @Test
    void tokensInLists() {
        Headers headers = Headers.of("Connection", "keep-alive, Upgrade", "Connection", " close ;x=1");
        assertTrue(headers.containsToken("connection", "upgrade"));
        assertTrue(headers.containsToken("Connection", "CLOSE"));
        assertFalse(headers.containsToken("Connection", "keep"));
        assertFalse(headers.containsToken("Upgrade", "close"));
        assertTrue(Headers.listContains("gzip,  br", "br"));
        assertFalse(Headers.listContains("", "br"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bad Name", "Bad:Name", "B\u00e4d", "X\r\nInjected", "(x)"})
    void invalidNamesAreRefused(String name) {
        assertThrows(IllegalArgumentException.class, () -> new Headers().add(name, "v"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nSet-Cookie: x=y", "a\nb", "a\rb", "a\u0000b", "a\u007fb", "\u20ac"})
    void valuesThatCouldSplitAResponseAreRefused(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Headers().add("X", value));
        assertFalse(e.getMessage().contains(value));
        assertThrows(IllegalArgumentException.class, () -> Headers.of("X", "ok").set("X", value));
    }

    @Test
    void tabsAndLatin1AreValid() {
        Headers headers = new Headers().add("X", "a\tb caf\u00e9");
        assertEquals("a\tb caf\u00e9", headers.first("x"));
    }

    @Test
    void copyIsIndependentAndIterationAllocatesFields() {
        Headers headers = Headers.of("A", "1", "B", "2");
        Headers copy = headers.copy();
        copy.add("C", "3");
        assertEquals(2, headers.size());
        List<String> seen = new ArrayList<>();
        for (Headers.Field field : copy) {
            seen.add(field.name() + "=" + field.value());
        }
        assertEquals(List.of("A=1", "B=2", "C=3"), seen);
        List<String> viaForEach = new ArrayList<>();
        copy.forEach((n, v) -> viaForEach.add(n + "=" + v));
        assertEquals(seen, viaForEach);
    }

    @Test
    void growsPastItsCapacity() {
        Headers headers = new Headers(1);
        for (int i = 0; i < 100; i++) {
            headers.add("X-" + i, String.valueOf(i));
        }
        assertEquals("99", headers.first("x-99"));
        assertThrows(IndexOutOfBoundsException.class, () -> headers.name(100));
    }

    @Test
    void oddArgumentsToOf() {
        assertThrows(IllegalArgumentException.class, () -> Headers.of("A"));
    }
}
