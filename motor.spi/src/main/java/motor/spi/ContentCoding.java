package motor.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A content coding (RFC 9110 section 8.4.1) such as {@code gzip}: registered by an extension through
 * {@link motor.spi.extension.ExtensionContext#addContentCoding}, and used by whatever encodes responses
 * or decodes request bodies, so that a new coding arrives as a plugin jar.
 */
public interface ContentCoding {

    /** {@return the coding's name as it appears in {@code Content-Encoding}, lower case} */
    String name();

    /**
     * Wraps a stream so that what is written to the result reaches {@code out} encoded. Closing the result
     * finishes the encoding and closes {@code out}; flushing it flushes what can be decoded so far.
     *
     * @param out where encoded bytes go
     * @return the encoding stream
     * @throws IOException if the encoder cannot start
     */
    OutputStream encode(OutputStream out) throws IOException;

    /**
     * Wraps a stream of encoded bytes so that reading the result gives the decoded bytes.
     *
     * @param in the encoded bytes
     * @return the decoding stream
     * @throws IOException if the decoder cannot start
     */
    InputStream decode(InputStream in) throws IOException;
}
