package motor.core.internal.http1;

import java.util.ArrayList;
import java.util.List;
import motor.spi.HttpException;
import motor.spi.PercentCoding;
import motor.spi.Status;

/**
 * Turns the path of a request-target into decoded segments: split at {@code /}, each segment
 * percent-decoded once as UTF-8, then {@code .} and {@code ..} resolved as RFC 3986 section 5.2.4 does.
 * Decoding comes first so that {@code %2e%2e} counts as {@code ..} (RFC 3986 section 6.2.2.2 makes them
 * equivalent); an encoded slash stays inside its segment, so it can never climb a level.
 */
public final class PathDecoder {

    private PathDecoder() {
    }

    /**
     * Decodes a path.
     *
     * @param path the path, starting with {@code /}, still encoded
     * @return the segments; {@code /} gives one empty segment, {@code /a/} gives {@code [a, ""]}
     * @throws HttpException 400 if the encoding is invalid, a segment decodes to a NUL, or {@code ..}
     *                       would climb above the root
     */
    public static List<String> decode(String path) {
        if (path.length() <= 1) {
            return List.of("");
        }
        List<String> segments = new ArrayList<>(8);
        int start = 1;
        int length = path.length();
        boolean trailingDot = false;
        while (start <= length) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                slash = length;
            }
            String segment = PercentCoding.decode(path.substring(start, slash), false);
            trailingDot = false;
            if (segment.equals(".")) {
                trailingDot = true;
            } else if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw new HttpException(Status.BAD_REQUEST, "path climbs above the root");
                }
                segments.remove(segments.size() - 1);
                trailingDot = true;
            } else {
                if (segment.indexOf('\0') >= 0) {
                    throw new HttpException(Status.BAD_REQUEST, "NUL in the path");
                }
                segments.add(segment);
            }
            start = slash + 1;
        }
        if (trailingDot) {
            segments.add("");
        }
        return segments;
    }
}
