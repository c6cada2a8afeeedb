package motor.ext.cookies.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.locks.ReentrantLock;
import motor.ext.cookies.SessionData;
import motor.ext.cookies.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link SessionStore}: sessions in memory, at most {@code maxSessions} of them.
 *
 * <p>One map in access order under one lock: lookups are a hash probe, and the least recently used
 * session comes first, which is the one to drop when the store is full and the first to expire idle.
 * Expired sessions are swept inline, by the request that finds the sweep due (every minute, or every
 * idle timeout when that is shorter), so that the store needs no thread of its own (a thread would keep
 * a plugin's layer alive after it is unloaded). The lock is never held around I/O.
 *
 * <p>When the store is full after a sweep, the least recently used session is dropped to make room: an
 * attacker creating sessions in bulk can push out idle ones, but cannot exhaust memory or lock out new
 * visitors. A warning says so at most once an hour.
 */
public final class MemorySessionStore implements SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(MemorySessionStore.class);
    private static final Duration MAX_SWEEP_INTERVAL = Duration.ofMinutes(1);
    private static final Duration WARNING_INTERVAL = Duration.ofHours(1);

    private final int maxSessions;
    private final Duration idleTimeout;
    private final Duration maxAge;
    private final Duration sweepInterval;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, SessionData> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private Instant nextSweep = Instant.MIN;
    private Instant nextWarning = Instant.MIN;
    private long evicted;

    /**
     * Creates an empty store.
     *
     * @param maxSessions the most sessions kept, 1 or more
     * @param idleTimeout how long an unused session lives
     * @param maxAge      how long a session lives at most, used or not
     */
    public MemorySessionStore(int maxSessions, Duration idleTimeout, Duration maxAge) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1");
        }
        this.maxSessions = maxSessions;
        this.idleTimeout = idleTimeout;
        this.maxAge = maxAge;
        this.sweepInterval = idleTimeout.compareTo(MAX_SWEEP_INTERVAL) < 0 ? idleTimeout : MAX_SWEEP_INTERVAL;
    }

    @Override
    public SessionData find(String id, Instant now) {
        lock.lock();
        try {
            sweepIfDue(now);
            SessionData session = sessions.get(id);
            if (session != null && expired(session, now)) {
                sessions.remove(id);
                return null;
            }
            return session;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void add(SessionData session, Instant now) {
        lock.lock();
        try {
            sweepIfDue(now);
            if (sessions.size() >= maxSessions && !sessions.containsKey(session.id())) {
                sweep(now);
                Iterator<SessionData> oldest = sessions.values().iterator();
                while (sessions.size() >= maxSessions) {
                    oldest.next();
                    oldest.remove();
                    evicted++;
                    if (!now.isBefore(nextWarning)) {
                        nextWarning = now.plus(WARNING_INTERVAL);
                        LOG.warn("cookies: {} sessions in memory, the most allowed (cookies.session.maxSessions): "
                                + "dropping the least recently used; {} dropped so far", maxSessions, evicted);
                    }
                }
            }
            sessions.put(session.id(), session);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void remove(String id) {
        lock.lock();
        try {
            sessions.remove(id);
        } finally {
            lock.unlock();
        }
    }

    /** {@return how many sessions the store holds, expired ones not yet swept included} */
    public int size() {
        lock.lock();
        try {
            return sessions.size();
        } finally {
            lock.unlock();
        }
    }

    /** {@return how many sessions were dropped to make room} */
    public long evicted() {
        lock.lock();
        try {
            return evicted;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a session is past its idle or its absolute timeout at {@code now}. */
    boolean expired(SessionData session, Instant now) {
        return !now.isBefore(session.lastAccessed().plus(idleTimeout)) || !now.isBefore(session.created().plus(maxAge));
    }

    private void sweepIfDue(Instant now) {
        if (!now.isBefore(nextSweep)) {
            sweep(now);
        }
    }

    /** Drops every expired session; the caller holds the lock. */
    private void sweep(Instant now) {
        nextSweep = now.plus(sweepInterval);
        sessions.values().removeIf(session -> expired(session, now));
    }
}
