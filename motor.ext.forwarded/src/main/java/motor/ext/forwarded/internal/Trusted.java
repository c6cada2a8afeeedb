package motor.ext.forwarded.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies whose forwarding headers are believed: address ranges in CIDR notation, single addresses,
 * the words {@code loopback} and {@code private} for the usual ranges, and {@code unix} for every peer of
 * a Unix domain socket listener (which only local processes can reach). IPv4-mapped IPv6 addresses match
 * the IPv4 ranges.
 */
final class Trusted {

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

    private Trusted(List<Range> ranges, boolean unix) {
        this.ranges = List.copyOf(ranges);
        this.unix = unix;
    }

    /** Nobody is trusted. */
    static final Trusted NOBODY = new Trusted(List.of(), false);

    /**
     * Parses the entries of the {@code trustedProxies} setting.
     *
     * @param entries the entries
     * @return the set
     * @throws IllegalArgumentException naming the first entry that is neither an address, a range nor a
     *                                  known word (host names are refused: no DNS at start or per request)
     */
    static Trusted parse(List<String> entries) {
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
        return new Trusted(ranges, unix);
    }

    private static Range range(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        byte[] bytes = normalise(IpLiteral.parse(address));
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

    /** IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) become their IPv4 address. */
    static byte[] normalise(byte[] address) {
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

    /** {@return whether nobody is trusted} */
    boolean isEmpty() {
        return ranges.isEmpty() && !unix;
    }

    /** {@return whether a connection's peer is a trusted proxy} */
    boolean trusts(SocketAddress peer) {
        if (peer instanceof UnixDomainSocketAddress) {
            return unix;
        }
        if (peer instanceof InetSocketAddress inet) {
            InetAddress address = inet.getAddress();
            return address != null && contains(normalise(address.getAddress()));
        }
        return false;
    }

    /** {@return whether an address (4 or 16 bytes, normalised) is in a trusted range} */
    boolean contains(byte[] address) {
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
}
