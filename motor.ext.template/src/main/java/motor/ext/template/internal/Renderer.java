package motor.ext.template.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import motor.ext.template.Template;
import motor.ext.template.TemplateException;
import motor.ext.template.TemplateLoader;

/** Renders one template tree against a stack of contexts, the innermost last. */
final class Renderer {

    private final TemplateLoader loader;
    private Appendable out;
    private final List<Object> stack = new ArrayList<>();
    private int depth;

    Renderer(TemplateLoader loader, Appendable out) {
        this.loader = loader;
        this.out = out;
    }

    void render(List<MustacheEngine.Node> nodes, Object model) throws IOException {
        stack.add(model);
        renderNodes(nodes);
        stack.remove(stack.size() - 1);
    }

    private void renderNodes(List<MustacheEngine.Node> nodes) throws IOException {
        for (MustacheEngine.Node node : nodes) {
            switch (node) {
                case MustacheEngine.Text text -> out.append(text.text());
                case MustacheEngine.Variable variable -> {
                    Object value = unwrap(lookup(variable.path()));
                    if (value != null) {
                        String string = String.valueOf(value);
                        if (variable.escape()) {
                            Html.escape(string, out);
                        } else {
                            out.append(string);
                        }
                    }
                }
                case MustacheEngine.Section section -> section(section);
                case MustacheEngine.Partial partial -> partial(partial);
            }
        }
    }

    private void section(MustacheEngine.Section section) throws IOException {
        Object value = unwrap(lookup(section.path()));
        boolean empty = isFalsy(value);
        if (section.inverted()) {
            if (empty) {
                renderNodes(section.children());
            }
            return;
        }
        if (empty) {
            return;
        }
        if (value instanceof Boolean) {
            renderNodes(section.children());
        } else if (value instanceof Iterable<?> items) {
            for (Object item : items) {
                enter(item, section.children());
            }
        } else if (value.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(value);
            for (int i = 0; i < n; i++) {
                enter(java.lang.reflect.Array.get(value, i), section.children());
            }
        } else {
            enter(value, section.children());
        }
    }

    private void enter(Object context, List<MustacheEngine.Node> nodes) throws IOException {
        stack.add(unwrap(context));
        try {
            renderNodes(nodes);
        } finally {
            stack.remove(stack.size() - 1);
        }
    }

    private void partial(MustacheEngine.Partial partial) throws IOException {
        if (++depth > MustacheEngine.MAX_DEPTH) {
            throw new TemplateException("partials nested more than " + MustacheEngine.MAX_DEPTH
                    + " deep (does '" + partial.name() + "' include itself?)");
        }
        try {
            Template template = loader.load(partial.name());
            Appendable saved = out;
            if (!partial.indent().isEmpty()) {
                out = new Indenting(saved, partial.indent());
            }
            try {
                if (template instanceof MustacheEngine.Compiled compiled) {
                    // a partial of this engine sees the whole stack of contexts, as in Mustache
                    renderNodes(compiled.nodes());
                } else {
                    template.render(stack.get(stack.size() - 1), out);
                }
            } finally {
                out = saved;
            }
        } finally {
            depth--;
        }
    }

    private static boolean isFalsy(Object value) {
        return value == null || Boolean.FALSE.equals(value)
                || value instanceof CharSequence text && text.isEmpty()
                || value instanceof Collection<?> collection && collection.isEmpty()
                || value instanceof Map<?, ?> map && map.isEmpty()
                || value.getClass().isArray() && java.lang.reflect.Array.getLength(value) == 0;
    }

    private static Object unwrap(Object value) {
        return value instanceof Optional<?> optional ? optional.orElse(null) : value;
    }

    /** The first context, innermost first, that has the path's first name; then the rest of the path on it. */
    private Object lookup(String[] path) {
        if (path.length == 0) {
            return stack.get(stack.size() - 1);
        }
        for (int i = stack.size() - 1; i >= 0; i--) {
            Object context = stack.get(i);
            Object value = Properties.get(context, path[0]);
            if (value != Properties.MISSING) {
                for (int k = 1; k < path.length; k++) {
                    value = unwrap(value);
                    if (value == null) {
                        return null;
                    }
                    value = Properties.get(value, path[k]);
                    if (value == Properties.MISSING) {
                        return null;
                    }
                }
                return value;
            }
        }
        return null;
    }

    /** Prefixes each line a partial writes with the indentation of its standalone tag. */
    private static final class Indenting implements Appendable {
        private Appendable out;
        private final String indent;
        private boolean lineStart = true;

        Indenting(Appendable out, String indent) {
            this.out = out;
            this.indent = indent;
        }

        @Override
        public Appendable append(CharSequence text) throws IOException {
            return append(text, 0, text.length());
        }

        @Override
        public Appendable append(CharSequence text, int start, int end) throws IOException {
            for (int i = start; i < end; i++) {
                append(text.charAt(i));
            }
            return this;
        }

        @Override
        public Appendable append(char c) throws IOException {
            if (lineStart) {
                out.append(indent);
                lineStart = false;
            }
            out.append(c);
            if (c == '\n') {
                lineStart = true;
            }
            return this;
        }
    }
}
