package motor.ext.security.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import motor.spi.Headers;

/**
 * The checks a browser makes on CORS responses, written from the Fetch standard ("CORS check" and
 * "CORS-preflight fetch"), so that tests judge the server's answers the way a browser would.
 */
final class BrowserCheck {

    private BrowserCheck() {
    }

    /** Fetch's CORS check on an actual response. */
    static boolean responsePasses(Headers headers, String origin, boolean credentials) {
        List<String> allowOrigin = headers.all("Access-Control-Allow-Origin");
        if (allowOrigin.size() != 1) {
            return false;
        }
        String value = allowOrigin.get(0);
        if (!credentials && value.equals("*")) {
            return true;
        }
        if (!value.equals(origin)) {
            return false;
        }
        return !credentials || "true".equals(headers.first("Access-Control-Allow-Credentials"));
    }

    /** The preflight's checks: an ok status, the CORS check, then the method and every unsafe header name. */
    static boolean preflightPasses(int status, Headers headers, String origin, boolean credentials, String method,
                                   List<String> unsafeHeaderNames) {
        if (status < 200 || status > 299 || !responsePasses(headers, origin, credentials)) {
            return false;
        }
        List<String> methods = list(headers.all("Access-Control-Allow-Methods"));
        boolean safelisted = method.equals("GET") || method.equals("HEAD") || method.equals("POST");
        if (!methods.contains(method) && !safelisted && (credentials || !methods.contains("*"))) {
            return false;
        }
        List<String> allowed = list(headers.all("Access-Control-Allow-Headers")).stream()
                .map(n -> n.toLowerCase(Locale.ROOT)).toList();
        for (String name : unsafeHeaderNames) {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean wildcard = !credentials && allowed.contains("*") && !lower.equals("authorization");
            if (!allowed.contains(lower) && !wildcard) {
                return false;
            }
        }
        return true;
    }

    private static List<String> list(List<String> values) {
        List<String> items = new ArrayList<>();
        for (String value : values) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return items;
    }
}
