package motor.ext.staticfiles.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import motor.spi.Response;

/**
 * Where files come from: a directory or class-path resources. Names handed in are already checked
 * (see {@link RequestPath}): each is one non-empty segment without {@code /}, {@code \}, NUL or control
 * characters, never {@code .} or {@code ..}.
 */
public interface Source {

    /**
     * Looks up a file or directory, every time it is asked (no index that could go stale).
     *
     * @param names the path below the root, one name per segment; empty for the root
     * @return the resource, or {@code null} if there is none or it may not be served
     * @throws IOException if the lookup fails for another reason than absence
     */
    Resource lookup(List<String> names) throws IOException;

    /**
     * Lists a directory.
     *
     * @param directory a directory this source returned
     * @param max       how many entries at most
     * @return the visible entries, sorted by name; one more than {@code max} means there were more
     * @throws IOException if the directory cannot be read
     */
    List<Listing.Entry> list(Resource directory, int max) throws IOException;

    /** A file or directory found by {@link #lookup}. */
    interface Resource {

        /** {@return whether this is a directory} */
        boolean directory();

        /** {@return the length in bytes} */
        long length();

        /** {@return the modification time, or {@code null} if unknown} */
        Instant lastModified();

        /**
         * {@return a strong entity tag derived from the metadata, or {@code null} if there is none}
         *
         * @param marker added inside the quotes to tell variants apart, or empty
         */
        String etag(String marker);

        /**
         * {@return the body, opened for reading, or {@code null} if the file is no longer the one this
         * resource describes (replaced, rewritten or deleted since the lookup) or cannot be opened: look
         * it up again}
         */
        Body open() throws IOException;
    }

    /** An open body; regions are read in ascending order. */
    interface Body extends Closeable {

        /**
         * Sends a region as the whole response body, with its length.
         *
         * @param response the response
         * @param position the first byte
         * @param count    how many bytes
         */
        void send(Response response, long position, long count) throws IOException;

        /**
         * Copies a region to a stream; regions of one body come in ascending order.
         *
         * @param out      where the bytes go
         * @param position the first byte
         * @param count    how many bytes
         */
        void copy(OutputStream out, long position, long count) throws IOException;
    }
}
