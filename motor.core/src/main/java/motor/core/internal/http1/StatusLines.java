package motor.core.internal.http1;

import java.nio.charset.StandardCharsets;
import motor.spi.Status;

/** The bytes of {@code HTTP/1.1 <code> <reason>\r\n}, prepared once per status code. */
public final class StatusLines {

    /** Filled on first use of each status: a server uses a handful, and start-up need not make 500. */
    private static final byte[][] LINES = new byte[600][];

    private StatusLines() {
    }

    /**
     * {@return the status line for {@code code}; do not modify}
     *
     * @param code a status from 100 to 599
     */
    public static byte[] of(int code) {
        byte[] line = LINES[code];
        if (line == null) {
            // a benign race: two threads may both make it; either result is the same bytes
            line = ("HTTP/1.1 " + code + " " + Status.reason(code) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            LINES[code] = line;
        }
        return line;
    }
}
