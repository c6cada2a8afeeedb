package motor.ext.cookies.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import motor.ext.cookies.SessionData;
import org.junit.jupiter.api.Test;

/** The in-memory store on its own: bounds, least-recently-used eviction, expiry and sweeping. */
class MemorySessionStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration MAX_AGE = Duration.ofHours(12);

    private static SessionData session(String id, Instant at) {
        return new SessionData(id, at);
    }

    @Test
    void findsWhatItHolds() {
        MemorySessionStore store = new MemorySessionStore(10, IDLE, MAX_AGE);
        SessionData a = session("a", T0);
        store.add(a, T0);
        assertSame(a, store.find("a", T0), "the live object: values are shared by concurrent requests");
        assertNull(store.find("b", T0));
        store.remove("a");
        assertNull(store.find("a", T0));
        store.remove("unknown");
    }

    @Test
    void fullStoreDropsTheLeastRecentlyUsed() {
        MemorySessionStore store = new MemorySessionStore(3, IDLE, MAX_AGE);
        store.add(session("a", T0), T0);
        store.add(session("b", T0), T0);
        store.add(session("c", T0), T0);
        store.find("a", T0); // a is now the most recently used; b the least
        store.add(session("d", T0), T0);
        assertEquals(3, store.size());
        assertNull(store.find("b", T0));
        assertNotNull(store.find("a", T0));
        assertNotNull(store.find("c", T0));
        assertNotNull(store.find("d", T0));
        assertEquals(1, store.evicted());
        for (int i = 0; i < 100; i++) {
            store.add(session("x" + i, T0), T0);
        }
        assertEquals(3, store.size());
        assertEquals(101, store.evicted());
    }

    @Test
    void expiredSessionsGoFirstWhenFull() {
        MemorySessionStore store = new MemorySessionStore(2, IDLE, MAX_AGE);
        store.add(session("old", T0), T0);
        Instant later = T0.plus(Duration.ofMinutes(20));
        store.add(session("recent", later), later);
        Instant now = T0.plus(Duration.ofMinutes(40)); // old is idle-expired, recent is not
        store.add(session("new", now), now);
        assertNull(store.find("old", now));
        assertNotNull(store.find("recent", now));
        assertEquals(0, store.evicted(), "nothing live was dropped");
    }

    @Test
    void expiredSessionsAreNotFound() {
        MemorySessionStore store = new MemorySessionStore(10, IDLE, MAX_AGE);
        SessionData a = session("a", T0);
        store.add(a, T0);
        assertNotNull(store.find("a", T0.plus(IDLE).minusSeconds(1)));
        assertNull(store.find("a", T0.plus(IDLE)));

        SessionData b = session("b", T0);
        store.add(b, T0);
        b.touch(T0.plus(MAX_AGE).minusSeconds(1));
        assertNull(store.find("b", T0.plus(MAX_AGE)), "touched, but at its absolute end");
    }

    @Test
    void aDueSweepClearsExpiredSessionsOnAnyCall() {
        MemorySessionStore store = new MemorySessionStore(100, Duration.ofSeconds(10), MAX_AGE);
        store.add(session("a", T0), T0);
        store.add(session("b", T0), T0);
        Instant t = T0.plusSeconds(11);
        store.find("none", t); // due: the sweep interval is the idle timeout here, 10 s
        assertEquals(0, store.size());
    }

    @Test
    void touchNeverGoesBackAndTheIdStaysOutOfLogs() {
        SessionData a = session("secret-id-42", T0);
        a.touch(T0.plusSeconds(5));
        a.touch(T0.plusSeconds(1));
        assertEquals(T0.plusSeconds(5), a.lastAccessed());
        assertFalse(a.toString().contains("secret-id"), a.toString());
    }

    @Test
    void needsRoomForOne() {
        assertThrows(IllegalArgumentException.class, () -> new MemorySessionStore(0, IDLE, MAX_AGE));
    }
}
