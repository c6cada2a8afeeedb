package motor.ext.forwarded.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import motor.spi.AddressRanges;

/**
 * The hops a request passed through before the connection's peer, read from {@code Forwarded}
 * (RFC 7239) or {@code X-Forwarded-For}, in the order the proxies appended them (the client first, the
 * nearest proxy last).
 *
 * <p>Parsing is lenient per element and strict within it: the chain is walked from the right, and an
 * element a trusted proxy could not have written (bad syntax, a parameter twice, an address that is not
 * an IP literal) simply ends the walk there, so a client cannot spoil the hops added after its own.
 */
final class Hops {

    /**
     * One hop.
     *
     * @param address the node's address (4 or 16 bytes, IPv4-mapped addresses normalised), or
     *                {@code null} when the node is {@code unknown}, obfuscated or malformed
     * @param port    the node's port, or 0
     * @param proto   the {@code proto} parameter in lower case, or {@code null}
     * @param host    the {@code host} parameter, or {@code null}
     * @param valid   whether the element was well formed
     */
    record Hop(byte[] address, int port, String proto, String host, boolean valid) {
        static final Hop MALFORMED = new Hop(null, 0, null, null, false);
    }

    private Hops() {
    }

    // ---------------------------------------------------------------- Forwarded (RFC 7239)

    /**
     * Parses the combined value of the {@code Forwarded} fields.
     *
     * @param value the fields' values joined with commas
     * @return the hops, client first
     */
    static List<Hop> forwarded(String value) {
        List<Hop> hops = new ArrayList<>();
        for (String element : split(value, ',')) {
            hops.add(element(element));
        }
        return hops;
    }

    private static Hop element(String element) {
        byte[] address = null;
        int port = 0;
        String proto = null;
        String host = null;
        boolean seenFor = false;
        boolean seenProto = false;
        boolean seenHost = false;
        boolean seenBy = false;
        for (String pair : split(element, ';')) {
            String trimmed = pair.strip();
            if (trimmed.isEmpty()) {
                continue; // "*( ";" [ forwarded-pair ] )": empty pairs are allowed
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                return Hop.MALFORMED;
            }
            String name = trimmed.substring(0, eq).toLowerCase(Locale.ROOT);
            String raw = trimmed.substring(eq + 1);
            if (!isToken(name)) {
                return Hop.MALFORMED;
            }
            String text = value(raw);
            if (text == null) {
                return Hop.MALFORMED;
            }
            switch (name) {
                case "for" -> {
                    if (seenFor) {
                        return Hop.MALFORMED;
                    }
                    seenFor = true;
                    Node node = node(text);
                    if (node == null) {
                        return Hop.MALFORMED;
                    }
                    address = node.address;
                    port = node.port;
                }
                case "proto" -> {
                    if (seenProto) {
                        return Hop.MALFORMED;
                    }
                    seenProto = true;
                    proto = text.toLowerCase(Locale.ROOT);
                }
                case "host" -> {
                    if (seenHost) {
                        return Hop.MALFORMED;
                    }
                    seenHost = true;
                    host = text;
                }
                case "by" -> {
                    if (seenBy) {
                        return Hop.MALFORMED;
                    }
                    seenBy = true;
                }
                default -> {
                    // extension parameters (RFC 7239 5.5) are allowed and ignored
                }
            }
        }
        return new Hop(address, port, proto, host, true);
    }

    /** A token or a quoted-string, unquoted; {@code null} when it is neither. */
    private static String value(String raw) {
        if (raw.isEmpty()) {
            return null;
        }
        if (raw.charAt(0) != '"') {
            return isToken(raw) ? raw : null;
        }
        if (raw.length() < 2 || raw.charAt(raw.length() - 1) != '"') {
            return null;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 1; i < raw.length() - 1; i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                i++;
                if (i >= raw.length() - 1) {
                    return null;
                }
                c = raw.charAt(i);
            } else if (c == '"') {
                return null;
            }
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return null;
            }
            out.append(c);
        }
        return out.toString();
    }

    private record Node(byte[] address, int port) {
    }

    /** RFC 7239 6: {@code nodename [ ":" node-port ]}; unknown and obfuscated names have no address. */
    private static Node node(String text) {
        String name = text;
        String portText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return null;
            }
            name = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (rest.charAt(0) != ':') {
                    return null;
                }
                portText = rest.substring(1);
            }
            byte[] v6 = AddressRanges.parseLiteral(name);
            if (v6 == null || v6.length != 16) {
                return null;
            }
            return port(AddressRanges.canonical(v6), portText);
        }
        int colon = text.indexOf(':');
        if (colon >= 0) {
            name = text.substring(0, colon);
            portText = text.substring(colon + 1);
        }
        if (name.equalsIgnoreCase("unknown") || isObfuscated(name)) {
            return port(null, portText);
        }
        byte[] v4 = AddressRanges.parseLiteral(name);
        if (v4 == null || v4.length != 4) {
            return null;
        }
        return port(v4, portText);
    }

    private static Node port(byte[] address, String portText) {
        if (portText == null) {
            return new Node(address, 0);
        }
        if (isObfuscated(portText)) {
            return new Node(address, 0);
        }
        int port = decimalPort(portText);
        return port < 0 ? null : new Node(address, port);
    }

    /** RFC 7239 6.3: {@code "_" 1*( ALPHA / DIGIT / "." / "_" / "-")}. */
    private static boolean isObfuscated(String text) {
        if (text.length() < 2 || text.charAt(0) != '_') {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- X-Forwarded-For

    /**
     * Parses the combined value of the {@code X-Forwarded-For} fields: addresses separated by commas,
     * IPv6 bare or in brackets, optionally with a port, or {@code unknown}.
     *
     * @param value the fields' values joined with commas
     * @return the hops, client first; proto and host are filled in by the caller
     */
    static List<Hop> xForwardedFor(String value) {
        List<Hop> hops = new ArrayList<>();
        for (String item : split(value, ',')) {
            String text = item.strip();
            byte[] address = AddressRanges.parseLiteral(text);
            int port = 0;
            if (address == null && text.startsWith("[")) {
                Node node = node(text);
                if (node != null) {
                    address = node.address;
                    port = node.port;
                }
            } else if (address == null && text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') > 0) {
                Node node = node(text); // IPv4 with a port
                if (node != null) {
                    address = node.address;
                    port = node.port;
                }
            }
            address = AddressRanges.canonical(address);
            boolean unknown = text.equalsIgnoreCase("unknown");
            hops.add(address == null && !unknown ? Hop.MALFORMED : new Hop(address, port, null, null, true));
        }
        return hops;
    }

    /** Splits a comma-separated header list ({@code X-Forwarded-Proto}, {@code -Host}) into trimmed items. */
    static List<String> items(String value) {
        List<String> out = new ArrayList<>();
        for (String item : split(value, ',')) {
            out.add(item.strip());
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    /** Splits at {@code separator} outside quoted strings; an unterminated quote runs to the end. */
    static List<String> split(String value, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == separator) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(Math.min(start, value.length())));
        return parts;
    }

    static int decimalPort(String text) {
        if (text.isEmpty() || text.length() > 5) {
            return -1;
        }
        int port = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            port = port * 10 + (c - '0');
        }
        return port >= 1 && port <= 65535 ? port : -1;
    }

    static boolean isToken(String text) {
        return motor.spi.Headers.isToken(text);
    }
}
