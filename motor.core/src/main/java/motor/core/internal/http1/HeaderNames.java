package motor.core.internal.http1;

import java.nio.charset.StandardCharsets;

/**
 * Canonical {@code String} instances for common field names, found from the bytes of a request without
 * allocating, so that most requests create no name strings at all and lookups hit the identity check in
 * {@link motor.spi.Headers#equalsIgnoreCase}.
 */
final class HeaderNames {

    static final String HOST = "Host";
    static final String CONNECTION = "Connection";
    static final String CONTENT_LENGTH = "Content-Length";
    static final String TRANSFER_ENCODING = "Transfer-Encoding";
    static final String EXPECT = "Expect";
    static final String UPGRADE = "Upgrade";

    private static final String[] COMMON = {
        HOST, CONNECTION, CONTENT_LENGTH, TRANSFER_ENCODING, EXPECT, UPGRADE,
        "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset", "User-Agent", "Cookie",
        "Authorization", "Cache-Control", "Pragma", "Referer", "Origin", "Content-Type", "Content-Encoding",
        "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range", "Range",
        "TE", "Trailer", "Keep-Alive", "Forwarded", "Via", "Max-Forwards", "DNT", "Priority",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Request-Id", "X-Requested-With",
        "Upgrade-Insecure-Requests", "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest", "Sec-Fetch-User",
        "Sec-Ch-Ua", "Sec-Ch-Ua-Mobile", "Sec-Ch-Ua-Platform", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
        "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "Last-Event-ID", "HTTP2-Settings",
        "Access-Control-Request-Method", "Access-Control-Request-Headers", "Content-Range", "Date",
    };

    private static final int MAX_LENGTH = 32;
    /** By length, then by lower-cased first byte: candidate names. */
    private static final String[][][] TABLE = new String[MAX_LENGTH + 1][][];
    private static final byte[][][][] BYTES = new byte[MAX_LENGTH + 1][][][];

    static {
        for (String name : COMMON) {
            int length = name.length();
            if (TABLE[length] == null) {
                TABLE[length] = new String[128][];
                BYTES[length] = new byte[128][][];
            }
            int first = Character.toLowerCase(name.charAt(0));
            String[] old = TABLE[length][first];
            String[] grown = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = name;
            TABLE[length][first] = grown;
            byte[][] oldBytes = BYTES[length][first];
            byte[][] grownBytes = oldBytes == null ? new byte[1][] : java.util.Arrays.copyOf(oldBytes,
                    oldBytes.length + 1);
            grownBytes[grownBytes.length - 1] = name.toLowerCase(java.util.Locale.ROOT)
                    .getBytes(StandardCharsets.US_ASCII);
            BYTES[length][first] = grownBytes;
        }
    }

    private HeaderNames() {
    }

    /**
     * Returns the name in {@code buf[offset, offset + length)}, which must be a valid token, as a canonical
     * instance when it is a common name (in any case), or as a new string.
     */
    static String name(byte[] buf, int offset, int length) {
        if (length <= MAX_LENGTH && TABLE[length] != null) {
            int first = Ascii.lower(buf[offset]);
            String[] candidates = TABLE[length][first & 0x7f];
            if (candidates != null) {
                byte[][] lowered = BYTES[length][first & 0x7f];
                for (int c = 0; c < candidates.length; c++) {
                    if (matches(lowered[c], buf, offset, length)) {
                        return candidates[c];
                    }
                }
            }
        }
        return new String(buf, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static boolean matches(byte[] lowered, byte[] buf, int offset, int length) {
        for (int i = 0; i < length; i++) {
            if (Ascii.lower(buf[offset + i]) != lowered[i]) {
                return false;
            }
        }
        return true;
    }
}
