package motor.ext.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import motor.spi.Headers;
import org.junit.jupiter.api.Test;

class VaryTest {

    @Test
    void namesAreLowerCaseSortedAndDistinct() {
        assertEquals(List.of("accept", "accept-language"),
                Vary.names(List.of("Accept-Language, accept", " ACCEPT ,")));
        assertEquals(List.of(), Vary.names(List.of()));
        assertEquals(List.of(), Vary.names(List.of(" , ")));
    }

    @Test
    void starOrBadNamesOrTooManyAreUncacheable() {
        assertSame(Vary.UNCACHEABLE, Vary.names(List.of("Accept, *")));
        assertSame(Vary.UNCACHEABLE, Vary.names(List.of("Accept", "*")));
        assertSame(Vary.UNCACHEABLE, Vary.names(List.of("Acc ept")));
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= Vary.MAX_FIELDS; i++) {
            many.add("X-" + i);
        }
        assertSame(Vary.UNCACHEABLE, Vary.names(List.of(String.join(",", many))));
        assertEquals(Vary.MAX_FIELDS, Vary.names(List.of(String.join(",", many.subList(0, Vary.MAX_FIELDS)))).size());
        // repetitions of one name do not count against the limit
        assertEquals(List.of("x"), Vary.names(List.of("x,".repeat(1000))));
    }

    @Test
    void keyNormalisesWhitespaceAndLines() {
        List<String> names = List.of("accept-language");
        String a = Vary.key(names, Headers.of("Accept-Language", "en, fr"));
        String b = Vary.key(names, Headers.of("accept-language", "en,fr"));
        String c = Vary.key(names, Headers.of("Accept-Language", "en", "Accept-Language", " fr "));
        assertEquals(a, b);
        assertEquals(a, c);
        assertNotEquals(a, Vary.key(names, Headers.of("Accept-Language", "fr, en")), "order matters");
        assertNotEquals(a, Vary.key(names, Headers.of("Accept-Language", "EN, fr")), "case is kept");
    }

    @Test
    void absentDiffersFromEmpty() {
        List<String> names = List.of("x-a");
        assertNotEquals(Vary.key(names, new Headers()), Vary.key(names, Headers.of("X-A", "")));
        assertEquals(Vary.key(names, new Headers()), Vary.key(names, Headers.of("X-B", "1")));
    }

    @Test
    void valuesCannotForgeAnotherField() {
        List<String> names = List.of("a", "b");
        // a value cannot hold a line break, so the separator cannot be forged
        String one = Vary.key(names, Headers.of("A", "1", "B", "2"));
        String two = Vary.key(names, Headers.of("A", "1:b:2"));
        assertNotEquals(one, two);
    }

    @Test
    void noNamesNoKey() {
        assertEquals("", Vary.key(List.of(), Headers.of("Accept", "x")));
    }

    @Test
    void namesOfStoredFields() {
        List<Headers.Field> fields = List.of(new Headers.Field("vary", "B"), new Headers.Field("ETag", "\"x\""),
                new Headers.Field("Vary", "a"));
        assertEquals(List.of("a", "b"), Vary.namesOf(fields));
    }
}
