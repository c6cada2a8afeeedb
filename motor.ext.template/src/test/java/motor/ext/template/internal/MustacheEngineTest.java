package motor.ext.template.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import motor.ext.template.Template;
import motor.ext.template.TemplateException;
import org.junit.jupiter.api.Test;

/** The built-in engine on strings. */
class MustacheEngineTest {

    public record User(String name, boolean admin, Address address, List<String> roles) {
    }

    public record Address(String city) {
    }

    /** A JavaBean with getters, and a method a template must not be able to call. */
    public static final class Bean {
        public String getTitle() {
            return "bean title";
        }

        public boolean isActive() {
            return true;
        }

        public String delete() {
            throw new AssertionError("a template called a method that is not a getter");
        }
    }

    private final Map<String, String> partials = new HashMap<>();
    private final MustacheEngine engine = new MustacheEngine();

    private Template compile(String source) {
        return engine.compile("test.mustache", source, this::partial);
    }

    private Template partial(String name) {
        String source = partials.get(name);
        if (source == null) {
            throw new TemplateException("no template '" + name + "'");
        }
        return engine.compile(name, source, this::partial);
    }

    private String render(String source, Object model) throws IOException {
        StringBuilder out = new StringBuilder();
        compile(source).render(model, out);
        return out.toString();
    }

    @Test
    void variablesAreEscapedUnlessAskedNotTo() throws IOException {
        Map<String, Object> model = Map.of("x", "<a href=\"/\" onclick='x'>&`=</a>");
        assertEquals("&lt;a href&#61;&quot;/&quot; onclick&#61;&#39;x&#39;&gt;&amp;&#96;&#61;&lt;/a&gt;",
                render("{{x}}", model));
        assertEquals("<a href=\"/\" onclick='x'>&`=</a>", render("{{{x}}}", model));
        assertEquals("<a href=\"/\" onclick='x'>&`=</a>", render("{{& x}}", model));
        assertEquals("[]", render("[{{missing}}]", model));
        assertEquals("1 2.5 true", render("{{a}} {{b}} {{c}}", Map.of("a", 1, "b", 2.5, "c", true)));
    }

    @Test
    void recordsBeansDottedNamesAndTheCurrentItem() throws IOException {
        User ann = new User("Ann", true, new Address("Oslo"), List.of("ops", "dev"));
        assertEquals("Ann lives in Oslo: ops,dev,", render("{{name}} lives in {{address.city}}: {{#roles}}{{.}},{{/roles}}", ann));
        assertEquals("bean title yes", render("{{title}} {{#active}}yes{{/active}}", new Bean()));
        assertEquals("", render("{{delete}}{{class}}{{hashCode}}", new Bean()));
        assertEquals("", render("{{address.street}}", ann));
        assertEquals("", render("{{nothing.at.all}}", ann));
    }

    @Test
    void entriesOfJdkMapsAndOtherHiddenClassesAreReadThroughTheirPublicInterfaces() throws IOException {
        Map<String, Object> model = Map.of(
                "sorted", new java.util.TreeMap<>(Map.of("a", 1, "b", 2)).entrySet(),
                "hashed", new HashMap<>(Map.of("k", "v")).entrySet(),
                "pairs", List.of(Map.entry("x", "y")));
        assertEquals("a=1;b=2;", render("{{#sorted}}{{key}}={{value}};{{/sorted}}", model));
        assertEquals("k=v", render("{{#hashed}}{{key}}={{value}}{{/hashed}}", model));
        assertEquals("x=y", render("{{#pairs}}{{key}}={{value}}{{/pairs}}", model));
        // a getter only a non-public class declares stays out of reach, with a message that says why
        TemplateException e = assertThrows(TemplateException.class,
                () -> render("{{secret}}", motor.ext.template.TestModels.hidden()));
        assertTrue(e.getMessage().contains("make the class public"), e.getMessage());
    }

    @Test
    void sectionsSkipRepeatOrEnter() throws IOException {
        Map<String, Object> model = new HashMap<>();
        model.put("items", List.of(Map.of("n", 1), Map.of("n", 2)));
        model.put("empty", List.of());
        model.put("no", false);
        model.put("nil", null);
        model.put("blank", "");
        model.put("some", Optional.of(Map.of("v", "x")));
        model.put("none", Optional.empty());
        model.put("array", new int[] {7, 8});
        model.put("title", "outer");
        assertEquals("1,2,", render("{{#items}}{{n}},{{/items}}", model));
        assertEquals("", render("{{#empty}}x{{/empty}}{{#no}}x{{/no}}{{#nil}}x{{/nil}}{{#blank}}x{{/blank}}{{#none}}x{{/none}}", model));
        assertEquals("EMPTY", render("{{^empty}}EMPTY{{/empty}}{{^items}}no{{/items}}", model));
        assertEquals("x", render("{{#some}}{{v}}{{/some}}", model));
        assertEquals("78", render("{{#array}}{{.}}{{/array}}", model));
        // inner contexts fall back to outer ones
        assertEquals("outer 1;outer 2;", render("{{#items}}{{title}} {{n}};{{/items}}", model));
    }

    @Test
    void standaloneTagsTakeTheirLines() throws IOException {
        String source = "<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n  {{! a comment }}\n</ul>\n";
        assertEquals("<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n", render(source, Map.of("items", List.of("a", "b"))));
        // not alone on the line: kept as written
        assertEquals("a: x;\n", render("a: {{#v}}x{{/v}};\n", Map.of("v", true)));
        assertEquals("x\r\ny\r\n", render("{{#v}}\r\nx\r\n{{/v}}\r\ny\r\n", Map.of("v", true)));
    }

    @Test
    void partialsSeeTheContextAndKeepIndentation() throws IOException {
        partials.put("item.mustache", "<li>{{name}} ({{site}})</li>\n");
        String source = "<ul>\n  {{#people}}\n  {{> item.mustache}}\n  {{/people}}\n</ul>";
        Map<String, Object> model = Map.of("site", "example", "people", List.of(Map.of("name", "A"), Map.of("name", "B")));
        assertEquals("<ul>\n  <li>A (example)</li>\n  <li>B (example)</li>\n</ul>", render(source, model));
        partials.put("loop.mustache", "{{> loop.mustache}}");
        TemplateException e = assertThrows(TemplateException.class, () -> render("{{> loop.mustache}}", Map.of()));
        assertTrue(e.getMessage().contains("include itself"), e.getMessage());
        e = assertThrows(TemplateException.class, () -> render("{{> nowhere.mustache}}", Map.of()));
        assertTrue(e.getMessage().contains("nowhere.mustache"), e.getMessage());
    }

    @Test
    void badTemplatesNameTheLine() {
        for (String[] bad : new String[][] {
            {"a\nb {{name", "line 2", "never closed"},
            {"{{#a}}\n{{/b}}", "line 2", "closes '{{#a}}'"},
            {"x\n\n{{#a}}", "line 3", "never closed"},
            {"{{/a}}", "line 1", "closes no section"},
            {"{{}}", "line 1", "needs a name"},
            {"{{a b}}", "line 1", "not a name"},
            {"{{=<% %>=}}", "line 1", "delimiters"},
            {"{{>}}", "line 1", "needs a name"},
            {"{{a..b}}", "line 1", "not a name"}}) {
            TemplateException e = assertThrows(TemplateException.class, () -> compile(bad[0]), bad[0]);
            assertTrue(e.getMessage().startsWith("test.mustache, " + bad[1] + ":") && e.getMessage().contains(bad[2]),
                    bad[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void aTemplateIsSharedSafelyByManyThreads() throws Exception {
        Template template = compile("{{#items}}{{.}}{{/items}}");
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < 20; t++) {
            int id = t;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 200; i++) {
                    StringBuilder out = new StringBuilder();
                    try {
                        template.render(Map.of("items", List.of(id, i)), out);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    if (!out.toString().equals(id + "" + i)) {
                        wrong.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertEquals(0, wrong.get());
    }
}
