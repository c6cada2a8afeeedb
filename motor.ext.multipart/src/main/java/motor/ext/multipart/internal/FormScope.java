package motor.ext.multipart.internal;

import java.util.ArrayList;
import java.util.List;
import motor.ext.multipart.FormOptions;

/**
 * What the extension's middleware attaches to a request that carries a form: the configured options, and
 * the forms read during the request, which it closes (deleting their temporary files) when the request
 * is done, however it ended.
 */
public final class FormScope implements AutoCloseable {

    /** The request attribute that holds the scope. */
    public static final String ATTRIBUTE = "motor.ext.multipart.scope";

    /** {@link #formType} of a request that carries no form. */
    public static final int NONE = 0;
    /** {@link #formType} of {@code application/x-www-form-urlencoded}. */
    public static final int URLENCODED = 1;
    /** {@link #formType} of {@code multipart/form-data}. */
    public static final int MULTIPART = 2;

    private static final String URLENCODED_TYPE = "application/x-www-form-urlencoded";
    private static final String MULTIPART_TYPE = "multipart/form-data";

    private final FormOptions options;
    private List<AutoCloseable> resources;

    /**
     * Creates a scope.
     *
     * @param options the options forms of this request are read with
     */
    public FormScope(FormOptions options) {
        this.options = options;
    }

    /** {@return the options forms of this request are read with} */
    public FormOptions options() {
        return options;
    }

    /**
     * Registers something to close when the request is done.
     *
     * @param resource a form, usually
     */
    public void register(AutoCloseable resource) {
        if (resources == null) {
            resources = new ArrayList<>(2);
        }
        resources.add(resource);
    }

    /** Closes what was registered, last first; failures are logged and do not stop the others. */
    @Override
    public void close() {
        if (resources == null) {
            return;
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.getLogger(FormScope.class.getName()).log(System.Logger.Level.WARNING,
                        "could not release a form's resources", e);
            }
        }
        resources = null;
    }

    /**
     * Tells which kind of form a {@code Content-Type} announces, by its media type alone (compared without
     * case, parameters ignored), without allocating.
     *
     * @param contentType the header value, or {@code null}
     * @return {@link #NONE}, {@link #URLENCODED} or {@link #MULTIPART}
     */
    public static int formType(String contentType) {
        if (contentType == null) {
            return NONE;
        }
        int start = 0;
        int end = contentType.indexOf(';');
        if (end < 0) {
            end = contentType.length();
        }
        while (start < end && isSpace(contentType.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(contentType.charAt(end - 1))) {
            end--;
        }
        if (matches(contentType, start, end, MULTIPART_TYPE)) {
            return MULTIPART;
        }
        if (matches(contentType, start, end, URLENCODED_TYPE)) {
            return URLENCODED;
        }
        return NONE;
    }

    private static boolean matches(String s, int start, int end, String type) {
        return end - start == type.length() && s.regionMatches(true, start, type, 0, type.length());
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
