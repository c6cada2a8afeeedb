package motor.ext.ratelimit.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import motor.spi.Method;
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
 * @param windowSeconds the window in whole seconds, rounded up, for the policy field
 * @param window     the window as configured
 * @param limiter    the counts
 */
record Rule(String name, List<String> paths, Set<String> methods, Key key, String header, int ipv6Prefix,
        long limit, long windowSeconds, Duration window, Limiter limiter) {

    /**
     * {@return the quota to advertise for {@link #windowSeconds}: the limit when the window is whole seconds,
     * otherwise the requests the rate admits in the rounded-up window, rounded down (never more than admitted)}
     */
    long advertisedQuota() {
        long nanos = window.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return limit;
        }
        return Math.max(1, (long) Math.floor((double) limit * windowSeconds * 1_000_000_000L / nanos));
    }

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

    /** Header values longer than this are kept as a digest, so that the table's memory stays bounded. */
    static final int LONGEST_KEPT_VALUE = 64;

    /** {@return whether the rule counts this request} */
    boolean applies(Request request) {
        return applies(request.method(), paths.isEmpty() ? null : decodedPath(request));
    }

    /**
     * {@return whether the rule counts a request}
     *
     * @param method the request's method
     * @param path   its {@linkplain #decodedPath decoded path}; may be {@code null} when the rule has no paths
     */
    boolean applies(String method, String path) {
        // HEAD runs the GET handler (RFC 9110 9.3.2), so a rule for GET counts it too
        if (!methods.isEmpty() && !methods.contains(method)
                && !(Method.HEAD.equals(method) && methods.contains(Method.GET))) {
            return false;
        }
        if (paths.isEmpty()) {
            return true;
        }
        for (String prefix : paths) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@return the path as the router matches it: percent-decoded, dot segments resolved} Matching the raw
     * path would let {@code /%61pi/x} or {@code /x/../api/x} reach {@code /api/x} uncounted.
     *
     * @param request the request
     * @throws motor.spi.HttpException 400 if the path's percent-encoding is invalid, as the router would
     */
    static String decodedPath(Request request) {
        String raw = request.path();
        if (!raw.startsWith("/")) {
            return raw; // "*"
        }
        List<String> segments = request.pathSegments();
        StringBuilder path = new StringBuilder(raw.length());
        for (String segment : segments) {
            path.append('/').append(segment);
        }
        return path.isEmpty() ? "/" : path.toString();
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
                    return value.length() <= LONGEST_KEPT_VALUE ? "h:" + value : "d:" + digest(value);
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

    private static String digest(String value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
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
