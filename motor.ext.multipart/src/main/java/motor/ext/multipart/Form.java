package motor.ext.multipart;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import motor.spi.Parameters;

/**
 * A form read from a request body by {@link Forms#read}: its text fields, in order and multi-valued, and
 * its files.
 *
 * <p>Closing the form deletes the temporary files of its file parts (those not moved away with
 * {@link FilePart#transferTo}). With the {@code multipart} extension installed this happens when the
 * request ends, whether the handler returned or threw; without it, close the form yourself, best with
 * try-with-resources. Closing twice is harmless; fields stay readable after closing.
 *
 * <p>Not thread-safe: use it on the handler's thread.
 */
public final class Form implements AutoCloseable {

    private final Parameters fields;
    private final List<FilePart> files;

    Form(Parameters fields, List<FilePart> files) {
        this.fields = fields;
        this.files = Collections.unmodifiableList(files);
    }

    /** {@return the text fields: names in order of first appearance, each with its values in order} */
    public Parameters fields() {
        return fields;
    }

    /**
     * {@return the first value of a text field, or {@code null} if the form has none}
     *
     * @param name the field name, case-sensitive
     */
    public String field(String name) {
        return fields.first(name);
    }

    /** {@return every file part, in the order they arrived} */
    public List<FilePart> files() {
        return files;
    }

    /**
     * {@return the file parts of one field, in order; empty if none}
     *
     * @param name the field name, case-sensitive
     */
    public List<FilePart> files(String name) {
        List<FilePart> result = new ArrayList<>(1);
        for (FilePart file : files) {
            if (file.name().equals(name)) {
                result.add(file);
            }
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * {@return the first file part of a field, or {@code null} if the form has none}
     *
     * @param name the field name, case-sensitive
     */
    public FilePart file(String name) {
        for (FilePart file : files) {
            if (file.name().equals(name)) {
                return file;
            }
        }
        return null;
    }

    /**
     * Deletes the temporary files that are still the form's. Failures to delete are logged, not thrown.
     */
    @Override
    public void close() {
        for (FilePart file : files) {
            try {
                file.delete();
            } catch (IOException e) {
                System.getLogger(Form.class.getName()).log(System.Logger.Level.WARNING,
                        "could not delete an upload's temporary file", e);
            }
        }
    }

    @Override
    public String toString() {
        return "Form[fields=" + fields.names() + ", files=" + files + "]";
    }
}
