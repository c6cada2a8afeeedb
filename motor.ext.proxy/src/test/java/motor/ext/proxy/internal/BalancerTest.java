package motor.ext.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import motor.ext.proxy.Balance;
import org.junit.jupiter.api.Test;

class BalancerTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private static List<Upstream> upstreams(int... weights) {
        List<Upstream> list = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            list.add(new Upstream(i, URI.create("http://10.0.0." + i + ":80"), weights[i]));
        }
        return list;
    }

    private Balancer balancer(Balance balance, List<Upstream> upstreams) {
        return new Balancer(balance, upstreams, clock::get);
    }

    private static InetSocketAddress client(int n) throws Exception {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 1, (byte) (n >> 8), (byte) n}), 5000 + n);
    }

    private static String sequence(Balancer balancer, int n) {
        StringBuilder picks = new StringBuilder();
        for (int i = 0; i < n; i++) {
            picks.append((char) ('a' + balancer.pick(null, Set.of()).index));
        }
        return picks.toString();
    }

    @Test
    void roundRobinTakesTurnsAndSpreadsWeightsSmoothly() {
        assertEquals("abcabcabc", sequence(balancer(Balance.ROUND_ROBIN, upstreams(1, 1, 1)), 9));
        assertEquals("aabacaa", sequence(balancer(Balance.ROUND_ROBIN, upstreams(5, 1, 1)), 7));
        String weighted = sequence(balancer(Balance.ROUND_ROBIN, upstreams(3, 1)), 400);
        assertEquals(300, weighted.chars().filter(c -> c == 'a').count());
    }

    @Test
    void unavailableAndTriedUpstreamsAreSkipped() {
        List<Upstream> list = upstreams(1, 1, 1);
        Balancer balancer = balancer(Balance.ROUND_ROBIN, list);
        assertTrue(list.get(1).failed(clock.get(), 1, 10_000_000_000L));
        for (int i = 0; i < 10; i++) {
            assertFalse(balancer.pick(null, Set.of()).index == 1);
        }
        assertSame(list.get(2), balancer.pick(null, Set.of(list.get(0))));
        assertNull(balancer.pick(null, Set.of(list.get(0), list.get(2))));
        clock.addAndGet(10_000_000_000L);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            seen.add(balancer.pick(null, Set.of()).index);
        }
        assertEquals(Set.of(0, 1, 2), seen, "back after the cool-down");
    }

    @Test
    void passiveHealthCountsFailuresInARowOnly() {
        Upstream upstream = upstreams(1).get(0);
        long now = clock.get();
        assertFalse(upstream.failed(now, 3, 1000));
        assertFalse(upstream.failed(now, 3, 1000));
        upstream.succeeded();
        assertFalse(upstream.failed(now, 3, 1000));
        assertFalse(upstream.failed(now, 3, 1000));
        assertTrue(upstream.available(now));
        assertTrue(upstream.failed(now, 3, 1000));
        assertFalse(upstream.available(now + 999));
        assertTrue(upstream.available(now + 1000));
        Upstream never = upstreams(1).get(0);
        for (int i = 0; i < 100; i++) {
            assertFalse(never.failed(now, 0, 1000));
        }
        assertTrue(never.available(now));
    }

    @Test
    void activeChecksNeedFailuresAndSuccessesInARow() {
        Upstream upstream = upstreams(1).get(0);
        assertFalse(upstream.checked(false, 2, 2));
        assertFalse(upstream.checked(true, 2, 2));
        assertFalse(upstream.checked(false, 2, 2));
        assertTrue(upstream.checked(false, 2, 2));
        assertFalse(upstream.available(clock.get()));
        assertFalse(upstream.checked(true, 2, 2));
        assertFalse(upstream.checked(false, 2, 2));
        assertFalse(upstream.checked(true, 2, 2));
        assertTrue(upstream.checked(true, 2, 2));
        assertTrue(upstream.available(clock.get()));
    }

    @Test
    void leastRequestsPrefersTheLeastBusyRelativeToWeight() {
        List<Upstream> list = upstreams(1, 1, 2);
        Balancer balancer = balancer(Balance.LEAST_REQUESTS, list);
        list.get(0).inFlight.set(3);
        list.get(1).inFlight.set(1);
        list.get(2).inFlight.set(4);
        assertSame(list.get(1), balancer.pick(null, Set.of()));
        list.get(1).inFlight.set(3);
        assertSame(list.get(2), balancer.pick(null, Set.of()), "4 / 2 is less than 3 / 1");
        for (Upstream u : list) {
            u.inFlight.set(0);
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            seen.add(balancer.pick(null, Set.of()).index);
        }
        assertEquals(Set.of(0, 1, 2), seen, "ties go in turn");
    }

    @Test
    void randomFollowsTheWeights() {
        Balancer balancer = balancer(Balance.RANDOM, upstreams(1, 0 + 9));
        int first = 0;
        for (int i = 0; i < 10_000; i++) {
            if (balancer.pick(null, Set.of()).index == 0) {
                first++;
            }
        }
        // expected 1000; the bound is more than ten standard deviations wide, so it cannot fail by chance
        assertTrue(first > 700 && first < 1300, "picked the light one " + first + " times");
    }

    @Test
    void ipHashIsStickyAndMovesOnlyTheClientsOfAMissingUpstream() throws Exception {
        List<Upstream> list = upstreams(1, 1, 1, 1);
        Balancer balancer = balancer(Balance.IP_HASH, list);
        Map<Integer, Integer> before = new HashMap<>();
        int[] counts = new int[4];
        for (int c = 0; c < 400; c++) {
            int index = balancer.pick(client(c), Set.of()).index;
            before.put(c, index);
            counts[index]++;
            assertEquals(index, balancer.pick(client(c), Set.of()).index, "same client, same upstream");
            InetSocketAddress otherPort = new InetSocketAddress(client(c).getAddress(), 7);
            assertEquals(index, balancer.pick(otherPort, Set.of()).index, "the port does not matter");
        }
        for (int count : counts) {
            assertTrue(count > 50, "every upstream gets clients: " + java.util.Arrays.toString(counts));
        }
        Upstream gone = list.get(2);
        gone.checked(false, 1, 1);
        for (int c = 0; c < 400; c++) {
            int index = balancer.pick(client(c), Set.of()).index;
            if (before.get(c) != 2) {
                assertEquals(before.get(c), index, "a client of a healthy upstream stays");
            } else {
                assertFalse(index == 2);
            }
        }
    }
}
