package motor.core.internal.extension;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import motor.spi.extension.Extension;

/** Finds extensions with {@link ServiceLoader} and puts them in their install order. */
public final class Extensions {


    private Extensions() {
    }

    /**
     * Loads the extensions visible from the boot layer's module graph and the class path.
     *
     * @return the extensions, in no particular order
     * @throws IllegalStateException if a provider cannot be loaded; the message names it
     */
    public static List<Extension> discover() {
        List<Extension> found = new ArrayList<>();
        ServiceLoader<Extension> loader = ServiceLoader.load(Extension.class, Extensions.class.getClassLoader());
        var iterator = loader.iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                found.add(iterator.next());
            } catch (ServiceConfigurationError e) {
                throw new IllegalStateException("an extension cannot be loaded: " + e.getMessage(), e);
            }
        }
        return found;
    }

    /**
     * Orders extensions: every {@code requires}, {@code after} and {@code before} constraint between
     * present extensions is honoured; among extensions the constraints leave free, lower weight first,
     * then name.
     *
     * @param extensions the extensions
     * @return them in install order
     * @throws IllegalStateException if a name is invalid or duplicated, a required extension is missing, or
     *                               the constraints form a cycle
     */
    public static List<Extension> order(List<Extension> extensions) {
        Map<String, Extension> byName = new LinkedHashMap<>();
        for (Extension extension : extensions) {
            String name = extension.name();
            if (!validName(name)) {
                throw new IllegalStateException("extension " + extension.getClass().getName() + " from "
                        + source(extension) + " has an invalid name '" + name
                        + "': use lower-case letters, digits, '.' and '-'");
            }
            Extension previous = byName.putIfAbsent(name, extension);
            if (previous != null) {
                throw new IllegalStateException("two extensions are named '" + name + "': "
                        + previous.getClass().getName() + " from " + source(previous) + " and "
                        + extension.getClass().getName() + " from " + source(extension)
                        + "; remove one of them");
            }
        }
        for (Extension extension : byName.values()) {
            for (String required : extension.requires()) {
                if (!byName.containsKey(required)) {
                    throw new IllegalStateException("extension '" + extension.name() + "' from " + source(extension)
                            + " requires extension '" + required + "', which is not installed; add the plugin"
                            + " that provides it, or remove '" + extension.name() + "'");
                }
            }
        }
        Map<String, Set<String>> successors = new HashMap<>();
        Map<String, Integer> pending = new HashMap<>();
        for (String name : byName.keySet()) {
            successors.put(name, new TreeSet<>());
            pending.put(name, 0);
        }
        for (Extension extension : byName.values()) {
            for (String before : extension.requires()) {
                edge(before, extension.name(), byName, successors, pending);
            }
            for (String before : extension.after()) {
                edge(before, extension.name(), byName, successors, pending);
            }
            for (String after : extension.before()) {
                edge(extension.name(), after, byName, successors, pending);
            }
        }
        Comparator<Extension> free = Comparator.comparingInt(Extension::weight).thenComparing(Extension::name);
        PriorityQueue<Extension> ready = new PriorityQueue<>(free);
        pending.forEach((name, count) -> {
            if (count == 0) {
                ready.add(byName.get(name));
            }
        });
        List<Extension> ordered = new ArrayList<>();
        while (!ready.isEmpty()) {
            Extension next = ready.poll();
            ordered.add(next);
            for (String successor : successors.get(next.name())) {
                if (pending.merge(successor, -1, Integer::sum) == 0) {
                    ready.add(byName.get(successor));
                }
            }
        }
        if (ordered.size() != byName.size()) {
            Set<String> cycle = new TreeSet<>();
            pending.forEach((name, count) -> {
                if (count > 0) {
                    cycle.add(name);
                }
            });
            throw new IllegalStateException("extensions " + cycle + " must each come after another: their after()"
                    + " and before() declarations form a cycle");
        }
        return ordered;
    }

    /** Lower-case letters and digits, then also {@code .} and {@code -}. */
    static boolean validName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (i == 0 || (c != '.' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    private static void edge(String first, String then, Map<String, Extension> byName,
                             Map<String, Set<String>> successors, Map<String, Integer> pending) {
        if (!byName.containsKey(first) || !byName.containsKey(then) || first.equals(then)) {
            return; // constraints on absent extensions do not apply
        }
        if (successors.get(first).add(then)) {
            pending.merge(then, 1, Integer::sum);
        }
    }

    /**
     * {@return where an extension was loaded from: its jar or folder, or its module name}
     *
     * @param extension the extension
     */
    public static String source(Extension extension) {
        Class<?> type = extension.getClass();
        try {
            CodeSource code = type.getProtectionDomain().getCodeSource();
            URL location = code == null ? null : code.getLocation();
            if (location != null) {
                String path = location.getPath();
                int slash = path.lastIndexOf('/', path.endsWith("/") ? path.length() - 2 : path.length());
                return slash >= 0 ? path.substring(slash + 1) : path;
            }
        } catch (SecurityException e) {
            // fall through to the module name
        }
        Module module = type.getModule();
        return module.isNamed() ? module.getName() : "class path";
    }
}
