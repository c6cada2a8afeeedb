package motor.ext.ratelimit.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import motor.spi.Request;

/**
 * One configured limit: which requests it counts, how they are grouped into keys, and its limiter.
 *
 * @param name       the policy's name, as clients see it in the {@code RateLimit} fields
 * @param paths      path prefixes the rule applies to; empty for every path
 * @param methods    methods it applies to; empty for every method
 * @param key        how requests are grouped
 * @param header     the header whose value is the key, for {@link Key#HEADER}
 * @param ipv6Prefix how many leading bits of an IPv6 client address form its key
 * @param limit      requests per window
 * @param windowSeconds the window in whole seconds, for the policy field
 * @param limiter    the counts
 */
record Rule(String name, List<String> paths, Set<String> methods, Key key, String header, int ipv6Prefix,
        long limit, long windowSeconds, Limiter limiter) {

    /** How requests are grouped into keys. */
    enum Key {
        /** By the client's address ({@code Request.remoteAddress()}, so after trusted proxy headers). */
        IP,
        /** By the value of a request header (an API key, say); requests without it by address. */
        HEADER,
        /** By the authenticated principal's name; anonymous requests by address. */
        USER,
        /** One key for every request: a limit on the whole server or path. */
        GLOBAL
    }

    /** {@return whether the rule counts this request} */
    boolean applies(Request request) {
        if (!methods.isEmpty() && !methods.contains(request.method())) {
            return false;
        }
        if (paths.isEmpty()) {
            return true;
        }
        String path = request.path();
        for (String prefix : paths) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** {@return the key this request is counted under} */
    String keyOf(Request request) {
        switch (key) {
            case GLOBAL -> {
                return "";
            }
            case HEADER -> {
                String value = request.headers().first(header);
                if (value != null && !value.isEmpty()) {
                    return "h:" + value;
                }
            }
            case USER -> {
                var principal = request.principal();
                if (principal.isPresent()) {
                    return "u:" + principal.get().getName();
                }
            }
            default -> {
                // by address, below
            }
        }
        return address(request.remoteAddress(), ipv6Prefix);
    }

    /** The client address as a key: IPv4 whole, IPv6 cut to its first {@code prefix} bits. */
    static String address(SocketAddress remote, int prefix) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            InetAddress address = inet.getAddress();
            byte[] bytes = address.getAddress();
            if (bytes.length == 16 && prefix < 128) {
                int whole = prefix / 8;
                int rest = prefix % 8;
                for (int i = whole; i < 16; i++) {
                    bytes[i] = i == whole && rest != 0 ? (byte) (bytes[i] & (0xff << (8 - rest))) : 0;
                }
            }
            return "a:" + HexFormat.of().formatHex(bytes);
        }
        // a Unix domain socket: every local client is one key
        return "a:local";
    }
}
