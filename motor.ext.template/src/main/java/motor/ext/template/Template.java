package motor.ext.template;

import java.io.IOException;

/** A compiled template: thread-safe, rendered once per request with a model. */
@FunctionalInterface
public interface Template {

    /**
     * Renders the template.
     *
     * @param model the values the template refers to: a {@code Map}, a record, or an object with public
     *              getters (for the built-in engine)
     * @param out   where the text goes
     * @throws IOException if writing fails
     * @throws TemplateException if the model does not fit the template in a way the engine reports
     */
    void render(Object model, Appendable out) throws IOException;
}
