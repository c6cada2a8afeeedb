package motor.core.internal.http1;

import java.nio.charset.StandardCharsets;
import motor.spi.Status;

/** The bytes of {@code HTTP/1.1 <code> <reason>\r\n}, prepared once per status code. */
public final class StatusLines {

    private static final byte[][] LINES = new byte[600][];

    static {
        for (int code = 100; code < 600; code++) {
            LINES[code] = ("HTTP/1.1 " + code + " " + Status.reason(code) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private StatusLines() {
    }

    /**
     * {@return the status line for {@code code}; do not modify}
     *
     * @param code a status from 100 to 599
     */
    public static byte[] of(int code) {
        return LINES[code];
    }
}
