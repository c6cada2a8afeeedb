package motor.ext.metrics.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Client addresses allowed to scrape: single addresses ({@code 10.0.0.5}, {@code ::1}) and CIDR blocks
 * ({@code 10.0.0.0/8}, {@code fd00::/8}). Only IP literals are accepted, never host names (no DNS at
 * start or per request). IPv4-mapped IPv6 clients ({@code ::ffff:10.0.0.5}) match IPv4 entries, since
 * the JDK reports them as IPv4. Clients on a Unix domain socket are local and always allowed.
 */
final class AddressFilter {

    private record Block(byte[] network, int bits) {
    }

    private final List<Block> blocks;

    private AddressFilter(List<Block> blocks) {
        this.blocks = blocks;
    }

    /**
     * Parses the entries.
     *
     * @param entries addresses and CIDR blocks
     * @return the filter
     * @throws IllegalArgumentException naming the first entry that is not one
     */
    static AddressFilter parse(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : entries) {
            String text = entry.trim();
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            byte[] address = literal(host);
            if (address == null) {
                throw new IllegalArgumentException("not an IP address or CIDR block: \"" + entry + "\"");
            }
            int bits = address.length * 8;
            if (slash >= 0) {
                String suffix = text.substring(slash + 1);
                if (suffix.isEmpty() || suffix.length() > 3 || !suffix.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new IllegalArgumentException("not an IP address or CIDR block: \"" + entry + "\"");
                }
                bits = Integer.parseInt(suffix);
                if (bits > address.length * 8) {
                    throw new IllegalArgumentException("prefix longer than the address: \"" + entry + "\"");
                }
            }
            blocks.add(new Block(address, bits));
        }
        return new AddressFilter(List.copyOf(blocks));
    }

    /** {@return the bytes of an IPv4 or IPv6 literal, or {@code null} if {@code host} is not one} */
    static byte[] literal(String host) {
        if (host.isEmpty()) {
            return null;
        }
        if (host.indexOf(':') < 0) {
            // parsed here: InetAddress sends what is not a valid literal ("10.0.0.256") to DNS, and reads
            // "010.0.0.1" as 10.0.0.1 where inet_aton and curl read 8.0.0.1
            return ipv4(host);
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || c == ':' || (c >= 'a' && c <= 'f')
                    || (c >= 'A' && c <= 'F');
            if (!ok) {
                return null; // a scope id or garbage
            }
        }
        try {
            // with a colon InetAddress takes it as an IPv6 literal and never asks DNS
            return InetAddress.getByName(host).getAddress();
        } catch (java.net.UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * {@return the bytes of a dotted-quad IPv4 literal: four decimal numbers from 0 to 255 without leading
     * zeros; {@code null} for anything else}
     */
    static byte[] ipv4(String host) {
        byte[] address = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= host.length(); i++) {
            char c = i < host.length() ? host.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part == 4) {
                    return null;
                }
                address[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null; // a leading zero: octal to some readers
                }
                value = (digits == 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else {
                return null; // a host name: never looked up
            }
        }
        return part == 4 ? address : null;
    }

    boolean isEmpty() {
        return blocks.isEmpty();
    }

    boolean allows(SocketAddress remote) {
        if (remote instanceof UnixDomainSocketAddress) {
            return true;
        }
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return false;
        }
        byte[] address = inet.getAddress().getAddress();
        for (Block block : blocks) {
            if (block.network().length == address.length && matches(block, address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Block block, byte[] address) {
        int bits = block.bits();
        byte[] network = block.network();
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (network[i] != address[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (network[full] & mask) == (address[full] & mask);
    }
}
