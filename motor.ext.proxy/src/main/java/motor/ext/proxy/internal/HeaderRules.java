package motor.ext.proxy.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import motor.spi.Headers;

/**
 * Which header fields cross the proxy, in each direction, and the ones it adds.
 *
 * <p>Hop-by-hop fields (RFC 9110 section 7.6.1) describe one connection and stop here: {@code Connection}
 * and every field it names, {@code Keep-Alive}, {@code Proxy-Connection}, {@code TE}, {@code Trailer},
 * {@code Transfer-Encoding}, {@code Upgrade}, and the proxy's own credentials and challenges. The framing
 * of each hop is decided anew ({@code Content-Length} goes through the body, not as a field), and
 * {@code Expect: 100-continue} is answered on the client's hop.
 */
final class HeaderRules {

    /** Fields never forwarded in either direction, lower case. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "proxy-authorization", "proxy-authenticate");

    /** Request fields the proxy replaces or whose meaning stops at this hop, lower case. */
    private static final Set<String> REQUEST_REPLACED = Set.of("host", "content-length", "expect",
            "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "forwarded", "via");

    /** Response fields the proxy leaves to the server, lower case. */
    private static final Set<String> RESPONSE_REPLACED = Set.of("content-length", "server", "via");

    private HeaderRules() {
    }

    /**
     * The fields named by the {@code Connection} fields, lower case.
     *
     * @param connectionValues the values of the message's {@code Connection} fields
     * @return the names; empty when there is none
     */
    static Set<String> connectionOptions(List<String> connectionValues) {
        if (connectionValues.isEmpty()) {
            return Set.of();
        }
        List<String> names = new ArrayList<>();
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                String name = token.strip().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return Set.copyOf(names);
    }

    /**
     * Whether a request field goes to the upstream as the client sent it.
     *
     * @param lowerName the field name, lower case
     * @param options   the names the client's {@code Connection} listed
     * @return whether to copy it
     */
    static boolean forwardRequestField(String lowerName, Set<String> options) {
        // CGI, WSGI, PHP and the like turn '-' into '_' when they map fields to variables, so that
        // "X_Forwarded_For" would land where the real X-Forwarded-For does: such twins of the fields this
        // proxy removes or replaces stay here too
        String dashed = lowerName.indexOf('_') < 0 ? lowerName : lowerName.replace('_', '-');
        return !HOP_BY_HOP.contains(dashed) && !REQUEST_REPLACED.contains(dashed)
                && !options.contains(lowerName);
    }

    /**
     * Whether a response field goes to the client as the upstream sent it.
     *
     * @param lowerName the field name, lower case
     * @param options   the names the upstream's {@code Connection} listed
     * @return whether to copy it
     */
    static boolean forwardResponseField(String lowerName, Set<String> options) {
        return !HOP_BY_HOP.contains(lowerName) && !RESPONSE_REPLACED.contains(lowerName)
                && !options.contains(lowerName);
    }

    /** Names whose usual spelling is not one capital per dash-separated word. */
    private static final java.util.Map<String, String> SPELLINGS = java.util.Map.of("etag", "ETag",
            "www-authenticate", "WWW-Authenticate", "content-md5", "Content-MD5", "x-xss-protection",
            "X-XSS-Protection", "dnt", "DNT", "te", "TE", "x-request-id", "X-Request-ID", "nel", "NEL");

    /**
     * {@return a field name in its usual spelling, such as {@code Content-Type} for {@code content-type}}
     * The JDK's client hands response field names over in lower case; names are case-insensitive, but the
     * usual spelling is what people and some old clients expect to read.
     *
     * @param lowerName the name, lower case
     */
    static String usualSpelling(String lowerName) {
        String known = SPELLINGS.get(lowerName);
        if (known != null) {
            return known;
        }
        char[] chars = lowerName.toCharArray();
        boolean start = true;
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (start && c >= 'a' && c <= 'z') {
                chars[i] = (char) (c - 32);
            }
            start = c == '-';
        }
        return new String(chars);
    }

    /**
     * Builds the request fields for the upstream: the client's end-to-end fields, then
     * {@code X-Forwarded-For} (the client's value with this client's address appended),
     * {@code X-Forwarded-Proto}, {@code X-Forwarded-Host}, {@code Forwarded} (appended, RFC 7239) and
     * {@code Via} (appended), and {@code Host} when it is preserved.
     *
     * @param in           the client's fields
     * @param client       the client's address
     * @param scheme       the scheme the client used
     * @param authority    the host the client asked for; may be empty
     * @param protocol     the client's protocol, such as {@code HTTP/1.1}
     * @param preserveHost whether to pass {@code Host} on
     * @return the fields to send
     */
    static Headers requestFields(Headers in, SocketAddress client, String scheme, String authority,
            String protocol, boolean preserveHost) {
        Set<String> options = connectionOptions(in.all("Connection"));
        Headers out = new Headers(in.size() + 6);
        for (Headers.Field field : in) {
            if (forwardRequestField(field.name().toLowerCase(Locale.ROOT), options)) {
                out.add(field.name(), field.value());
            }
        }
        String address = clientAddress(client);
        out.add("X-Forwarded-For", append(endToEnd(in, "X-Forwarded-For", options), address));
        out.add("X-Forwarded-Proto", scheme);
        if (!authority.isEmpty()) {
            out.add("X-Forwarded-Host", authority);
        }
        StringBuilder forwarded = new StringBuilder("for=").append(forwardedNode(client));
        if (!authority.isEmpty()) {
            forwarded.append(";host=").append(tokenOrQuoted(authority));
        }
        forwarded.append(";proto=").append(scheme);
        out.add("Forwarded", append(wellFormedForwarded(endToEnd(in, "Forwarded", options)), forwarded.toString()));
        out.add("Via", append(endToEnd(in, "Via", options), viaEntry(protocol)));
        if (preserveHost && !authority.isEmpty()) {
            out.add("Host", authority);
        }
        return out;
    }

    /**
     * {@return the {@code Via} entry for a message received in {@code protocol}: {@code 1.1 motor} for
     * {@code HTTP/1.1}, {@code 2 motor} for {@code HTTP/2}}
     *
     * @param protocol the protocol, such as {@code HTTP/1.1}
     */
    static String viaEntry(String protocol) {
        String version = protocol.startsWith("HTTP/") ? protocol.substring(5) : protocol;
        if (version.equals("2.0")) {
            version = "2";
        }
        return version + " motor";
    }

    /** {@return the values of a field, none when the client's {@code Connection} named it (RFC 9110 section 7.6.1)} */
    private static List<String> endToEnd(Headers in, String name, Set<String> options) {
        return options.contains(name.toLowerCase(Locale.ROOT)) ? List.of() : in.all(name);
    }

    /**
     * {@return the client's {@code Forwarded} field lines that follow RFC 7239 section 4, in order} A line
     * that does not (an unterminated quoted-string, say) is dropped: appended to, it would swallow the
     * element this proxy adds, and an upstream would read the client's words as this proxy's.
     *
     * @param lines the values of the client's {@code Forwarded} fields
     */
    static List<String> wellFormedForwarded(List<String> lines) {
        if (lines.isEmpty()) {
            return lines;
        }
        List<String> kept = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (isForwarded(line)) {
                kept.add(line);
            }
        }
        return kept;
    }

    /**
     * Whether {@code value} is {@code 1#forwarded-element} (RFC 7239 section 4): elements separated by
     * commas, each pairs {@code token=value} separated by semicolons, a value a token or a quoted-string.
     * Optional white space is accepted around the separators, empty list elements and pairs are skipped.
     */
    static boolean isForwarded(String value) {
        int i = 0;
        int n = value.length();
        boolean pairs = false;
        while (true) {
            i = skipSpace(value, i);
            if (i == n) {
                return pairs;
            }
            char c = value.charAt(i);
            if (c == ',' || c == ';') {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isTchar(value.charAt(i))) {
                i++;
            }
            if (i == start || i == n || value.charAt(i) != '=') {
                return false;
            }
            i++;
            if (i < n && value.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i == n) {
                        return false;
                    }
                    char q = value.charAt(i++);
                    if (q == '"') {
                        break;
                    }
                    if (q == '\\') {
                        if (i == n) {
                            return false;
                        }
                        q = value.charAt(i++);
                    }
                    if (q < 0x20 && q != '\t' || q == 0x7F) {
                        return false;
                    }
                }
            } else {
                start = i;
                while (i < n && isTchar(value.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    return false;
                }
            }
            pairs = true;
            i = skipSpace(value, i);
            if (i < n && value.charAt(i) != ',' && value.charAt(i) != ';') {
                return false;
            }
        }
    }

    private static int skipSpace(String value, int i) {
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isTchar(char c) {
        return c < 0x7F && c > 0x20 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /** Joins the values a field had, then {@code added}, as one comma-separated list. */
    static String append(List<String> existing, String added) {
        if (existing.isEmpty()) {
            return added;
        }
        StringBuilder joined = new StringBuilder();
        for (String value : existing) {
            String v = value.strip();
            if (!v.isEmpty()) {
                joined.append(v).append(", ");
            }
        }
        return joined.append(added).toString();
    }

    /** {@return the client's IP address as text, IPv6 without brackets or zone; {@code unknown} if none} */
    static String clientAddress(SocketAddress client) {
        if (client instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return literal(inet.getAddress());
        }
        return "unknown";
    }

    /** {@return the client as an RFC 7239 node: an IPv4 address, a quoted bracketed IPv6 address, or {@code unknown}} */
    static String forwardedNode(SocketAddress client) {
        if (client instanceof InetSocketAddress inet && inet.getAddress() != null) {
            InetAddress address = inet.getAddress();
            return address instanceof Inet6Address ? "\"[" + literal(address) + "]\"" : literal(address);
        }
        return "unknown";
    }

    /** {@return the address as text; IPv6 in the canonical form of RFC 5952 ({@code 2001:db8::1}), no zone} */
    static String literal(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xFF) << 8 | b[2 * i + 1] & 0xFF;
        }
        // the longest run of two or more zero groups (the first of equal runs) becomes "::"
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** {@return {@code value} as it is when it is a token, otherwise as a quoted-string} */
    static String tokenOrQuoted(String value) {
        if (Headers.isToken(value)) {
            return value;
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }
}
