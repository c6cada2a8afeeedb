package motor.ext.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Status;

/**
 * Renders templates for handlers. The {@code template} extension provides one, configured by its section
 * (where templates live, caching); a handler reaches it through its request:
 *
 * <pre>{@code
 * routes.get("/hello/{name}", (request, response) ->
 *         Templates.of(request).render(response, "hello.mustache", Map.of("name", request.pathParameter("name"))));
 * }</pre>
 */
public interface Templates {

    /**
     * {@return the templates the extension provides}
     *
     * @param request the current request
     * @throws HttpException 500 if the template extension is not installed
     */
    static Templates of(Request request) {
        return request.service(Templates.class).orElseThrow(() -> new HttpException(Status.INTERNAL_SERVER_ERROR,
                "the template extension (motor.ext.template) is not installed"));
    }

    /**
     * {@return a compiled template}
     *
     * @param name the template's name: its path below the template folder, with its extension
     * @throws TemplateException if there is no such template or it does not compile
     */
    Template template(String name);

    /**
     * Renders a template into a string.
     *
     * @param name  the template's name
     * @param model the model
     * @return the text
     * @throws TemplateException if the template cannot be found, compiled or rendered
     */
    default String render(String name, Object model) {
        StringBuilder out = new StringBuilder(1024);
        try {
            template(name).render(model, out);
        } catch (IOException e) {
            throw new TemplateException("rendering " + name + " failed", e); // a StringBuilder does not throw
        }
        return out.toString();
    }

    /**
     * Renders a template as the response body, with status 200 (unless the handler set another) and the
     * content type for the template's extension ({@code text/html; charset=utf-8} for {@code .html} and
     * {@code .mustache}) unless the handler set one. The whole page is rendered before anything is sent,
     * so a failing template still gives a clean error response.
     *
     * @param response the response
     * @param name     the template's name
     * @param model    the model
     * @throws IOException if sending fails
     * @throws TemplateException if the template cannot be found, compiled or rendered
     */
    default void render(Response response, String name, Object model) throws IOException {
        String text = render(name, model);
        if (!response.headers().contains("Content-Type")) {
            response.headers().set("Content-Type", contentType(name));
        }
        response.send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@return the content type for a template's name}
     *
     * @param name the template's name
     */
    String contentType(String name);
}
