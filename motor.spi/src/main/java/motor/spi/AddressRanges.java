package motor.spi;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of client addresses, from settings that name them: IPv4 and IPv6 addresses, CIDR ranges
 * ({@code 10.0.0.0/8}, {@code 2001:db8::/32}), the words {@code loopback} (127.0.0.0/8 and ::1),
 * {@code private} (10/8, 172.16/12, 192.168/16, fc00::/7) and {@code unix} (every peer of a Unix domain
 * socket listener, which only local processes can reach). Host names are refused: nothing here ever asks
 * DNS. IPv4-mapped IPv6 addresses match the IPv4 ranges. Immutable and thread-safe; for extensions'
 * settings such as trusted proxies or the clients allowed to scrape metrics.
 */
public final class AddressRanges {

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Range> ranges;
    private final boolean unix;

    private AddressRanges(List<Range> ranges, boolean unix) {
        this.ranges = List.copyOf(ranges);
        this.unix = unix;
    }

    /** No address at all. */
    public static final AddressRanges NONE = new AddressRanges(List.of(), false);

    /**
     * Parses a setting's entries.
     *
     * @param entries addresses, CIDR ranges and the words {@code loopback}, {@code private}, {@code unix}
     * @return the ranges
     * @throws IllegalArgumentException naming the first entry that is neither an address, a range nor a
     *                                  known word (host names are refused: no DNS at start or per request)
     */
    public static AddressRanges parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        boolean unix = false;
        for (String raw : entries) {
            String entry = raw.trim();
            switch (entry) {
                case "unix" -> unix = true;
                case "loopback" -> {
                    ranges.add(range("127.0.0.0/8"));
                    ranges.add(range("::1/128"));
                }
                case "private" -> {
                    ranges.add(range("10.0.0.0/8"));
                    ranges.add(range("172.16.0.0/12"));
                    ranges.add(range("192.168.0.0/16"));
                    ranges.add(range("fc00::/7"));
                }
                default -> ranges.add(range(entry));
            }
        }
        return new AddressRanges(ranges, unix);
    }

    private static Range range(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        byte[] bytes = canonical(parseLiteral(address));
        if (bytes == null) {
            throw new IllegalArgumentException("'" + entry + "' is not an IP address, a CIDR range, "
                    + "'loopback', 'private' or 'unix' (host names are not accepted)");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String digits = entry.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("'" + entry + "' has no valid prefix length after '/'");
            }
            prefix = Integer.parseInt(digits);
            // an IPv4-mapped range such as ::ffff:10.0.0.0/104 became IPv4: shift its prefix along
            if (bytes.length == 4 && address.indexOf(':') >= 0) {
                prefix -= 96;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0-" + bits);
            }
        }
        return new Range(bytes, prefix);
    }

    /**
     * {@return the address with IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) turned into their IPv4
     * address; others (and {@code null}) unchanged}
     *
     * @param address 4 or 16 bytes
     */
    public static byte[] canonical(byte[] address) {
        if (address == null || address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return address;
        }
        return new byte[] {address[12], address[13], address[14], address[15]};
    }

    /** {@return whether no address is in the ranges} */
    public boolean isEmpty() {
        return ranges.isEmpty() && !unix;
    }

    /**
     * {@return whether a socket address is in the ranges: an IP address in one of them, or any Unix domain
     * socket peer when {@code unix} was listed}
     *
     * @param peer the address, such as {@code Request.remoteAddress()}
     */
    public boolean contains(SocketAddress peer) {
        if (peer instanceof UnixDomainSocketAddress) {
            return unix;
        }
        if (peer instanceof InetSocketAddress inet) {
            InetAddress address = inet.getAddress();
            return address != null && contains(canonical(address.getAddress()));
        }
        return false;
    }

    /**
     * {@return whether an address is in one of the ranges}
     *
     * @param address 4 or 16 bytes, as {@link #canonical} returns them; {@code null} is in none
     */
    public boolean contains(byte[] address) {
        if (address == null) {
            return false;
        }
        for (Range range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses a textual IPv4 or IPv6 address without ever consulting DNS (which
     * {@link java.net.InetAddress#getByName} does for anything that is not a literal): dotted quads without
     * leading zeros (which some tools read as octal), and the RFC 4291 IPv6 forms (full, compressed, with an
     * embedded IPv4 tail); no zone ids, no brackets.
     *
     * @param text the text
     * @return the 4 or 16 bytes, or {@code null} when {@code text} is not an IP literal
     */
    public static byte[] parseLiteral(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text, 0, text.length());
    }

    /** Dotted quad, four decimal parts 0-255 without leading zeros (which some parsers read as octal). */
    private static byte[] parseV4(String text, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < to && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return null;
                }
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (i >= to || text.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? out : null;
    }

    private static byte[] parseV6(String text) {
        byte[] out = new byte[16];
        int n = text.length();
        int groups = 0; // 16-bit groups written so far
        int gap = -1; // group index where "::" stands
        int i = 0;
        if (text.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == n) {
                return out; // "::"
            }
        } else if (text.charAt(0) == ':') {
            return null;
        }
        while (i < n) {
            if (groups == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < n && Character.digit(text.charAt(i), 16) >= 0 && i - start < 4) {
                value = (value << 4) | Character.digit(text.charAt(i), 16);
                i++;
            }
            if (i < n && text.charAt(i) == '.') {
                // an embedded IPv4 address takes the last two groups
                if (groups > 6) {
                    return null;
                }
                byte[] v4 = parseV4(text, start, n);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, groups * 2, 4);
                groups += 2;
                i = n;
                break;
            }
            if (i == start) {
                return null;
            }
            out[groups * 2] = (byte) (value >>> 8);
            out[groups * 2 + 1] = (byte) value;
            groups++;
            if (i == n) {
                break;
            }
            if (text.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < n && text.charAt(i) == ':') {
                if (gap >= 0) {
                    return null; // a second "::"
                }
                gap = groups;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return null; // a trailing single ':'
            }
        }
        if (gap < 0) {
            return groups == 8 ? out : null;
        }
        if (groups == 8) {
            return null; // "::" must stand for at least one group
        }
        int tail = groups - gap;
        int shift = 8 - groups;
        System.arraycopy(out, gap * 2, out, (gap + shift) * 2, tail * 2);
        java.util.Arrays.fill(out, gap * 2, (gap + shift) * 2, (byte) 0);
        return out;
    }
}
