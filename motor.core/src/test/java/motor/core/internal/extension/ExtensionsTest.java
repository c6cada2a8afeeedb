package motor.core.internal.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;
import org.junit.jupiter.api.Test;

class ExtensionsTest {

    private record Ext(String name, Set<String> after, Set<String> before, int weight) implements Extension {
        @Override
        public void install(ExtensionContext context) {
        }
    }

    private record Needy(String name, Set<String> requires) implements Extension {
        @Override
        public void install(ExtensionContext context) {
        }
    }

    private static Ext ext(String name) {
        return new Ext(name, Set.of(), Set.of(), 0);
    }

    private static List<String> names(List<Extension> extensions) {
        return extensions.stream().map(Extension::name).toList();
    }

    @Test
    void unconstrainedGoByWeightThenName() {
        assertEquals(List.of("b", "a", "c"), names(Extensions.order(List.of(ext("c"), ext("a"),
                new Ext("b", Set.of(), Set.of(), -1)))));
    }

    @Test
    void afterAndBeforeAreHonoured() {
        List<Extension> ordered = Extensions.order(List.of(
                new Ext("gzip", Set.of("security"), Set.of(), 0),
                new Ext("security", Set.of(), Set.of(), 5),
                new Ext("auth", Set.of(), Set.of("security"), 9),
                ext("metrics")));
        assertEquals(List.of("metrics", "auth", "security", "gzip"), names(ordered));
    }

    @Test
    void constraintsOnAbsentExtensionsAreIgnored() {
        assertEquals(List.of("a"), names(Extensions.order(List.of(new Ext("a", Set.of("ghost"), Set.of("x"), 0)))));
    }

    @Test
    void orderIsDeterministicWhateverTheDiscoveryOrder() {
        List<Extension> one = List.of(ext("x"), ext("y"), new Ext("z", Set.of(), Set.of("x"), 0));
        List<Extension> two = List.of(one.get(2), one.get(1), one.get(0));
        assertEquals(names(Extensions.order(one)), names(Extensions.order(two)));
    }

    @Test
    void requiredExtensionsComeFirstAndMustBePresent() {
        assertEquals(List.of("a", "sessions", "cookies"), names(Extensions.order(List.of(
                new Needy("cookies", Set.of("sessions")), ext("a"), new Needy("sessions", Set.of())))));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Extensions.order(List.of(new Needy("cookies", Set.of("sessions")))));
        assertTrue(e.getMessage().startsWith("extension 'cookies' from "), e.getMessage());
        assertTrue(e.getMessage().contains("requires extension 'sessions', which is not installed"), e.getMessage());
    }

    @Test
    void cyclesAreReported() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Extensions.order(List.of(
                new Ext("a", Set.of("b"), Set.of(), 0), new Ext("b", Set.of("a"), Set.of(), 0), ext("c"))));
        assertTrue(e.getMessage().contains("[a, b]"), e.getMessage());
    }

    @Test
    void duplicateAndInvalidNamesAreReported() {
        assertTrue(assertThrows(IllegalStateException.class, () -> Extensions.order(List.of(ext("a"), ext("a"))))
                .getMessage().contains("two extensions are named 'a'"));
        assertThrows(IllegalStateException.class, () -> Extensions.order(List.of(ext("Bad Name"))));
    }
}
