package motor.ext.proxy.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import motor.ext.proxy.Balance;

/**
 * Picks the upstream for a request among those that are available and not yet tried for it.
 *
 * <p>Round-robin is the smooth weighted variant: each pick adds every candidate's weight to its running
 * score, takes the highest and subtracts the total from it, so that weights 5:1:1 give
 * {@code a a b a c a a} rather than five {@code a} in a row. IP hash is rendezvous hashing: every
 * (client, upstream) pair gets a pseudo-random score scaled by the weight and the highest wins, so a
 * client keeps its upstream while it is available and only that upstream's clients move when it is not.
 */
final class Balancer {

    private final Balance balance;
    private final List<Upstream> upstreams;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger turn = new AtomicInteger();

    Balancer(Balance balance, List<Upstream> upstreams, LongSupplier clock) {
        this.balance = balance;
        this.upstreams = List.copyOf(upstreams);
        this.clock = clock;
    }

    List<Upstream> upstreams() {
        return upstreams;
    }

    /**
     * Picks an upstream.
     *
     * @param client  the client's address, for {@link Balance#IP_HASH}
     * @param exclude upstreams already tried for this request
     * @return the upstream, or {@code null} when none is available
     */
    Upstream pick(SocketAddress client, Set<Upstream> exclude) {
        long now = clock.getAsLong();
        Upstream[] candidates = new Upstream[upstreams.size()];
        int n = 0;
        for (Upstream upstream : upstreams) {
            if (!exclude.contains(upstream) && upstream.available(now)) {
                candidates[n++] = upstream;
            }
        }
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            return candidates[0];
        }
        return switch (balance) {
            case ROUND_ROBIN -> roundRobin(candidates, n);
            case LEAST_REQUESTS -> leastRequests(candidates, n);
            case RANDOM -> random(candidates, n);
            case IP_HASH -> ipHash(candidates, n, client);
        };
    }

    private Upstream roundRobin(Upstream[] candidates, int n) {
        lock.lock();
        try {
            long total = 0;
            Upstream best = null;
            for (int i = 0; i < n; i++) {
                Upstream u = candidates[i];
                u.current += u.weight;
                total += u.weight;
                if (best == null || u.current > best.current) {
                    best = u;
                }
            }
            best.current -= total;
            return best;
        } finally {
            lock.unlock();
        }
    }

    private Upstream leastRequests(Upstream[] candidates, int n) {
        // start at a rotating offset so that ties (an idle pool, say) are spread in turn
        int start = Math.floorMod(turn.getAndIncrement(), n);
        Upstream best = null;
        long bestLoad = 0;
        for (int k = 0; k < n; k++) {
            Upstream u = candidates[(start + k) % n];
            long load = u.inFlight.get();
            // compare load / weight without division: a.load * b.weight < b.load * a.weight
            if (best == null || load * best.weight < bestLoad * u.weight) {
                best = u;
                bestLoad = load;
            }
        }
        return best;
    }

    private static Upstream random(Upstream[] candidates, int n) {
        int total = 0;
        for (int i = 0; i < n; i++) {
            total += candidates[i].weight;
        }
        int r = ThreadLocalRandom.current().nextInt(total);
        for (int i = 0; i < n; i++) {
            r -= candidates[i].weight;
            if (r < 0) {
                return candidates[i];
            }
        }
        return candidates[n - 1];
    }

    private static Upstream ipHash(Upstream[] candidates, int n, SocketAddress client) {
        long key = clientKey(client);
        Upstream best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            Upstream u = candidates[i];
            long h = mix(key ^ mix(u.index + 0x9E3779B97F4A7C15L));
            // uniform in (0, 1); weighted rendezvous score: -weight / ln(u)
            double unit = ((h >>> 11) + 1) / ((double) (1L << 53) + 1.0);
            double score = -u.weight / Math.log(unit);
            if (score > bestScore) {
                best = u;
                bestScore = score;
            }
        }
        return best;
    }

    /** The client's address as a number; the port is left out, so that all of a client's connections agree. */
    static long clientKey(SocketAddress client) {
        if (client instanceof InetSocketAddress inet && inet.getAddress() != null) {
            InetAddress address = inet.getAddress();
            long h = 0xCBF29CE484222325L;
            for (byte b : address.getAddress()) {
                h = (h ^ (b & 0xFF)) * 0x100000001B3L;
            }
            return h;
        }
        return client == null ? 0 : client.toString().hashCode();
    }

    /** A 64-bit finaliser (the one of SplitMix64) that spreads close inputs far apart. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
