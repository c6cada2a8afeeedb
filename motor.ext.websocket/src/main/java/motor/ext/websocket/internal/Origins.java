package motor.ext.websocket.internal;

import java.util.List;
import java.util.Locale;

/**
 * The {@code Origin} check of the handshake (RFC 6455 section 10.2): browsers send the origin of the page
 * that opens a WebSocket, and since WebSocket is not bound by the same-origin policy, the server must
 * refuse pages it does not trust, or any site could talk to it with the user's cookies.
 */
final class Origins {

    private Origins() {
    }

    /**
     * Decides whether an origin may connect.
     *
     * @param origin    the {@code Origin} value
     * @param allowed   the allowed origins; {@code *} for any; empty for the request's own origin only
     * @param authority the request's {@code Host}
     * @return whether it may
     */
    static boolean allowed(String origin, List<String> allowed, String authority) {
        if (allowed.isEmpty()) {
            return sameOrigin(origin, authority);
        }
        for (String candidate : allowed) {
            if (candidate.equals("*") || candidate.equalsIgnoreCase(origin)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code scheme://host[:port]} names the same host and port as {@code Host}. */
    static boolean sameOrigin(String origin, String authority) {
        if (authority == null || authority.isEmpty()) {
            return false;
        }
        int sep = origin.indexOf("://");
        if (sep <= 0) {
            return false; // "null" (sandboxed pages, file: URLs) and anything malformed
        }
        String scheme = origin.substring(0, sep).toLowerCase(Locale.ROOT);
        String defaultPort = switch (scheme) {
            case "http" -> "80";
            case "https" -> "443";
            default -> null;
        };
        if (defaultPort == null) {
            return false;
        }
        String originAuthority = origin.substring(sep + 3);
        if (originAuthority.isEmpty() || originAuthority.indexOf('/') >= 0 || originAuthority.indexOf('@') >= 0) {
            return false;
        }
        return withPort(originAuthority, defaultPort).equalsIgnoreCase(withPort(authority, defaultPort));
    }

    /** {@return host:port, with the default port added when none is given} */
    private static String withPort(String authority, String defaultPort) {
        int colon = authority.lastIndexOf(':');
        int bracket = authority.lastIndexOf(']');
        if (colon < 0 || colon < bracket) {
            return authority + ":" + defaultPort;
        }
        return authority;
    }
}
