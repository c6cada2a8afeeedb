package motor.ext.sse.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Status;

/**
 * Reads the {@code Last-Event-ID} request header. A browser sends it when it reconnects, holding the id
 * of the last event it received, UTF-8 encoded; the server's parser hands header values over one
 * character per byte, so non-ASCII ids are decoded here. Anything a browser would not send is refused
 * with 400: a repeated field, a value over the length limit, NUL, CR or LF, bytes that are not UTF-8.
 */
public final class LastEventIds {

    /** The header's name. */
    public static final String HEADER = "Last-Event-ID";

    private LastEventIds() {
    }

    /**
     * Reads and checks the header.
     *
     * @param headers   the request's headers
     * @param maxLength the longest value accepted, in bytes
     * @return the id, or null when the header is absent or empty (a browser sends none then)
     * @throws HttpException 400 when the value is not an id a client could have received
     */
    public static String parse(Headers headers, int maxLength) {
        List<String> values = headers.all(HEADER);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new HttpException(Status.BAD_REQUEST, "more than one Last-Event-ID header");
        }
        String value = values.get(0);
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new HttpException(Status.BAD_REQUEST, "Last-Event-ID is longer than " + maxLength + " bytes");
        }
        boolean ascii = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || c == '\r' || c == '\n' || c > 0xff) {
                throw new HttpException(Status.BAD_REQUEST, "Last-Event-ID holds a character not allowed in an id");
            }
            if (c >= 0x80) {
                ascii = false;
            }
        }
        if (ascii) {
            return value;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HttpException(Status.BAD_REQUEST, "Last-Event-ID is not valid UTF-8");
        }
    }
}
