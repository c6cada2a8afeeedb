package motor.ext.multipart;

import java.io.IOException;
import java.io.InputStream;
import motor.spi.Headers;
import motor.spi.HttpException;

/**
 * One part of a {@code multipart/form-data} body as {@link PartReader} hands it out: its headers, and its
 * content as a stream straight from the request. A part is valid until {@link PartReader#next()} is
 * called again; what was not read of it is then skipped.
 */
public interface Part {

    /** {@return the field name from {@code Content-Disposition}, decoded as browsers encode it} */
    String name();

    /** {@return whether the part is a file: its {@code Content-Disposition} has a file name} */
    boolean isFile();

    /**
     * {@return the file name made safe to use as a path element (see {@link Forms#safeFilename}), or
     * {@code null} if the part is not a file}
     */
    String filename();

    /**
     * {@return the file name as the client sent it ({@code filename*} when present, else {@code filename}),
     * decoded but not sanitised, possibly empty; {@code null} if the part is not a file} Never use it as
     * a path.
     */
    String rawFilename();

    /**
     * {@return the part's {@code Content-Type}, or the default: {@code application/octet-stream} for a
     * file, {@code text/plain} otherwise} It is the client's claim, not a checked fact.
     */
    String contentType();

    /** {@return the part's header fields as received; values are ISO-8859-1, one char per byte} */
    Headers headers();

    /**
     * {@return the part's content, streamed from the request} Each call returns the same stream. Reading
     * past {@code maxPartSize} (files) or {@code maxFieldSize} (fields) throws {@link HttpException} 413;
     * a body cut short throws 400. Closing it is not needed.
     */
    InputStream body();

    /**
     * Reads the rest of the content as text, in the charset of the part's {@code Content-Type}, else the
     * one the form's {@code _charset_} field named (if it came earlier), else UTF-8.
     *
     * @return the text
     * @throws IOException   if reading fails
     * @throws HttpException 413 past {@code maxFieldSize}; 400 if the bytes are not valid in the charset;
     *                       415 if the charset is unknown
     */
    String text() throws IOException;
}
