package motor.ext.template;

/** Finds templates by name; given to engines for partials and layouts. */
@FunctionalInterface
public interface TemplateLoader {

    /**
     * {@return the compiled template of that name}
     *
     * @param name a template name, as handlers use it: a relative path with its extension, such as
     *             {@code parts/header.mustache}
     * @throws TemplateException if there is no such template or it does not compile
     */
    Template load(String name) throws TemplateException;
}
