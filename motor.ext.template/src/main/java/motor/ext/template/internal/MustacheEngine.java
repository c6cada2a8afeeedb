package motor.ext.template.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import motor.ext.template.Template;
import motor.ext.template.TemplateEngine;
import motor.ext.template.TemplateException;
import motor.ext.template.TemplateLoader;

/**
 * The built-in engine: the core of Mustache. Tags are {@code {{name}}} (HTML-escaped), {@code {{{name}}}}
 * and {@code {{& name}}} (raw), {@code {{#name}}...{{/name}}} (a section: skipped for false, null, empty
 * strings, empty lists and empty optionals; repeated for each element of a list or array; entered once,
 * with the value as the new context, for anything else), {@code {{^name}}...{{/name}}} (inverted: rendered
 * when the section would be skipped), {@code {{! comment}}} and {@code {{> partial}}}. Names may be dotted
 * ({@code user.address.city}); {@code .} is the current context. A tag alone on its line (sections, comments,
 * partials) takes its line with it, so that templates can be indented freely. Not supported: changing the
 * delimiters, lambdas.
 */
public final class MustacheEngine implements TemplateEngine {

    /** How deep partials may include each other while rendering, against a partial that includes itself. */
    static final int MAX_DEPTH = 32;

    /** Creates the engine; found through {@link java.util.ServiceLoader}. */
    public MustacheEngine() {
    }

    @Override
    public String name() {
        return "mustache";
    }

    @Override
    public Set<String> extensions() {
        return Set.of("mustache", "html");
    }

    @Override
    public Template compile(String name, String source, TemplateLoader loader) {
        return new Compiled(new Parser(name, source).parse(), loader);
    }

    // ---------------------------------------------------------------- the tree

    sealed interface Node permits Text, Variable, Section, Partial {
    }

    record Text(String text) implements Node {
    }

    record Variable(String[] path, boolean escape, String template, int line) implements Node {
    }

    record Section(String[] path, boolean inverted, List<Node> children, String template, int line) implements Node {
    }

    record Partial(String name, String indent) implements Node {
    }

    /** A compiled template: the tree and the loader for its partials. */
    record Compiled(List<Node> nodes, TemplateLoader loader) implements Template {
        @Override
        public void render(Object model, Appendable out) throws java.io.IOException {
            new Renderer(loader, out).render(nodes, model);
        }
    }

    // ---------------------------------------------------------------- parsing

    private static final class Parser {
        private final String name;
        private final String source;
        private int pos;

        Parser(String name, String source) {
            this.name = name;
            this.source = source;
        }

        private TemplateException error(int at, String what) {
            return new TemplateException(name + ", line " + line(at) + ": " + what);
        }

        private int line(int at) {
            int line = 1;
            for (int i = 0; i < at && i < source.length(); i++) {
                if (source.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }

        List<Node> parse() {
            List<List<Node>> stack = new ArrayList<>();
            List<String> open = new ArrayList<>();
            List<Integer> openAt = new ArrayList<>();
            List<String[]> openPath = new ArrayList<>();
            List<Boolean> openInverted = new ArrayList<>();
            List<Node> current = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            while (pos < source.length()) {
                int tag = source.indexOf("{{", pos);
                if (tag < 0) {
                    text.append(source, pos, source.length());
                    break;
                }
                boolean triple = source.startsWith("{{{", tag);
                int close = source.indexOf(triple ? "}}}" : "}}", tag + (triple ? 3 : 2));
                if (close < 0) {
                    throw error(tag, "'" + (triple ? "{{{" : "{{") + "' is never closed");
                }
                String inside = source.substring(tag + (triple ? 3 : 2), close).strip();
                int end = close + (triple ? 3 : 2);
                char kind = triple ? '&' : inside.isEmpty() ? 0 : inside.charAt(0);
                boolean standaloneKind = !triple && (kind == '#' || kind == '^' || kind == '/' || kind == '!'
                        || kind == '>');
                // a tag alone on its line: drop the line's indentation and its end
                int lineStart = source.lastIndexOf('\n', tag - 1) + 1;
                int lineEnd = source.indexOf('\n', end);
                boolean standalone = standaloneKind && lineStart >= pos
                        && source.substring(lineStart, tag).isBlank()
                        && source.substring(end, lineEnd < 0 ? source.length() : lineEnd).isBlank();
                String indent = "";
                if (standalone) {
                    text.append(source, pos, lineStart);
                    indent = source.substring(lineStart, tag);
                    end = lineEnd < 0 ? source.length() : lineEnd + 1;
                } else {
                    text.append(source, pos, tag);
                }
                if (!text.isEmpty()) {
                    current.add(new Text(text.toString()));
                    text.setLength(0);
                }
                pos = end;
                switch (kind) {
                    case '!' -> {
                        // a comment
                    }
                    case '#', '^' -> {
                        String key = inside.substring(1).strip();
                        stack.add(current);
                        open.add(key);
                        openAt.add(tag);
                        openPath.add(path(key, tag));
                        openInverted.add(kind == '^');
                        current = new ArrayList<>();
                    }
                    case '/' -> {
                        String key = inside.substring(1).strip();
                        if (open.isEmpty()) {
                            throw error(tag, "'{{/" + key + "}}' closes no section");
                        }
                        String expected = open.remove(open.size() - 1);
                        if (!expected.equals(key)) {
                            throw error(tag, "'{{/" + key + "}}' closes '{{#" + expected + "}}'");
                        }
                        int at = openAt.remove(openAt.size() - 1);
                        Section section = new Section(openPath.remove(openPath.size() - 1),
                                openInverted.remove(openInverted.size() - 1), List.copyOf(current), name, line(at));
                        current = stack.remove(stack.size() - 1);
                        current.add(section);
                    }
                    case '>' -> {
                        String partial = inside.substring(1).strip();
                        if (partial.isEmpty()) {
                            throw error(tag, "a partial needs a name");
                        }
                        current.add(new Partial(partial, indent));
                    }
                    case '&' -> {
                        String key = triple ? inside : inside.substring(1).strip();
                        current.add(new Variable(path(key, tag), false, name, line(tag)));
                    }
                    case '=' -> throw error(tag, "changing delimiters is not supported");
                    default -> current.add(new Variable(path(inside, tag), true, name, line(tag)));
                }
            }
            if (!text.isEmpty()) {
                current.add(new Text(text.toString()));
            }
            if (!open.isEmpty()) {
                throw error(openAt.get(openAt.size() - 1), "'{{#" + open.get(open.size() - 1) + "}}' is never closed");
            }
            return List.copyOf(current);
        }

        private String[] path(String key, int at) {
            if (key.isEmpty()) {
                throw error(at, "a tag needs a name");
            }
            if (key.equals(".")) {
                return new String[0];
            }
            String[] parts = key.split("\\.", -1);
            for (String part : parts) {
                if (part.isEmpty() || !part.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                    throw error(at, "'" + key + "' is not a name (letters, digits, '_' and '-', dotted)");
                }
            }
            return parts;
        }
    }
}
