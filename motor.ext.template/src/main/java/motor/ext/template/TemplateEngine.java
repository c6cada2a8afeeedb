package motor.ext.template;

import java.util.Set;

/**
 * A template language. Engines are found with {@link java.util.ServiceLoader} (declare one with
 * {@code provides motor.ext.template.TemplateEngine with ...} and in
 * {@code META-INF/services/motor.ext.template.TemplateEngine}) and chosen by the template file's
 * extension. The built-in engine, {@code mustache}, serves {@code .mustache} and {@code .html}.
 */
public interface TemplateEngine {

    /** {@return a short name for logs and errors, such as {@code mustache}} */
    String name();

    /** {@return the file extensions this engine compiles, without the dot, such as {@code mustache}} */
    Set<String> extensions();

    /**
     * Compiles a template. Called once per template (again when its file changes in development mode);
     * the result is shared by every request, so it must be thread-safe.
     *
     * @param name   the template's name, for error messages and for resolving partials
     * @param source the template's text
     * @param loader finds other templates by name (partials, layouts), compiled by their own engine
     * @return the compiled template
     * @throws TemplateException if the text is not a valid template, naming the line
     */
    Template compile(String name, String source, TemplateLoader loader) throws TemplateException;
}
