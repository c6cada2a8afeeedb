package motor.ext.template.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import motor.ext.template.Template;
import motor.ext.template.TemplateException;
import org.junit.jupiter.api.Test;

/** Hostile template text: compiling and rendering either work or fail with a TemplateException. */
class MustacheFuzzTest {

    private static final String ALPHABET = "{{}}#^/>&!=. a\n\r\t{}";

    @Test
    void randomTemplatesFailOnlyWithTemplateExceptions() {
        MustacheEngine engine = new MustacheEngine();
        SplittableRandom random = new SplittableRandom(7239);
        Map<String, Object> model = Map.of("a", List.of(Map.of("a", "x"), true), ".", "dot");
        for (int run = 0; run < 50_000; run++) {
            StringBuilder source = new StringBuilder();
            int length = random.nextInt(1, 24);
            for (int i = 0; i < length; i++) {
                source.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String text = source.toString();
            try {
                Template template = engine.compile("fuzz.mustache", text, name -> {
                    throw new TemplateException("no partial " + name);
                });
                template.render(model, new StringBuilder());
            } catch (TemplateException expected) {
                // a clear failure
            } catch (Exception | StackOverflowError e) {
                fail("'" + text.replace("\n", "\\n").replace("\r", "\\r") + "' threw " + e, e);
            }
        }
    }
}
