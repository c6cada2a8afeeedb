package motor.ext.forwarded.internal;

/**
 * Parses textual IPv4 and IPv6 addresses into their bytes without ever consulting DNS (which
 * {@link java.net.InetAddress#getByName} would do for anything that is not a literal). Accepts the RFC 4291
 * forms: full, compressed with {@code ::}, and with an embedded dotted IPv4 tail; no zone ids, no brackets.
 */
final class IpLiteral {

    private IpLiteral() {
    }

    /** {@return the 4 or 16 bytes of {@code text}, or {@code null} when it is not an IP literal} */
    static byte[] parse(String text) {
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
