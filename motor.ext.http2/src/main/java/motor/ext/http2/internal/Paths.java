package motor.ext.http2.internal;

import java.util.ArrayList;
import java.util.List;
import motor.spi.HttpException;
import motor.spi.PercentCoding;
import motor.spi.Status;

/**
 * Splits an encoded path into decoded segments for {@link motor.spi.Request#pathSegments()}, with the same
 * rules as the HTTP/1.1 side: each segment percent-decoded once as UTF-8, then {@code .} and {@code ..}
 * resolved (RFC 3986 5.2.4). Decoding first makes {@code %2e%2e} count as {@code ..}; an encoded slash
 * stays inside its segment, so it never climbs a level.
 */
final class Paths {

    private Paths() {
    }

    /**
     * Decodes a path.
     *
     * @param path the path, starting with {@code /}, still encoded
     * @return the segments; {@code /} gives one empty segment, {@code /a/} gives {@code [a, ""]}
     * @throws HttpException 400 for invalid encoding, a NUL, or {@code ..} above the root
     */
    static List<String> decode(String path) {
        if (path.length() <= 1) {
            return List.of("");
        }
        List<String> segments = new ArrayList<>(8);
        int length = path.length();
        boolean endsInDirectory = false;
        for (int start = 1; start <= length; ) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                slash = length;
            }
            String segment = PercentCoding.decode(path.substring(start, slash), false);
            endsInDirectory = false;
            if (segment.equals(".")) {
                endsInDirectory = true;
            } else if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw new HttpException(Status.BAD_REQUEST, "path climbs above the root");
                }
                segments.remove(segments.size() - 1);
                endsInDirectory = true;
            } else {
                if (segment.indexOf('\0') >= 0) {
                    throw new HttpException(Status.BAD_REQUEST, "NUL in the path");
                }
                segments.add(segment);
            }
            start = slash + 1;
        }
        if (endsInDirectory) {
            segments.add("");
        }
        return segments;
    }
}
