package motor.ext.template;

/** A template that cannot be found, compiled or rendered; the message names the template and the line. */
public class TemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the template
     */
    public TemplateException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the template
     * @param cause   the underlying failure
     */
    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
