package motor.ext.forwarded.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import motor.spi.AddressRanges;
import motor.spi.Headers;

/**
 * Works out, for a request that came through trusted proxies, the client's address, the scheme it used and
 * the host it asked for.
 *
 * <p>The chain of hops is walked from the nearest proxy back towards the client, skipping hops whose
 * address is itself trusted; the first hop that is not trusted is the client. Everything to the left of
 * it was written by parties we cannot vouch for and is ignored. A hop that is malformed ends the walk at
 * the last trusted proxy, whose address then stands for the client.
 */
final class Resolver {

    /** Which headers to read, in order of preference. */
    enum Source {
        /** RFC 7239 {@code Forwarded}. */
        FORWARDED,
        /** The de-facto {@code X-Forwarded-For}, {@code -Proto}, {@code -Host} and {@code -Port}. */
        X_FORWARDED
    }

    /**
     * What the proxies said.
     *
     * @param client the client's address and port (port 0 when unknown), or {@code null} to keep the peer
     * @param scheme "http" or "https", or {@code null} to keep the connection's
     * @param host   the authority the client asked for, or {@code null} to keep the request's
     */
    record Result(InetSocketAddress client, String scheme, String host) {
        static final Result NONE = new Result(null, null, null);
    }

    private final AddressRanges trusted;
    private final List<Source> sources;

    Resolver(AddressRanges trusted, List<Source> sources) {
        this.trusted = trusted;
        this.sources = List.copyOf(sources);
    }

    /**
     * Resolves one request.
     *
     * @param peer    the connection's peer
     * @param headers the request's fields
     * @return what to change; {@link Result#NONE} when the peer is not trusted or sent no forwarding fields
     */
    Result resolve(SocketAddress peer, Headers headers) {
        if (!trusted.contains(peer)) {
            return Result.NONE;
        }
        for (Source source : sources) {
            if (source == Source.FORWARDED && headers.contains("Forwarded")) {
                return fromForwarded(headers);
            }
            if (source == Source.X_FORWARDED && (headers.contains("X-Forwarded-For")
                    || headers.contains("X-Forwarded-Proto") || headers.contains("X-Forwarded-Host"))) {
                return fromXForwarded(headers);
            }
        }
        return Result.NONE;
    }

    private Result fromForwarded(Headers headers) {
        List<Hops.Hop> hops = Hops.forwarded(String.join(",", headers.all("Forwarded")));
        int chosen = walk(hops);
        if (chosen < 0) {
            return Result.NONE;
        }
        Hops.Hop hop = hops.get(chosen);
        return new Result(address(hop), scheme(hop.proto()), authority(hop.host(), -1));
    }

    private Result fromXForwarded(Headers headers) {
        List<Hops.Hop> hops = headers.contains("X-Forwarded-For")
                ? Hops.xForwardedFor(String.join(",", headers.all("X-Forwarded-For")))
                : List.of();
        int chosen = hops.isEmpty() ? 0 : walk(hops);
        if (chosen < 0) {
            return Result.NONE;
        }
        InetSocketAddress client = hops.isEmpty() ? null : address(hops.get(chosen));
        String proto = pick(headers, "X-Forwarded-Proto", chosen, hops.size());
        String host = pick(headers, "X-Forwarded-Host", chosen, hops.size());
        String portText = pick(headers, "X-Forwarded-Port", chosen, hops.size());
        int port = portText == null ? -1 : Hops.decimalPort(portText);
        String scheme = scheme(proto == null ? null : proto.toLowerCase(Locale.ROOT));
        return new Result(client, scheme, authority(host, port < 0 ? -1 : port));
    }

    /**
     * {@return the index of the client's hop: the first, from the right, that is not a trusted proxy;
     * the last trusted one when a malformed hop comes first; -1 when the nearest hop is malformed}
     */
    private int walk(List<Hops.Hop> hops) {
        int chosen = -1;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Hops.Hop hop = hops.get(i);
            if (!hop.valid()) {
                break;
            }
            chosen = i;
            if (hop.address() == null || !trusted.contains(hop.address())) {
                break;
            }
        }
        return chosen;
    }

    /**
     * A value of an X-Forwarded list field for the chosen hop: the item at the same position when the
     * list is as long as the X-Forwarded-For chain, the only item when there is one, otherwise none (the
     * position cannot be known).
     */
    private static String pick(Headers headers, String name, int index, int hops) {
        if (!headers.contains(name)) {
            return null;
        }
        List<String> items = Hops.items(String.join(",", headers.all(name)));
        if (items.size() == 1) {
            return items.get(0).isEmpty() ? null : items.get(0);
        }
        if (items.size() == hops && index >= 0 && index < hops) {
            String item = items.get(index);
            return item.isEmpty() ? null : item;
        }
        return null;
    }

    private static InetSocketAddress address(Hops.Hop hop) {
        if (hop.address() == null) {
            return null; // "unknown" or obfuscated: keep the peer
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(hop.address()), hop.port());
        } catch (UnknownHostException e) {
            return null; // cannot happen for 4 or 16 bytes
        }
    }

    private static String scheme(String proto) {
        return "http".equals(proto) || "https".equals(proto) ? proto : null;
    }

    /**
     * {@return {@code host} if it is a valid authority (RFC 3986 host with an optional port), with
     * {@code port} appended when it has none; {@code null} otherwise}
     */
    static String authority(String host, int port) {
        if (host == null || host.isEmpty() || host.length() > 255) {
            return null;
        }
        int end = host.length();
        int colon;
        if (host.charAt(0) == '[') {
            int close = host.indexOf(']');
            if (close < 0) {
                return null;
            }
            byte[] v6 = AddressRanges.parseLiteral(host.substring(1, close));
            if (v6 == null || v6.length != 16) {
                return null;
            }
            colon = close + 1 < end ? close + 1 : -1;
            if (colon > 0 && host.charAt(colon) != ':') {
                return null;
            }
        } else {
            colon = host.indexOf(':');
            int nameEnd = colon < 0 ? end : colon;
            if (nameEnd == 0) {
                return null;
            }
            for (int i = 0; i < nameEnd; i++) {
                char c = host.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
                        || c == '_' || c == '~')) {
                    return null;
                }
            }
        }
        if (colon >= 0) {
            return Hops.decimalPort(host.substring(colon + 1)) < 0 ? null : host;
        }
        return port > 0 ? host + ":" + port : host;
    }
}
